"""Loading the legal frameworks (chains of levels, part maxima) and their star bands."""

import csv
import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models, transaction

from . import scoring
from .models import Framework, FrameworkLevel, StarBand

CRITERIA_DIR = Path(settings.BASE_DIR) / "data" / "ocop-criteria"


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_frameworks(directory: Path = CRITERIA_DIR) -> list[Framework]:
    """Create or update the frameworks of frameworks.json with the bands of star-bands.csv.

    Idempotent; refuses a chain where some recognised stars have no certifying level. Bands are
    stored as the minimum score of each star level; a mean is banded after rounding, so
    69,995 → 70,00 → 4★ (DOMAIN.md §5b).
    """
    spec = json.loads((directory / "frameworks.json").read_text(encoding="utf-8"))
    with (directory / "star-bands.csv").open(encoding="utf-8", newline="") as handle:
        bands = list(csv.DictReader(handle))
    loaded = []
    for item in spec["frameworks"]:
        framework, _ = Framework.objects.update_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "product_set_framework": item["product_set_framework"],
                "valid_from": _date(item["valid_from"]),
                "valid_until": _date(item["valid_until"]),
                "part_maxima": item["part_maxima"],
                "rounding_decimals": item["rounding_decimals"],
                "is_default": item["is_default"],
                "commune_criteria": item["commune_criteria"],
                "source": item.get("source", ""),
                "confidence": item.get("confidence", ""),
                "reevaluation_earliest_days": (item.get("reevaluation_window") or {}).get("earliest_days"),
                "reevaluation_latest_days": (item.get("reevaluation_window") or {}).get("latest_days"),
                "notices": item.get("notices", []),
                "revocation_grounds": item.get("revocation_grounds", []),
                "clocks": item.get("clocks", {}),
                "round_pairs": item.get("round_pairs", []),
                "dossier_forms": item.get("dossier_forms", ""),
                "procedure": item.get("procedure", {}),
            },
        )
        for level in item["levels"]:
            FrameworkLevel.objects.update_or_create(
                framework=framework,
                level=level["level"],
                defaults={
                    "order": level["order"],
                    "scores": level["scores"],
                    "certifies_stars": level["certifies_stars"],
                    "forward_threshold": Decimal(level["forward_threshold"]) if level["forward_threshold"] else None,
                    "certifier": level.get("certifier", ""),
                },
            )
        for band in (b for b in bands if b["framework"] == item["code"]):
            StarBand.objects.update_or_create(
                framework=framework,
                stars=int(band["stars"]),
                defaults={"min_score": Decimal(band["min_score"]), "recognised": band["certified"] == "yes"},
            )
        chain, star_bands = scoring.chain_from_framework(framework), scoring.bands_from_framework(framework)
        stranded = scoring.chain_problems(chain, star_bands)
        if stranded:
            # A result with these stars could be decided nowhere (DOMAIN.md §5b): refuse the data.
            raise ValueError(f"framework {framework.code}: no level certifies {stranded} stars")
        loaded.append(framework)
    return loaded


def framework_in_force(day: datetime.date) -> Framework | None:
    """The framework a new round opening on `day` defaults to: in force that day, the most
    recent first (QĐ 26/2026 from 22/05/2026 while QĐ 148 still ran until 20/07/2026)."""
    candidates = Framework.objects.filter(valid_from__lte=day).filter(
        models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
    )
    return candidates.order_by("-valid_from", "-is_default", "code").first()
