"""The downloadable .xlsx template: the header row of the sheet layout and a sheet of column help."""

import io

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from .parser import COLUMN_HELP, COLUMNS, REQUIRED_COLUMNS


def template_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "phieu"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(_("Hướng dẫn"))
    help_sheet.append([_("Cột"), _("Bắt buộc"), _("Nội dung")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column, _("có") if column in REQUIRED_COLUMNS else "", str(COLUMN_HELP[column])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
