"""The sheet file layout: reading .csv/.xlsx, building the tree, row-level errors, the checks."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from evaluation.sheets.checks import check_sheet, points_text
from evaluation.sheets.parser import COLUMNS, RowError, SheetFileError, parse_file, parse_rows, read_table
from evaluation.sheets.template import template_workbook

PART_MAXIMA = {"A": 40, "B": 25, "C": 35}


def row(**values) -> dict:
    base = dict.fromkeys(COLUMNS, "")
    base.update({key: str(value) for key, value in values.items()})
    return base


def option_row(part, part_max, group, code, criterion_max, number, points, **extra) -> dict:
    return row(
        part=part,
        part_max=part_max,
        group_no=group,
        group_name_vi=f"Nhóm {group}",
        criterion_code=code,
        criterion_name_vi=f"Tiêu chí {code}",
        criterion_max=criterion_max,
        option_no=number,
        option_text_vi=f"Phương án {number}",
        option_points=points,
        **extra,
    )


def valid_rows() -> list[dict]:
    """A complete sheet A 40 / B 25 / C 35: part A has a case criterion and a 3-level code."""
    return [
        option_row("A", 40, 1, "1.1", 38, 1, 0, group_max=40),
        option_row("A", 40, 1, "1.1", 38, 2, 38, group_max=40, mandatory_min_star="***"),
        option_row("A", 40, 1, "1.2", 2, 1, 1, group_max=40, case_code="a", case_name_vi="Trường hợp 1: HTX"),
        option_row("A", 40, 1, "1.2", 2, 2, 2, group_max=40, case_code="a", case_name_vi="Trường hợp 1: HTX"),
        option_row("A", 40, 1, "1.2", 2, 3, 1, group_max=40, case_code="b", case_name_vi="Trường hợp 2: Hộ"),
        option_row("B", 25, 4, "4.1", 25, 1, 25, criterion_mandatory_min_star=4, evidence_vi="Hợp đồng"),
        option_row("C", 35, 6, "6.1.1", "17,5", 1, "17,5", note_vi="Chấm mẫu"),
        option_row("C", 35, 6, "6.1.2", "17.5", 1, "17.50", mandatory_min_star=5),
    ]


def numbered(rows):
    return list(enumerate(rows, start=2))


def csv_bytes(rows, *, header=COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


NUMERIC = ("part_max", "group_no", "group_max", "criterion_max", "option_no", "option_points")


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for values in rows:
        # Spreadsheets hold numbers as numbers: the reader must accept 2.0 for "2".
        sheet.append([float(values[c].replace(",", ".")) if c in NUMERIC and values[c] else values[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_parse_rows_builds_ordered_tree_with_cases_and_markers():
    parsed = parse_rows(numbered(valid_rows()), allowed_parts=["A", "B", "C"])

    assert [(p.code, p.max_points) for p in parsed.parts] == [
        ("A", Decimal("40.00")),
        ("B", Decimal("25.00")),
        ("C", Decimal("35.00")),
    ]
    assert [c.code for c in parsed.criteria] == ["1.1", "1.2", "4.1", "6.1.1", "6.1.2"]
    case_criterion = parsed.criteria[1]
    assert [(case.code, case.name, case.max_points) for case in case_criterion.cases] == [
        ("a", "Trường hợp 1: HTX", Decimal("2.00")),
        ("b", "Trường hợp 2: Hộ", Decimal("1.00")),
    ]
    assert [(o.number, o.case_code, o.points) for o in case_criterion.options] == [
        (1, "a", Decimal("1.00")),
        (2, "a", Decimal("2.00")),
        (3, "b", Decimal("1.00")),
    ]
    assert [(o.points, o.min_star) for o in parsed.criteria[0].options] == [
        (Decimal("0.00"), None),
        (Decimal("38.00"), 3),
    ]
    assert parsed.criteria[2].mandatory_min_star == 4
    # its marker is on the criterion and it had no 0-point option: one is added first
    assert [(o.number, o.text, o.points) for o in parsed.criteria[2].options] == [
        (0, "Chưa có", Decimal(0)),
        (1, "Phương án 1", Decimal("25.00")),
    ]
    assert parsed.criteria[2].evidence == "Hợp đồng"
    assert parsed.criteria[3].max_points == Decimal("17.50")
    assert parsed.criteria[3].note == "Chấm mẫu"
    assert parsed.criteria[4].options[0].min_star == 5
    assert check_sheet(parsed, PART_MAXIMA) == []


def test_zero_option_is_added_per_case_and_only_where_missing():
    rows = [
        option_row("A", 40, 1, "1.1", 40, 1, 0, criterion_mandatory_min_star=4),
        option_row("A", 40, 1, "1.1", 40, 2, 40, criterion_mandatory_min_star=4),
        option_row("B", 25, 4, "4.1", 25, 1, 20, criterion_mandatory_min_star=4, case_code="a", case_name_vi="a"),
        option_row("B", 25, 4, "4.1", 25, 2, 25, criterion_mandatory_min_star=4, case_code="a", case_name_vi="a"),
        option_row("B", 25, 4, "4.1", 25, 3, 0, criterion_mandatory_min_star=4, case_code="b", case_name_vi="b"),
        option_row("B", 25, 4, "4.1", 25, 4, 10, criterion_mandatory_min_star=4, case_code="b", case_name_vi="b"),
        option_row("C", 35, 6, "6.1", 35, 1, 35),
    ]
    parsed = parse_rows(numbered(rows))
    first, cased, plain = parsed.criteria
    assert [o.points for o in first.options] == [Decimal(0), Decimal(40)]
    assert [(o.number, o.case_code, o.points) for o in cased.cases[0].options] == [
        (0, "a", Decimal(0)),
        (1, "a", Decimal(20)),
        (2, "a", Decimal(25)),
    ]
    assert [o.points for o in cased.cases[1].options] == [Decimal(0), Decimal(10)]
    assert len(cased.options) == 5
    assert [o.points for o in plain.options] == [Decimal(35)]


def test_parse_rows_reports_every_bad_row_with_column_and_message():
    rows = valid_rows()
    rows[1]["option_points"] = "ba"
    rows[2]["criterion_code"] = "1.2.3.4"
    rows[5]["mandatory_min_star"] = "6"
    rows[6]["part"] = "D"
    rows[7]["group_name_vi"] = ""

    with pytest.raises(SheetFileError) as raised:
        parse_rows(numbered(rows), allowed_parts=["A", "B", "C"])

    assert raised.value.row_errors == [
        RowError(3, "option_points", "Không phải là số: “ba”."),
        RowError(4, "criterion_code", "Mã tiêu chí phải có dạng 1, 1.1 hoặc 6.1.1: “1.2.3.4”."),
        RowError(7, "mandatory_min_star", "Dấu sao phải là 3, 4, 5 (hoặc ***, ****, *****): “6”."),
        RowError(8, "part", "Phần “D” không có trong khung pháp lý (A, B, C)."),
        RowError(9, "group_name_vi", "Bắt buộc nhập."),
    ]
    assert raised.value.messages[0] == "Dòng 3, cột option_points: Không phải là số: “ba”."


def test_parse_rows_refuses_inconsistent_repeats_and_duplicate_options():
    rows = valid_rows()
    rows[1]["criterion_max"] = "39"  # the criterion repeated with another maximum
    rows[3]["option_no"] = "1"  # duplicate option number within 1.2
    rows[4]["case_code"] = ""  # 1.2 has cases: every option must name one
    rows[7]["part_max"] = "30"

    with pytest.raises(SheetFileError) as raised:
        parse_rows(numbered(rows))

    assert raised.value.row_errors == [
        RowError(
            3, "criterion_max", "Khác với dòng 2; các dòng của cùng phần, nhóm hoặc tiêu chí phải ghi giống nhau."
        ),
        RowError(5, "option_no", "Phương án số 1 của tiêu chí 1.2 bị trùng (dòng 4)."),
        RowError(6, "case_code", "Tiêu chí có trường hợp thì mọi phương án phải ghi mã trường hợp."),
        RowError(9, "part_max", "Khác với dòng 8; các dòng của cùng phần, nhóm hoặc tiêu chí phải ghi giống nhau."),
    ]


def test_parse_rows_fills_missing_criterion_max_with_best_option():
    rows = valid_rows()
    for values in rows[:2]:
        values["criterion_max"] = ""

    parsed = parse_rows(numbered(rows))

    assert parsed.criteria[0].max_points == Decimal("38.00")


def test_read_table_reads_csv_and_xlsx_alike():
    from_csv = read_table(io.BytesIO(csv_bytes(valid_rows())))
    from_xlsx = read_table(io.BytesIO(xlsx_bytes(valid_rows())))

    assert parse_rows(from_csv) == parse_rows(from_xlsx)
    assert from_csv[0] == (2, valid_rows()[0])
    assert [number for number, _values in from_xlsx] == [2, 3, 4, 5, 6, 7, 8, 9]


def test_read_table_refuses_missing_columns_and_unreadable_files():
    header = [c for c in COLUMNS if c not in ("option_points", "part")]
    with pytest.raises(SheetFileError) as missing:
        read_table(io.BytesIO(csv_bytes(valid_rows(), header=header)))
    with pytest.raises(SheetFileError) as not_utf8:
        read_table(io.BytesIO("part,Nhóm đầu".encode("utf-16")))
    with pytest.raises(SheetFileError) as bad_zip:
        read_table(io.BytesIO(b"PK\x03\x04 not really a workbook"))

    assert missing.value.row_errors == [RowError(1, "", "Thiếu cột bắt buộc: part, option_points.")]
    assert not_utf8.value.row_errors == [RowError(1, "", "Không đọc được tệp: chỉ nhận .xlsx hoặc .csv mã hoá UTF-8.")]
    assert bad_zip.value.row_errors == [RowError(1, "", "Không đọc được tệp Excel (.xlsx).")]


def test_check_sheet_names_part_group_criterion_and_total_mismatches():
    rows = valid_rows()
    for values in rows[:5]:
        values["group_max"] = "41"  # printed group total differs from its criteria (40)
    rows[5]["criterion_max"] = "24"  # best option is 25; part B now sums to 24
    parsed = parse_rows(numbered(rows))

    findings = check_sheet(parsed, {"A": 40, "B": 25, "C": 40})

    assert findings == [
        {
            "ref": "group:A:1",
            "where": "Phần A › Nhóm 1",
            "expected": "41",
            "actual": "40",
            "message": "Nhóm 1 ghi 41 điểm nhưng các tiêu chí cộng lại 40.",
        },
        {
            "ref": "part:B",
            "where": "Phần B",
            "expected": "25",
            "actual": "24",
            "message": "Tổng điểm tối đa các tiêu chí của phần B là 24, khác điểm của phần (25).",
        },
        {
            "ref": "criterion:4.1",
            "where": "Phần B › Tiêu chí 4.1",
            "expected": "24",
            "actual": "25",
            "message": "Tiêu chí 4.1 ghi tối đa 24 điểm nhưng phương án cao nhất được 25 điểm.",
        },
        {
            "ref": "part:C",
            "where": "Phần C",
            "expected": "40",
            "actual": "35",
            "message": "Phần C ghi 35 điểm, khung pháp lý quy định 40 điểm.",
        },
        {
            "ref": "total",
            "where": "Toàn phiếu",
            "expected": "105",
            "actual": "100",
            "message": "Tổng điểm các phần là 100, phải bằng 105.",
        },
    ]


def test_points_text_writes_points_the_vietnamese_way():
    assert [points_text(Decimal("40.00")), points_text(Decimal("2.50")), points_text(None)] == ["40", "2,5", "—"]


def test_shipped_26_2026_sheet_parses_with_its_optionless_criterion_flagged(settings):
    parsed = parse_file(settings.BASE_DIR / "data" / "ocop-criteria" / "sheet-26-2026-rau-cu-qua-hat-tuoi.csv")

    assert (len(parsed.criteria), parsed.option_count) == (32, 103)
    assert [f["ref"] for f in check_sheet(parsed, PART_MAXIMA)] == ["criterion:2.4"]


def test_template_workbook_has_the_header_row():
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook()))

    assert [cell.value for cell in workbook.worksheets[0][1]] == list(COLUMNS)
    assert workbook.worksheets[1]["A2"].value == "part"
