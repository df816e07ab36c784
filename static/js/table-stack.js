// Tables marked .table-stack become one card per row on a phone (portal.css): each cell is
// labelled with its column's header here, so the templates need no per-cell label (issue 19.6).
(function () {
  function label(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("table.table-stack").forEach(function (table) {
      if (!table.tHead || !table.tHead.rows.length) { return; }
      var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
        return cell.textContent.trim();
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          if (row.cells.length === 1) { return; }  // "nothing yet" rows span every column
          Array.prototype.forEach.call(row.cells, function (cell, index) {
            if (!cell.hasAttribute("data-label") && heads[index]) { cell.setAttribute("data-label", heads[index]); }
          });
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:afterSwap", function (event) { label(event.target); });
}());
