"""The register file (.xlsx/.csv): its documented columns, reading it, and the template.

Nothing here touches the database: `read_table` turns the file into rows or raises a
ValidationError (code "bad_file") naming what is wrong with it. The layout is documented in
products/IMPORT.md.
"""

import codecs
import csv
import datetime
import io
import warnings
import zipfile
from decimal import Decimal

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.exceptions import InvalidFileException

from ocop_portal.core.files import ArchiveTooLarge, check_xlsx_expanded_size

COLUMNS = (
    "ma_huyen",
    "ma_xa",
    "ten_chu_the",
    "loai_hinh",
    "so_dkkd",
    "ma_so_thue",
    "nguoi_dai_dien",
    "dien_thoai",
    "email",
    "dia_chi",
    "ten_san_pham",
    "ma_bo_san_pham",
    "mo_ta",
)
# The district only for a commune of the map before 01/07/2025 (the commune's code says it anyway).
REQUIRED_COLUMNS = ("ma_xa", "ten_chu_the", "loai_hinh", "so_dkkd", "nguoi_dai_dien", "dia_chi")
COLUMN_HELP = {
    "ma_huyen": gettext_lazy(
        "Mã huyện (mã đơn vị hành chính của Tổng cục Thống kê, 3 chữ số): chỉ với xã thuộc huyện "
        "(bản đồ trước 01/07/2025); để trống với xã, phường trực thuộc tỉnh"
    ),
    "ma_xa": gettext_lazy("Mã xã (5 chữ số): xã, phường trực thuộc tỉnh, hoặc xã thuộc huyện ở cột ma_huyen"),
    "ten_chu_the": gettext_lazy("Tên chủ thể"),
    "loai_hinh": gettext_lazy("Loại hình: HTX, DN, THT hoặc HKD (hoặc tên đầy đủ)"),
    "so_dkkd": gettext_lazy("Số đăng ký kinh doanh — khoá nhận diện chủ thể trong tỉnh"),
    "ma_so_thue": gettext_lazy("Mã số thuế"),
    "nguoi_dai_dien": gettext_lazy("Người đại diện"),
    "dien_thoai": gettext_lazy("Điện thoại (định dạng ô là văn bản để giữ số 0 đầu)"),
    "email": gettext_lazy("Thư điện tử"),
    "dia_chi": gettext_lazy("Địa chỉ"),
    "ten_san_pham": gettext_lazy("Tên sản phẩm (để trống nếu dòng chỉ khai chủ thể)"),
    "ma_bo_san_pham": gettext_lazy("Mã bộ sản phẩm theo QĐ 148 (01–26); bắt buộc khi có tên sản phẩm"),
    "mo_ta": gettext_lazy("Mô tả sản phẩm"),
}
EXAMPLE_ROW = (
    "215",
    "07243",
    "HTX Gà đồi Yên Thế",
    "HTX",
    "2401000101",
    "2400567890",
    "Nguyễn Văn Tiến",
    "0204 3871 234",
    "gadoiyenthe@example.vn",
    "Thôn Đồng Vương, xã Đồng Tiến",
    "Gà đồi Yên Thế",
    "02",
    "Gà thả đồi, nuôi trên 120 ngày",
)
MAX_DATA_ROWS = 20_000


def _file_error(message: str) -> ValidationError:
    return ValidationError(message, code="bad_file")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float | Decimal) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


# A real provincial register of a few thousand rows expands to a few MB.
MAX_EXPANDED_XLSX_BYTES = 50 * 1024 * 1024


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        check_xlsx_expanded_size(content, limit=MAX_EXPANDED_XLSX_BYTES)
    except ArchiveTooLarge:
        raise _file_error(_("Tệp Excel giải nén quá lớn (trên 50 MB): hãy chỉ giữ trang danh sách.")) from None
    try:
        with warnings.catch_warnings():
            # Files saved by other tools often lack a default style; openpyxl only warns about it.
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                rows = []
                for values in sheet.iter_rows(values_only=True):
                    rows.append([_cell_text(value) for value in values])
                    if len(rows) > MAX_DATA_ROWS + 1:
                        break
            finally:
                workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, OSError, ValueError, TypeError):
        raise _file_error(
            _("Không đọc được tệp Excel. Hãy lưu tệp ở định dạng Excel Workbook (.xlsx) rồi tải lên lại.")
        ) from None
    return rows


def _csv_rows(content: bytes) -> list[list[str]]:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in content[:4096]:
        raise _file_error(
            _(
                "Tệp CSV đang ở mã UTF-16. Hãy lưu lại với mã hoá UTF-8 "
                "(trong Excel: Lưu thành → “CSV UTF-8 (Comma delimited)”)."
            )
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _file_error(
            _(
                "Tệp CSV không ở mã hoá UTF-8 (byte không hợp lệ ở vị trí %(position)s); có thể tệp được lưu "
                "bằng Windows-1258 hoặc TCVN3. Hãy lưu lại với mã hoá UTF-8 "
                "(trong Excel: Lưu thành → “CSV UTF-8 (Comma delimited)”)."
            )
            % {"position": error.start + 1}
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        rows = []
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([value.strip() for value in values])
            if len(rows) > MAX_DATA_ROWS + 1:
                break
    except csv.Error as error:
        raise _file_error(_("Tệp CSV sai cấu trúc: %(error)s") % {"error": error}) from None
    return rows


def read_table(content: bytes, file_name: str) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (row number in the file, {column: text}); the header is row 1.

    Raises ValidationError (code "bad_file") for an empty or unreadable file, a wrong encoding,
    missing or unknown columns, or no data rows.
    """
    if not content:
        raise _file_error(_("Tệp trống, không có dữ liệu."))
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix == "xlsx":
        rows = _xlsx_rows(content)
    elif suffix == "csv":
        rows = _csv_rows(content)
    else:
        raise _file_error(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise _file_error(_("Tệp trống, không có dữ liệu."))
    header = [value.strip().lower() for value in rows[0]]
    while header and not header[-1]:
        header.pop()
    missing = [column for column in COLUMNS if column not in header]
    unknown = [column or _("(cột không có tên)") for column in header if column not in COLUMNS]
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    if missing or unknown or repeated:
        problems = []
        if missing:
            problems.append(_("thiếu cột %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(_("có cột không thuộc mẫu %(columns)s") % {"columns": ", ".join(unknown)})
        if repeated:
            problems.append(_("có cột lặp lại %(columns)s") % {"columns": ", ".join(repeated)})
        raise _file_error(
            _("Dòng tiêu đề không đúng mẫu: %(problems)s. Hãy dùng tệp mẫu tải về từ trang này.")
            % {"problems": "; ".join(problems)}
        )
    if len(rows) > MAX_DATA_ROWS + 1:
        raise _file_error(_("Tệp có quá %(limit)s dòng dữ liệu; hãy chia nhỏ tệp.") % {"limit": MAX_DATA_ROWS})
    data = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(values):
            continue
        padded = values + [""] * (len(header) - len(values))
        data.append((number, dict(zip(header, padded, strict=False))))
    if not data:
        raise _file_error(_("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào."))
    return data


def template_workbook() -> bytes:
    """The downloadable template: the header row and one example row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "dang_ky_ocop"
    sheet.append(list(COLUMNS))
    sheet.append(list(EXAMPLE_ROW))
    for cells in sheet.iter_cols(min_row=2, max_row=2):
        for cell in cells:
            cell.number_format = "@"
    help_sheet = workbook.create_sheet("huong_dan")
    help_sheet.append([_("Cột"), _("Ý nghĩa"), _("Bắt buộc")])
    for column in COLUMNS:
        help_sheet.append([column, str(COLUMN_HELP[column]), _("có") if column in REQUIRED_COLUMNS else ""])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
