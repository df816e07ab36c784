"""Loading the official administrative-unit lists (GSO codes) from CSV.

Format (data/admin-units/README.md): level,code,name,type,parent_code and optionally
valid_from,valid_until (ISO dates). Parents come before children. Loading is an upsert keyed by
(level, code, valid_from), so loading the same file twice changes nothing.
"""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .enums import UnitLevel
from .models import AdministrativeUnit

REQUIRED_COLUMNS = ("level", "code", "name", "type", "parent_code")


class AdminUnitFileError(ValueError):
    pass


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _date(value: str, line: int, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise AdminUnitFileError(f"line {line}: {column} {value!r} is not a YYYY-MM-DD date") from None


def load_admin_units(path: Path, *, province_code: str | None = None) -> LoadResult:
    """Upsert the units of `path` (only one province's subtree when `province_code` is given)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise AdminUnitFileError(f"missing columns: {', '.join(missing)}")
        rows = list(reader)

    result = LoadResult()
    by_code: dict[tuple[str, str], AdministrativeUnit] = {}
    kept_codes: set[str] = set()
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            level = row["level"].strip()
            if level not in UnitLevel.values:
                raise AdminUnitFileError(f"line {line}: unknown level {level!r}")
            code, parent_code = row["code"].strip(), row["parent_code"].strip()
            if province_code:
                if level == UnitLevel.PROVINCE and code != province_code:
                    continue
                if level != UnitLevel.PROVINCE and parent_code not in kept_codes:
                    continue
            kept_codes.add(code)
            parent = None
            if parent_code:
                parent = by_code.get(("district", parent_code)) or by_code.get(("province", parent_code))
                if parent is None:
                    raise AdminUnitFileError(f"line {line}: parent {parent_code} of {code} is not earlier in the file")
            values = {
                "name": row["name"].strip(),
                "unit_type": row["type"].strip(),
                "parent": parent,
                "valid_until": _date((row.get("valid_until") or "").strip(), line, "valid_until"),
            }
            valid_from = _date((row.get("valid_from") or "").strip(), line, "valid_from")
            unit = AdministrativeUnit.objects.filter(level=level, code=code, valid_from=valid_from).first()
            if unit is None:
                unit = AdministrativeUnit.objects.create(level=level, code=code, valid_from=valid_from, **values)
                result.created += 1
            elif any(getattr(unit, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(unit, key, value)
                unit.save()
                result.updated += 1
            else:
                result.unchanged += 1
            by_code[(level, code)] = unit
    return result
