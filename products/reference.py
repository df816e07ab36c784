"""Loading the OCOP product groups and product sets shipped in data/ocop-criteria/."""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import ProductGroup, ProductSet

CRITERIA_DIR = Path(settings.BASE_DIR) / "data" / "ocop-criteria"
SHIPPED_SET_FILES = {"148": "product-sets.csv", "1048": "product-sets-1048.csv"}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}


def load_product_sets(path: Path, framework_code: str) -> tuple[int, int]:
    """Upsert groups and sets from one product-sets CSV; returns (groups, sets) touched.

    Province staff may later rename a set in the portal; loading again only fills in what is
    missing and corrects nothing they edited, so a re-run at every deploy is safe.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups: dict[str, ProductGroup] = {}
    with transaction.atomic():
        for row in rows:
            code = row["group_code"].strip()
            if code not in groups:
                groups[code], _ = ProductGroup.objects.get_or_create(
                    framework_code=framework_code,
                    code=code,
                    defaults={
                        "name": row["group_name_vi"].strip().capitalize()
                        if row["group_name_vi"].isupper()
                        else row["group_name_vi"].strip(),
                        "name_en": row.get("group_name_en", "").strip(),
                        "order": _ROMAN.get(code, 99),
                    },
                )
            ProductSet.objects.get_or_create(
                framework_code=framework_code,
                code=row["set_code"].strip(),
                defaults={
                    "group": groups[code],
                    "subgroup_code": row.get("subgroup_code", "").strip(),
                    "subgroup_name": row.get("subgroup_name_vi", "").strip(),
                    "name": row["set_name_vi"].strip(),
                    "name_en": row.get("set_name_en", "").strip(),
                    "confidence": row.get("confidence", "").strip(),
                },
            )
    return len(groups), len(rows)


def load_shipped_product_sets() -> None:
    for framework_code, file_name in SHIPPED_SET_FILES.items():
        load_product_sets(CRITERIA_DIR / file_name, framework_code)
