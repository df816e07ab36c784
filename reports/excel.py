"""The annual report's (and the national summary's) figures as an Excel workbook (openpyxl): one
sheet per table, built from the same frozen snapshot as the PDF. Numbers are real numbers (Excel
formats them), dates real dates."""

import datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ocop_portal.core.spreadsheet import make_text_cells_safe

from .document import ILLUSTRATIVE, illustrative, report_title
from .formatting import group_label
from .national_document import national_title

MONEY_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _sheet(workbook, title: str, headers: list[str], rows: list[list], widths: list[int] | None = None):
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, int) and cell.value >= 10_000:
                cell.number_format = MONEY_FORMAT
    sheet.freeze_panes = "A2"
    return sheet


def _label_if_illustrative(sheet, figures: dict, part: str) -> None:
    """A last row "(số liệu minh họa)" under a table computed from illustrative rows."""
    if illustrative(figures, part):
        sheet.append([ILLUSTRATIVE])


def build_workbook(snapshot: dict) -> bytes:
    figures = snapshot["figures"]
    year = figures["year"]
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    target, recognised, in_force = figures["target"], figures["recognised"], figures["in_force"]
    summary.append([report_title(year)])
    summary["A1"].font = Font(bold=True)
    summary.append([figures["province"]["name"], f"Phiên bản {snapshot.get('version', '')}"])
    for label, value in [
        ("Sản phẩm đăng ký tham gia", figures["registered_products"]),
        ("Sản phẩm các huyện đề xuất đánh giá", figures["proposed"]["total"]),
        ("Số đợt đánh giá", len(figures["rounds"])),
        ("Sản phẩm được công nhận từ 3 sao", recognised["total"]),
        ("trong đó 5 sao", recognised["by_stars"]["5"]),
        ("trong đó 4 sao", recognised["by_stars"]["4"]),
        ("trong đó 3 sao", recognised["by_stars"]["3"]),
        ("Sản phẩm tiềm năng 5 sao (đề nghị trung ương)", recognised["potential_five"]),
        ("Kế hoạch năm (sản phẩm)", target["products"]),
        ("Kế hoạch năm: cận trên của khoảng (sản phẩm)", target.get("products_max")),
        ("Tỷ lệ so với kế hoạch (%)", target["percent_of_plan"]),
        ("Vượt (+) / thiếu (−) so với kế hoạch", target["above_plan"]),
        ("Sản phẩm OCOP còn hiệu lực cuối năm", in_force["total"]),
        ("trong đó 5 sao", in_force["by_stars"]["5"]),
        ("trong đó 4 sao", in_force["by_stars"]["4"]),
        ("trong đó 3 sao", in_force["by_stars"]["3"]),
        ("Giấy chứng nhận hết hiệu lực trong năm", figures["certificates"]["expired"]),
        ("Giấy chứng nhận bị thu hồi trong năm", figures["certificates"]["revoked_total"]),
        ("Giấy chứng nhận hết hạn năm sau", in_force["expiring_next_year"]),
        ("Tổng kinh phí hỗ trợ (đồng)", figures["support"]["total_amount"]),
        ("Thứ hạng cả nước về số sản phẩm OCOP", (figures.get("standing") or {}).get("national_rank")),
        ("Thứ hạng trong vùng", (figures.get("standing") or {}).get("regional_rank")),
        (
            f"Dự kiến nhu cầu kinh phí năm {year + 1} (đồng)",
            figures["next_year"].get("budget_need"),
        ),
    ]:
        summary.append([label, value])
    if illustrative(figures, "certificate_changes"):
        for row in summary.iter_rows(min_row=3, max_col=3):
            if isinstance(row[0].value, str) and row[0].value.startswith("Giấy chứng nhận"):
                row[2].value = ILLUSTRATIVE
    summary.column_dimensions["A"].width = 48
    summary.column_dimensions["B"].width = 18
    for row in summary.iter_rows(min_row=3, min_col=2, max_col=2):
        row[0].number_format = MONEY_FORMAT

    _sheet(
        workbook,
        "Đề xuất theo huyện",
        ["Huyện, thành phố", "Số sản phẩm đề xuất"],
        [[r["name"], r["count"]] for r in figures["proposed"]["by_district"]],
        [28, 20],
    )
    _sheet(
        workbook,
        "Đề xuất theo nhóm",
        ["Nhóm sản phẩm", "Số sản phẩm đề xuất"],
        [[group_label(r["name"]), r["count"]] for r in figures["proposed"]["by_group"]],
        [36, 20],
    )
    sheet = _sheet(
        workbook,
        "Đợt đánh giá",
        ["Đợt", "Tên đợt", "Ngày", "Số hồ sơ"],
        [[r["number"], r["title"], _date(r["date"]), r["dossiers"]] for r in figures["rounds"]],
        [8, 28, 14, 12],
    )
    _label_if_illustrative(sheet, figures, "round_dates")
    sheet = _sheet(
        workbook,
        "Công nhận theo huyện",
        ["Huyện, thành phố", "5 sao", "4 sao", "3 sao", "Tổng"],
        [[r["name"], r["stars"]["5"], r["stars"]["4"], r["stars"]["3"], r["total"]] for r in recognised["by_district"]],
        [28, 10, 10, 10, 10],
    )
    _label_if_illustrative(sheet, figures, "recognised_by_district")
    sheet = _sheet(
        workbook,
        "Công nhận theo loại chủ thể",
        ["Loại chủ thể", "Số chủ thể", "Số sản phẩm"],
        [[r["label"], r["producers"], r["products"]] for r in recognised.get("by_producer_kind", [])],
        [28, 12, 12],
    )
    _label_if_illustrative(sheet, figures, "recognised_by_producer_kind")
    _sheet(
        workbook,
        "Nâng hạng",
        ["Từ (sao)", "Lên (sao)", "Số sản phẩm"],
        [[r["from"], r["to"], r["count"]] for r in figures["upgrades"]],
        [12, 12, 14],
    )
    sheet = _sheet(
        workbook,
        "Lũy kế theo huyện",
        ["Huyện, thành phố", "5 sao", "4 sao", "3 sao", "Tổng"],
        [[r["name"], r["stars"]["5"], r["stars"]["4"], r["stars"]["3"], r["total"]] for r in in_force["by_district"]],
        [28, 10, 10, 10, 10],
    )
    _label_if_illustrative(sheet, figures, "in_force_by_district")
    _sheet(
        workbook,
        "Thu hồi theo căn cứ",
        ["Căn cứ thu hồi", "Số giấy chứng nhận"],
        [[r["label"], r["count"]] for r in figures["certificates"]["revoked"]],
        [60, 20],
    )
    support = figures["support"]
    _sheet(
        workbook,
        "Hỗ trợ theo nội dung",
        ["Nội dung hỗ trợ", "Số lượng", "Đơn vị tính", "Kinh phí (đồng)"],
        [[r["label"], r["units"], r["unit"], r["amount"]] for r in support["categories"]],
        [36, 12, 14, 18],
    )
    # Support a report states only in totals (no grant behind it): as stated, unknown amounts blank.
    _sheet(
        workbook,
        "Hỗ trợ theo số liệu báo cáo",
        [
            "Quyết định",
            "Ngày QĐ",
            "Nội dung hỗ trợ",
            "Số lượng",
            "Đơn vị tính",
            "Kinh phí (đồng)",
            "Tổng theo QĐ (đồng)",
        ],
        [
            [
                row["decision"],
                _date(row["date"]),
                line["label"],
                line["units"],
                line["unit"],
                line["amount"],
                row["amount"],
            ]
            for row in support.get("stated", [])
            for line in row["lines"]
        ],
        [18, 13, 36, 10, 14, 18, 20],
    )
    _sheet(
        workbook,
        "Hỗ trợ theo nguồn vốn",
        ["Nguồn vốn", "Nhà nước hỗ trợ (đồng)", "Vốn đối ứng (đồng)"],
        [[r["label"], r["amount"], r["counterpart"]] for r in support["sources"]],
        [60, 22, 22],
    )
    annex = figures["annex"]
    # A merged province's products go by their commune today, with the former province and
    # district of the dossier (as the PDF's annex 1).
    merged = bool(figures.get("merged_from"))
    places = ["Xã", "Tỉnh cũ", "Huyện cũ"] if merged else ["Huyện"]
    _sheet(
        workbook,
        "PL1 Sản phẩm công nhận",
        [
            "Sản phẩm",
            "Chủ thể",
            *places,
            "Nhóm",
            "Hạng sao",
            "Số GCN",
            "Hiệu lực đến",
            "Quyết định",
            "Ngày QĐ",
            "Ghi chú",
        ],
        [
            [
                r["product"],
                r["producer"],
                *([r["commune"], r["former_province"], r["district"]] if merged else [r["district"]]),
                r["group"],
                r["stars"],
                r["certificate"],
                _date(r["valid_until"]),
                r["decision"],
                _date(r["decision_date"]),
                ILLUSTRATIVE if r.get("illustrative") else "",
            ]
            for r in annex["recognised_products"]
        ],
        [30, 34, *([22, 18, 16] if merged else [16]), 24, 9, 18, 13, 16, 13, 20],
    )
    _sheet(
        workbook,
        "PL2 GCN thu hồi",
        ["Số GCN", "Sản phẩm", "Chủ thể", places[-1], "Hạng sao", "Căn cứ", "Quyết định", "Ngày"],
        [
            [
                r["certificate"],
                r["product"],
                r["producer"],
                r["district"],
                r["stars"],
                r["ground"],
                r["decision"],
                _date(r["date"]),
            ]
            for r in annex["revoked_certificates"]
        ],
        [18, 30, 34, 16, 9, 40, 16, 13],
    )
    _sheet(
        workbook,
        "PL3 Khoản hỗ trợ",
        [
            "Chủ thể",
            "Sản phẩm",
            places[-1],
            "Nội dung",
            "Nguồn vốn",
            "Số lượng",
            "Kinh phí (đồng)",
            "Quyết định",
            "Ngày QĐ",
        ],
        [
            [
                r["producer"],
                r["product"],
                r["district"],
                r["category"],
                r["source"],
                r["units"],
                r["amount"],
                r["decision"],
                _date(r["decision_date"]),
            ]
            for r in annex["support_grants"]
        ],
        [34, 30, 16, 26, 40, 10, 16, 16, 13],
    )
    buffer = BytesIO()
    make_text_cells_safe(workbook)
    workbook.save(buffer)
    return buffer.getvalue()


NATIONAL_COLUMNS = [
    ("Tỉnh, thành phố", "name", 26),
    ("Chủ thể (tại ngày lập)", "producers", 12),
    ("Sản phẩm (tại ngày lập)", "products", 12),
    ("Sản phẩm đăng ký", "registered_products", 12),
    ("Hồ sơ đăng ký", "registered_dossiers", 12),
    ("Sản phẩm được đánh giá", "evaluated", 12),
    ("Công nhận từ 3 sao", "recognised", 12),
    ("Công nhận 5 sao", ("recognised_by_stars", "5"), 10),
    ("Công nhận 4 sao", ("recognised_by_stars", "4"), 10),
    ("Công nhận 3 sao", ("recognised_by_stars", "3"), 10),
    ("Còn hiệu lực cuối năm", "in_force", 12),
    ("Còn hiệu lực 5 sao", ("in_force_by_stars", "5"), 10),
    ("Còn hiệu lực 4 sao", ("in_force_by_stars", "4"), 10),
    ("Còn hiệu lực 3 sao", ("in_force_by_stars", "3"), 10),
    ("GCN cấp mới", "certificates_issued", 10),
    ("GCN hết hiệu lực", "certificates_expired", 10),
    ("GCN thu hồi", "certificates_revoked", 10),
    ("Kinh phí được phân bổ (đồng)", "budget_allocated", 18),
    ("Kinh phí đã phê duyệt (đồng)", "budget_approved", 18),
    ("Kinh phí đã giải ngân (đồng)", "budget_disbursed", 18),
]


def _national_cell(row: dict, key):
    if isinstance(key, tuple):
        return row[key[0]][key[1]]
    return row.get(key, "Toàn quốc") if key == "name" else row[key]


def build_national_workbook(snapshot: dict) -> bytes:
    """One sheet: a row per province (the PDF's tables side by side) and the national totals."""
    figures = snapshot["figures"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = _sheet(
        workbook,
        "Theo tỉnh",
        [label for label, _key, _width in NATIONAL_COLUMNS],
        [[_national_cell(row, key) for _label, key, _width in NATIONAL_COLUMNS] for row in figures["provinces"]],
        [width for _label, _key, width in NATIONAL_COLUMNS],
    )
    sheet.append([_national_cell(figures["totals"], key) for _label, key, _width in NATIONAL_COLUMNS])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        if isinstance(cell.value, int) and cell.value >= 10_000:
            cell.number_format = MONEY_FORMAT
    sheet.insert_rows(1)
    sheet["A1"] = f"{national_title(figures['year'])} (phiên bản {snapshot.get('version') or ''})"
    sheet["A1"].font = Font(bold=True)
    sheet.freeze_panes = "B3"
    buffer = BytesIO()
    make_text_cells_safe(workbook)
    workbook.save(buffer)
    return buffer.getvalue()
