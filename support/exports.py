"""The grants list as an Excel workbook (openpyxl)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ocop_portal.core.spreadsheet import make_text_cells_safe

MONEY_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"


def grants_workbook(grants) -> bytes:
    """One row per grant; money as whole-đồng numbers, dates as dates, so the sheet sums."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Khoản hỗ trợ")[:31]
    headers = [
        _("Năm"),
        _("Nguồn vốn"),
        _("Nội dung hỗ trợ"),
        _("Huyện"),
        _("Chủ thể"),
        _("Sản phẩm"),
        _("Nội dung"),
        _("Số lượng"),
        _("Kinh phí hỗ trợ (đồng)"),
        _("Đã chi (đồng)"),
        _("Vốn đối ứng (đồng)"),
        _("Tổng kinh phí dự án (đồng)"),
        _("Số quyết định"),
        _("Ngày quyết định"),
        _("Trạng thái"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for grant in grants:
        line = grant.budget_line
        sheet.append(
            [
                line.year,
                line.get_funding_source_display(),
                line.get_category_display(),
                str(grant.producer.district) if grant.producer.district else "",
                grant.producer.name,
                grant.product.name if grant.product else "",
                grant.description,
                grant.units,
                grant.amount,
                grant.paid,
                grant.counterpart_amount,
                grant.total_project_cost,
                grant.decision_number,
                grant.decision_date,
                grant.get_state_display(),
            ]
        )
        row = sheet.max_row
        for column in (9, 10, 11, 12):
            sheet.cell(row=row, column=column).number_format = MONEY_FORMAT
        sheet.cell(row=row, column=14).number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    make_text_cells_safe(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
