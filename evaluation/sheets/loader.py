"""Loading the shipped score sheets listed in data/ocop-criteria/sheets.csv.

Each sheet of a framework the portal ships (148, 1048) is created as version 1 of the sheet of
its product set; it is published when every check passes, and stays a draft showing the
mismatches otherwise (sets 07, 11, 12, 13 as transcribed). A product set that already has a
sheet is left alone, so loading again changes nothing — including what staff corrected since.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from products.models import ProductSet

from ..models import Framework, ScoreSheet
from ..services.sheets import sheet_create
from .parser import parse_file

CRITERIA_DIR = Path(settings.BASE_DIR) / "data" / "ocop-criteria"
SHIPPED_FRAMEWORKS = ("148", "1048")


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


@transaction.atomic
def _load_one(directory: Path, row: dict, framework: Framework, product_set: ProductSet) -> LoadOutcome:
    parsed = parse_file(directory / row["file"], allowed_parts=list(framework.part_maxima))
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
        parts = sorted({finding["where"].split(" › ")[0] for finding in sheet.check_report})
        message = _("Bản nháp: %(count)s chỗ không khớp (%(where)s).") % {
            "count": len(sheet.check_report),
            "where": ", ".join(parts),
        }
        return LoadOutcome(row["file"], framework.code, row["set_code"], "draft", message, sheet)
    return LoadOutcome(row["file"], framework.code, row["set_code"], "published", _("Đã ban hành."), sheet)
