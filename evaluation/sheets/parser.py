"""Reading a score sheet in the column layout of data/ocop-criteria/sheet-*.csv.

One row per answer option; part, group and criterion fields repeat on each of their rows (see
data/ocop-criteria/README.md, "Columns of the sheet-*.csv files"). The same code reads the shipped
files and the spreadsheets province staff upload, so both follow one set of rules.

Nothing here writes. `read_table` turns a .csv/.xlsx into numbered rows; `parse_rows` builds a
ParsedSheet or raises SheetFileError carrying every row-level error found (row, column, message).
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.exceptions import InvalidFileException

from ocop_portal.core.files import ArchiveTooLarge, check_xlsx_expanded_size

COLUMNS = (
    "part",
    "part_max",
    "group_no",
    "group_name_vi",
    "group_max",
    "criterion_code",
    "criterion_name_vi",
    "criterion_max",
    "criterion_mandatory_min_star",
    "case_code",
    "case_name_vi",
    "option_no",
    "option_text_vi",
    "option_points",
    "mandatory_min_star",
    "evidence_vi",
    "note_vi",
)
REQUIRED_COLUMNS = (
    "part",
    "part_max",
    "group_no",
    "group_name_vi",
    "criterion_code",
    "criterion_name_vi",
    "criterion_max",
    "option_no",
    "option_text_vi",
    "option_points",
)
COLUMN_HELP = {
    "part": gettext_lazy("Phần của phiếu: A, B hoặc C"),
    "part_max": gettext_lazy("Điểm tối đa của phần (lặp lại trên mỗi dòng của phần)"),
    "group_no": gettext_lazy("Số thứ tự nhóm tiêu chí (số nguyên)"),
    "group_name_vi": gettext_lazy("Tên nhóm tiêu chí"),
    "group_max": gettext_lazy("Điểm nhóm in trên phiếu (để trống nếu phiếu không in)"),
    "criterion_code": gettext_lazy("Mã tiêu chí: 1.1, 6.1.1 hoặc số nhóm khi nhóm chấm trực tiếp"),
    "criterion_name_vi": gettext_lazy("Tên tiêu chí"),
    "criterion_max": gettext_lazy("Điểm tối đa của tiêu chí (trường hợp tốt nhất, không cộng các trường hợp)"),
    "criterion_mandatory_min_star": gettext_lazy("Dấu sao in trên tên tiêu chí: 3, 4, 5 hoặc ***, ****, *****"),
    "case_code": gettext_lazy("Mã trường hợp (a, b…) khi chỉ chấm một trong các trường hợp"),
    "case_name_vi": gettext_lazy("Tên trường hợp"),
    "option_no": gettext_lazy("Số thứ tự phương án trong tiêu chí"),
    "option_text_vi": gettext_lazy("Nội dung phương án (bỏ dấu □ và dấu sao ở cuối)"),
    "option_points": gettext_lazy("Điểm của phương án"),
    "mandatory_min_star": gettext_lazy("Mức tối thiểu cho hạng sao: 3, 4, 5 hoặc ***, ****, *****"),
    "evidence_vi": gettext_lazy("Minh chứng cần có"),
    "note_vi": gettext_lazy("Ghi chú"),
}

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_REPORTED_ERRORS = 200
MAX_POINTS = Decimal("999.99")
CODE_PATTERN = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")
PART_PATTERN = re.compile(r"^[A-Z]{1,2}$")
STAR_VALUES = {"3": 3, "4": 4, "5": 5, "***": 3, "****": 4, "*****": 5}
LENGTHS = {"group_name_vi": 255, "criterion_name_vi": 500, "case_code": 10, "case_name_vi": 500}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class SheetFileError(ValidationError):
    """The file cannot become a sheet. `row_errors` lists every problem found, row by row."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__(
            [
                _("Dòng %(row)s, cột %(column)s: %(message)s")
                % {"row": error.row, "column": error.column or "—", "message": error.message}
                for error in row_errors
            ]
        )


@dataclass
class ParsedOption:
    number: int
    text: str
    points: Decimal
    min_star: int | None
    case_code: str = ""


@dataclass
class ParsedCase:
    code: str
    name: str
    options: list[ParsedOption] = field(default_factory=list)

    @property
    def max_points(self) -> Decimal:
        return max((option.points for option in self.options), default=Decimal(0))


@dataclass
class ParsedCriterion:
    code: str
    name: str
    max_points: Decimal
    mandatory_min_star: int | None
    evidence: str = ""
    note: str = ""
    cases: list[ParsedCase] = field(default_factory=list)
    options: list[ParsedOption] = field(default_factory=list)

    @property
    def best_option_points(self) -> Decimal | None:
        """The most a member can give: the best option (with cases, the best case)."""
        return max((option.points for option in self.options), default=None)


@dataclass
class ParsedGroup:
    number: int
    name: str
    max_points: Decimal | None
    criteria: list[ParsedCriterion] = field(default_factory=list)


@dataclass
class ParsedPart:
    code: str
    max_points: Decimal
    groups: list[ParsedGroup] = field(default_factory=list)

    @property
    def criteria(self) -> list[ParsedCriterion]:
        return [criterion for group in self.groups for criterion in group.criteria]


@dataclass
class ParsedSheet:
    parts: list[ParsedPart]

    @property
    def criteria(self) -> list[ParsedCriterion]:
        return [criterion for part in self.parts for criterion in part.criteria]

    @property
    def option_count(self) -> int:
        return sum(len(criterion.options) for criterion in self.criteria)


# --- reading a file into rows -------------------------------------------------------------------


def read_table(source) -> list[tuple[int, dict[str, str]]]:
    """Rows of a .csv (UTF-8) or .xlsx file as (spreadsheet row number, {column: text}).

    `source` is a path or a binary file object (an uploaded file). Fully blank rows are dropped;
    the header is row 1. Raises SheetFileError when the file or its header cannot be used.
    """
    data = Path(source).read_bytes() if isinstance(source, str | Path) else _read_upload(source)
    # .xlsx is a zip archive; anything else is read as CSV.
    table = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    if not table:
        raise SheetFileError([RowError(1, "", _("Tệp không có dòng tiêu đề."))])
    header = [str(cell or "").strip().lower() for cell in table[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise SheetFileError([RowError(1, "", _("Thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)})])
    if len(table) - 1 > MAX_ROWS:
        raise SheetFileError([RowError(1, "", _("Tệp có quá %(max)s dòng.") % {"max": MAX_ROWS})])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {column: _cell_text(cells[i]) if i < len(cells) else "" for i, column in enumerate(header)}
        if any(values.get(column) for column in COLUMNS):
            rows.append((number, {column: values.get(column, "") for column in COLUMNS}))
    if not rows:
        raise SheetFileError([RowError(2, "", _("Tệp không có dòng dữ liệu nào."))])
    return rows


def _read_upload(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise SheetFileError([RowError(1, "", _("Tệp lớn hơn 5 MB."))])
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise SheetFileError([RowError(1, "", _("Tệp lớn hơn 5 MB."))])
    return data


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetFileError(
            [RowError(1, "", _("Không đọc được tệp: chỉ nhận .xlsx hoặc .csv mã hoá UTF-8."))]
        ) from None
    try:
        return [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    except csv.Error as error:
        raise SheetFileError([RowError(1, "", _("Tệp CSV không hợp lệ: %(error)s") % {"error": error})]) from None


# A score sheet is a few hundred rows: anything expanding past this is not one.
MAX_EXPANDED_XLSX_BYTES = 25 * 1024 * 1024


def _xlsx_rows(data: bytes) -> list[list]:
    try:
        check_xlsx_expanded_size(data, limit=MAX_EXPANDED_XLSX_BYTES)
    except ArchiveTooLarge:
        raise SheetFileError([RowError(1, "", _("Tệp Excel giải nén quá lớn (trên 25 MB)."))]) from None
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SheetFileError([RowError(1, "", _("Không đọc được tệp Excel (.xlsx)."))]) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- building the tree --------------------------------------------------------------------------


class _Parse:
    """One pass over the rows: builds the tree and collects every error (nothing stops early)."""

    def __init__(self, allowed_parts):
        self.allowed_parts = list(allowed_parts) if allowed_parts else None
        self.errors: list[RowError] = []
        self.parts: dict[str, ParsedPart] = {}
        self.part_rows: dict[str, int] = {}
        self.case_mode: dict[str, bool] = {}
        self.groups: dict[tuple[str, int], tuple[ParsedGroup, int]] = {}
        self.criteria: dict[str, tuple[ParsedCriterion, tuple[str, int], int]] = {}
        self.criterion_rows: dict[str, list[tuple[int, dict]]] = {}
        self.option_numbers: dict[str, dict[int, int]] = {}
        self.cases: dict[tuple[str, str], tuple[ParsedCase, int]] = {}
        self.blank_max: set[str] = set()

    def error(self, row, column, message):
        self.errors.append(RowError(row, column, str(message)))

    # Field readers: each returns the value or None after recording an error.
    def required(self, row, values, column):
        value = values[column]
        if not value:
            self.error(row, column, _("Bắt buộc nhập."))
            return None
        limit = LENGTHS.get(column)
        if limit and len(value) > limit:
            self.error(row, column, _("Quá dài (tối đa %(max)s ký tự).") % {"max": limit})
            return None
        return value

    def points(self, row, values, column, *, required=True):
        raw = values[column].replace(",", ".")
        if not raw:
            if required:
                self.error(row, column, _("Bắt buộc nhập."))
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.error(row, column, _("Không phải là số: “%(value)s”.") % {"value": values[column]})
            return None
        if not value.is_finite() or value < 0 or value > MAX_POINTS or value != value.quantize(Decimal("0.01")):
            self.error(row, column, _("Điểm phải từ 0 đến 999,99, tối đa 2 chữ số thập phân."))
            return None
        return value.quantize(Decimal("0.01"))

    def positive_int(self, row, values, column, *, lowest=1):
        raw = values[column]
        if not raw:
            self.error(row, column, _("Bắt buộc nhập."))
            return None
        if not raw.isdigit() or int(raw) < lowest or int(raw) > 32767:
            if lowest:
                message = _("Phải là số nguyên dương: “%(value)s”.")
            else:
                message = _("Phải là số nguyên không âm: “%(value)s”.")
            self.error(row, column, message % {"value": raw})
            return None
        return int(raw)

    def star(self, row, values, column):
        raw = values[column]
        if not raw:
            return None
        if raw not in STAR_VALUES:
            self.error(row, column, _("Dấu sao phải là 3, 4, 5 (hoặc ***, ****, *****): “%(value)s”.") % {"value": raw})
            return None
        return STAR_VALUES[raw]

    def same(self, row, column, first_row, stored, value):
        if value is not None and stored != value:
            self.error(
                row,
                column,
                _("Khác với dòng %(row)s; các dòng của cùng phần, nhóm hoặc tiêu chí phải ghi giống nhau.")
                % {"row": first_row},
            )

    def add(self, row, values):
        part = self.part(row, values)
        group_key = self.group(row, values, part)
        criterion = self.criterion(row, values, group_key)
        if criterion is None:
            return
        self.option(row, values, criterion)

    def part(self, row, values):
        code = self.required(row, values, "part")
        code = code.upper() if code else None
        if code and not PART_PATTERN.match(code):
            self.error(row, "part", _("Mã phần phải là chữ cái in hoa (A, B, C)."))
            code = None
        elif code and self.allowed_parts and code not in self.allowed_parts:
            self.error(
                row,
                "part",
                _("Phần “%(part)s” không có trong khung pháp lý (%(parts)s).")
                % {"part": code, "parts": ", ".join(self.allowed_parts)},
            )
            code = None
        maximum = self.points(row, values, "part_max")
        if code is None:
            return None
        if code not in self.parts:
            if maximum is None:
                return None
            self.parts[code] = ParsedPart(code=code, max_points=maximum)
            self.part_rows[code] = row
        else:
            self.same(row, "part_max", self.part_rows[code], self.parts[code].max_points, maximum)
        return code

    def group(self, row, values, part_code):
        number = self.positive_int(row, values, "group_no")
        name = self.required(row, values, "group_name_vi")
        maximum = self.points(row, values, "group_max", required=False)
        if part_code is None or number is None or name is None:
            return None
        key = (part_code, number)
        if key not in self.groups:
            group = ParsedGroup(number=number, name=name, max_points=maximum)
            self.parts[part_code].groups.append(group)
            self.groups[key] = (group, row)
        else:
            group, first_row = self.groups[key]
            self.same(row, "group_name_vi", first_row, group.name, name)
            if values["group_max"] or group.max_points is not None:
                self.same(row, "group_max", first_row, group.max_points, maximum)
        return key

    def criterion(self, row, values, group_key):
        code = self.required(row, values, "criterion_code")
        if code and (len(code) > 12 or not CODE_PATTERN.match(code)):
            self.error(
                row, "criterion_code", _("Mã tiêu chí phải có dạng 1, 1.1 hoặc 6.1.1: “%(code)s”.") % {"code": code}
            )
            code = None
        name = self.required(row, values, "criterion_name_vi")
        maximum = self.points(row, values, "criterion_max", required=False)
        star = self.star(row, values, "criterion_mandatory_min_star")
        if code is None or name is None or group_key is None:
            return None
        if code not in self.criteria:
            criterion = ParsedCriterion(code=code, name=name, max_points=maximum, mandatory_min_star=star)
            self.groups[group_key][0].criteria.append(criterion)
            self.criteria[code] = (criterion, group_key, row)
            self.criterion_rows[code] = []
            self.option_numbers[code] = {}
            if not values["criterion_max"]:
                self.blank_max.add(code)
        else:
            criterion, first_group, first_row = self.criteria[code]
            if first_group != group_key:
                self.error(
                    row,
                    "criterion_code",
                    _("Tiêu chí %(code)s đã có ở nhóm khác (dòng %(row)s).") % {"code": code, "row": first_row},
                )
                return None
            self.same(row, "criterion_name_vi", first_row, criterion.name, name)
            if code not in self.blank_max or values["criterion_max"]:
                self.same(row, "criterion_max", first_row, criterion.max_points, maximum)
            self.same(row, "criterion_mandatory_min_star", first_row, criterion.mandatory_min_star, star)
        self.criterion_rows[code].append((row, values))
        return criterion

    def option(self, row, values, criterion):
        rows_before = self.criterion_rows[criterion.code][:-1]
        has_option = any(values[column] for column in ("option_no", "option_text_vi", "option_points"))
        if not has_option:
            if rows_before:
                self.error(row, "option_no", _("Dòng không có phương án chỉ dùng cho tiêu chí không có phương án nào."))
            return
        if rows_before and not any(v[c] for _r, v in rows_before for c in ("option_no", "option_text_vi")):
            self.error(row, "option_no", _("Tiêu chí đã có dòng không có phương án; hãy bỏ dòng đó."))
            return
        # 0 is the "Chưa có" option the portal adds to a criterion-level marker: a stored sheet
        # written back to a file reads again unchanged.
        number = self.positive_int(row, values, "option_no", lowest=0)
        text = self.required(row, values, "option_text_vi")
        points = self.points(row, values, "option_points")
        star = self.star(row, values, "mandatory_min_star")
        case_code = values["case_code"]
        case = self.case(row, values, criterion, case_code)
        if number is not None:
            seen = self.option_numbers[criterion.code]
            if number in seen:
                self.error(
                    row,
                    "option_no",
                    _("Phương án số %(number)s của tiêu chí %(code)s bị trùng (dòng %(row)s).")
                    % {"number": number, "code": criterion.code, "row": seen[number]},
                )
                return
            seen[number] = row
        if None in (number, text, points) or case is False:
            return
        option = ParsedOption(number=number, text=text, points=points, min_star=star, case_code=case_code)
        criterion.options.append(option)
        if case is not None:
            case.options.append(option)

    def case(self, row, values, criterion, case_code):
        """The option's case (None without cases), or False after an error."""
        with_cases = self.case_mode.setdefault(criterion.code, bool(case_code))
        if bool(case_code) != with_cases:
            self.error(row, "case_code", _("Tiêu chí có trường hợp thì mọi phương án phải ghi mã trường hợp."))
            return False
        if not case_code:
            return None
        if len(case_code) > LENGTHS["case_code"]:
            self.error(row, "case_code", _("Quá dài (tối đa %(max)s ký tự).") % {"max": LENGTHS["case_code"]})
            return False
        name = self.required(row, values, "case_name_vi")
        if name is None:
            return False
        key = (criterion.code, case_code)
        if key not in self.cases:
            case = ParsedCase(code=case_code, name=name)
            criterion.cases.append(case)
            self.cases[key] = (case, row)
            return case
        case, first_row = self.cases[key]
        self.same(row, "case_name_vi", first_row, case.name, name)
        return case

    def finish(self) -> ParsedSheet:
        for code, (criterion, _group, first_row) in self.criteria.items():
            rows = self.criterion_rows[code]
            criterion.evidence = _joined(rows, "evidence_vi")
            criterion.note = _joined(rows, "note_vi")
            if criterion.max_points is None:
                if criterion.best_option_points is None:
                    self.error(first_row, "criterion_max", _("Bắt buộc nhập khi tiêu chí không có phương án."))
                else:
                    # As README: a sheet that prints no maximum scores its best option.
                    criterion.max_points = criterion.best_option_points
            add_zero_option(criterion)
        return ParsedSheet(parts=sorted(self.parts.values(), key=lambda part: part.code))


NO_OPTION_TEXT = "Chưa có"


def add_zero_option(criterion: ParsedCriterion) -> None:
    """A star marker on the criterion itself means it must score above 0 for that level
    (DOMAIN.md §5b): where it has no 0-point option, one is added ("Chưa có", numbered 0 so it
    comes first), per case, so a member can record that the product has none and the gate fails."""
    if not criterion.mandatory_min_star or not criterion.options:
        return
    groups = [(case.code, case.options) for case in criterion.cases] or [("", criterion.options)]
    for case_code, options in groups:
        if any(option.points == 0 for option in options):
            continue
        option = ParsedOption(number=0, text=NO_OPTION_TEXT, points=Decimal(0), min_star=None, case_code=case_code)
        options.insert(0, option)
        if case_code:
            criterion.options.insert(0, option)


def _joined(rows: list[tuple[int, dict]], column: str) -> str:
    """Distinct texts of a criterion's rows; a text found on some options only names them."""
    texts: dict[str, list[str]] = {}
    for _row, values in rows:
        if values[column]:
            texts.setdefault(values[column], []).append(values["option_no"])
    parts = []
    for text, options in texts.items():
        if len(options) == len(rows) or not all(options):
            parts.append(text)
        else:
            parts.append(_("Phương án %(numbers)s: %(text)s") % {"numbers": ", ".join(options), "text": text})
    return " | ".join(parts)


def parse_rows(rows: list[tuple[int, dict[str, str]]], *, allowed_parts=None) -> ParsedSheet:
    """Build the tree from numbered rows; raise SheetFileError listing every bad row.

    Parts are ordered by code, groups and criteria keep the order of the file.
    `allowed_parts` (the framework's part codes) refuses rows of any other part.
    """
    parse = _Parse(allowed_parts)
    for row, values in rows:
        parse.add(row, values)
    sheet = parse.finish()
    if parse.errors:
        errors = sorted(parse.errors, key=lambda error: (error.row, COLUMNS.index(error.column)))
        raise SheetFileError(errors[:MAX_REPORTED_ERRORS])
    return sheet


def parse_file(source, *, allowed_parts=None) -> ParsedSheet:
    return parse_rows(read_table(source), allowed_parts=allowed_parts)
