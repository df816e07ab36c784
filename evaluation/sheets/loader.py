"""Loading the shipped score sheets listed in data/ocop-criteria/sheets.csv.

Each sheet of a framework the portal ships (148, 1048, 26/2026) is created as version 1 of the
sheet of its product set; it is published when every check passes, and stays a draft showing the
mismatches otherwise, each naming the file's rows concerned (148 sets 07, 11, 12, 13 and 26/2026
sets 04, 11 as transcribed). A product set that already has a sheet is left alone, so loading
again changes nothing — including what staff corrected since.

Two readings the transcript of QĐ 26/2026 needs, both written into the criterion's note so they
stay visible (data/ocop-criteria/README.md): an option printed without points where the other
sheets print 0 is read as 0, and a criterion printed with its points but no options (the
bilingual label, 1 point) gets the options "Không" (0) and "Có" (its points).
"""

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from products.models import ProductSet

from ..models import Framework, ScoreSheet
from ..services.sheets import sheet_create
from .checks import points_text
from .parser import ParsedCriterion, ParsedOption, ParsedSheet, parse_rows, read_table

CRITERIA_DIR = Path(settings.BASE_DIR) / "data" / "ocop-criteria"
SHIPPED_FRAMEWORKS = ("26/2026", "148", "1048")
BLANK_POINTS_NOTE = "Cổng đọc điểm để trống của phương án %(numbers)s là 0 (dòng %(rows)s của tệp nguồn)."
NO_OPTIONS_NOTE = "Cổng bổ sung hai phương án Không (0 điểm) và Có (%(points)s điểm) theo ghi chú chuyển đổi."


@dataclass(frozen=True)
class LoadOutcome:
    file: str
    framework: str
    set_code: str
    status: str  # "published", "draft", "exists" or "skipped"
    message: str
    sheet: ScoreSheet | None = None


def shipped_sheet_rows(directory: Path = CRITERIA_DIR) -> list[dict]:
    with (directory / "sheets.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load_shipped_sheets(directory: Path = CRITERIA_DIR, *, only: set[str] | None = None) -> list[LoadOutcome]:
    """Create the shipped sheets that are missing. Frameworks and product sets must be loaded first.

    `only` limits the run to some file names of sheets.csv (tests load the sheet they look at).
    """
    frameworks = {framework.code: framework for framework in Framework.objects.filter(code__in=SHIPPED_FRAMEWORKS)}
    outcomes = []
    for row in shipped_sheet_rows(directory):
        if only is not None and row["file"] not in only:
            continue
        code, set_code, file_name = row["framework"], row["set_code"], row["file"]
        framework = frameworks.get(code)
        if framework is None:
            message = _("Bỏ qua: khung %(code)s không phải khung pháp lý được nạp trong cổng (chỉ nạp %(shipped)s).")
            outcomes.append(
                LoadOutcome(
                    file_name,
                    code,
                    set_code,
                    "skipped",
                    message % {"code": code, "shipped": ", ".join(SHIPPED_FRAMEWORKS)},
                )
            )
            continue
        product_set = ProductSet.objects.filter(framework_code=framework.product_set_framework, code=set_code).first()
        if product_set is None:
            message = _("Bỏ qua: chưa có bộ sản phẩm %(set)s của danh mục %(fw)s.")
            outcomes.append(
                LoadOutcome(
                    file_name,
                    code,
                    set_code,
                    "skipped",
                    message % {"set": set_code, "fw": framework.product_set_framework},
                )
            )
            continue
        existing = ScoreSheet.objects.filter(framework=framework, product_set=product_set).order_by("version").first()
        if existing is not None:
            outcomes.append(LoadOutcome(file_name, code, set_code, "exists", _("Đã có, không thay đổi."), existing))
            continue
        outcomes.append(_load_one(directory, row, framework, product_set))
    return outcomes


def _read_shipped(path: Path, allowed_parts) -> tuple[ParsedSheet, dict[str, list[tuple[int, str]]]]:
    """The shipped file as a tree, with the readings above applied, and each criterion's rows."""
    rows = read_table(path)
    blank: dict[str, list[tuple[int, str]]] = {}
    for number, values in rows:
        if values["option_text_vi"] and not values["option_points"]:
            values["option_points"] = "0"
            blank.setdefault(values["criterion_code"], []).append((number, values["option_no"]))
    parsed = parse_rows(rows, allowed_parts=allowed_parts)
    for criterion in parsed.criteria:
        if criterion.code in blank:
            found = blank[criterion.code]
            _add_note(
                criterion,
                BLANK_POINTS_NOTE
                % {"numbers": ", ".join(n for _r, n in found), "rows": ", ".join(str(r) for r, _n in found)},
            )
        if not criterion.options and not criterion.cases:
            criterion.options = [
                ParsedOption(number=1, text="Không", points=Decimal(0), min_star=None),
                ParsedOption(number=2, text="Có", points=criterion.max_points, min_star=None),
            ]
            _add_note(criterion, NO_OPTIONS_NOTE % {"points": points_text(criterion.max_points)})
    rows_of: dict[str, list[tuple[int, str]]] = {}
    for number, values in rows:
        rows_of.setdefault(values["criterion_code"], []).append((number, values["option_no"]))
    return parsed, rows_of


def _add_note(criterion: ParsedCriterion, text: str) -> None:
    criterion.note = f"{criterion.note} | {text}" if criterion.note else text


def _finding_rows(finding: dict, parsed: ParsedSheet, rows_of: dict[str, list[tuple[int, str]]]) -> list[int]:
    """The file rows behind a finding on a criterion: the options worth more than its maximum
    (a misprint), else all of its rows."""
    ref = finding.get("ref", "")
    if not ref.startswith("criterion:"):
        return []
    code = ref.split(":", 1)[1]
    criterion = next((c for c in parsed.criteria if c.code == code), None)
    rows = rows_of.get(code, [])
    if criterion is None:
        return [row for row, _number in rows]
    too_high = {str(o.number) for o in criterion.options if o.points > criterion.max_points}
    return [row for row, number in rows if number in too_high] or [row for row, _number in rows]


@transaction.atomic
def _load_one(directory: Path, row: dict, framework: Framework, product_set: ProductSet) -> LoadOutcome:
    parsed, rows_of = _read_shipped(directory / row["file"], list(framework.part_maxima))
    sheet = sheet_create(
        framework=framework,
        product_set=product_set,
        parsed=parsed,
        title=_("Phiếu đánh giá bộ %(code)s: %(name)s") % {"code": row["set_code"], "name": row["set_name_vi"]},
        by=None,
        source=f"{row['source']} — data/ocop-criteria/{row['file']}",
        confidence=row["confidence"],
        note=_("Nạp dữ liệu kèm theo cổng"),
        publish_if_checks_pass=True,
    )
    if sheet.check_report:
        report = []
        for finding in sheet.check_report:
            rows = _finding_rows(finding, parsed, rows_of)
            if rows:
                finding = {**finding, "rows": rows, "file": row["file"]}
                finding["where"] = _("%(where)s (dòng %(rows)s của %(file)s)") % {
                    "where": finding["where"],
                    "rows": ", ".join(str(r) for r in rows),
                    "file": row["file"],
                }
            report.append(finding)
        ScoreSheet.objects.filter(pk=sheet.pk).update(check_report=report)
        sheet.check_report = report
        message = _("Bản nháp: %(count)s chỗ không khớp: %(where)s.") % {
            "count": len(report),
            "where": "; ".join(finding["where"] for finding in report),
        }
        return LoadOutcome(row["file"], framework.code, row["set_code"], "draft", message, sheet)
    return LoadOutcome(row["file"], framework.code, row["set_code"], "published", _("Đã ban hành."), sheet)
