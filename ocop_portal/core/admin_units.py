"""Loading the official administrative-unit lists (GSO codes) and the 2025 crosswalk from CSV.

Units are dated versions (DOMAIN.md §1). A list has a period: the official lists' periods are
known (`LIST_PERIODS`), a file may also give `valid_from`/`valid_until` per row, and the command
can set them. Loading a list:

- adds a version per row, keyed by (level, code, valid_from), or updates the version this same
  list loaded before (so loading it twice changes nothing);
- ends the versions it replaces: an earlier version of the same unit that was still in force when
  the new one starts ends the day before; a version loaded before a later one ends likewise;
- never renames or re-parents a version of another period: each period's rows are its own.

Bad input (an unknown level, a code twice in one list, a parent missing or not earlier in the
file, a crosswalk row naming a unit that is not loaded) raises AdminUnitFileError naming the line,
and nothing is written.
"""

import csv
import datetime
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .enums import UnitLevel
from .models import AdministrativeUnit, UnitSuccession

REQUIRED_COLUMNS = ("level", "code", "name", "type", "parent_code")
CROSSWALK_COLUMNS = ("level", "old_code", "old_province_code", "new_code", "new_province_code", "coverage")

# The official lists' periods (data/admin-units/README.md): units-2024.csv is the state from
# 01/03/2025 to 30/06/2025, units-2025.csv the two-level map from 01/07/2025 (QĐ 19/2025/QĐ-TTg).
REFORM_DAY = datetime.date(2025, 7, 1)
LIST_PERIODS = {
    "units-2024": (datetime.date(2025, 3, 1), datetime.date(2025, 6, 30)),
    "units-2025": (REFORM_DAY, None),
}
LEVEL_ORDER = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)
PARENT_LEVELS = {
    UnitLevel.PROVINCE: (),
    UnitLevel.DISTRICT: (UnitLevel.PROVINCE,),
    UnitLevel.COMMUNE: (UnitLevel.DISTRICT, UnitLevel.PROVINCE),
}
UNIT_FIELDS = ("name", "unit_type", "valid_until", "source")


class AdminUnitFileError(ValueError):
    pass


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ended: int = 0


@dataclass
class _Row:
    line: int
    level: str
    code: str
    name: str
    unit_type: str
    parent_code: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None


def _read(path: Path, required: tuple[str, ...]) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise AdminUnitFileError(_("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
        return list(reader)


def _date(value: str, line: int, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise AdminUnitFileError(
            _("Dòng %(line)s: %(column)s “%(value)s” không phải ngày dạng YYYY-MM-DD.")
            % {"line": line, "column": column, "value": value}
        ) from None


def _before(day: datetime.date | None) -> datetime.date:
    return day or datetime.date.min


def _parse(rows: list[dict], *, province_code, valid_from, valid_until) -> list[_Row]:
    """The rows to load, checked whole before anything is written."""
    seen: dict[str, int] = {}
    level_of: dict[str, str] = {}
    kept: set[str] = set()
    parsed = []
    for line, raw in enumerate(rows, start=2):
        level = (raw["level"] or "").strip()
        code = (raw["code"] or "").strip()
        parent_code = (raw["parent_code"] or "").strip()
        if level not in UnitLevel.values:
            raise AdminUnitFileError(_("Dòng %(line)s: cấp “%(level)s” không hợp lệ.") % {"line": line, "level": level})
        if not code:
            raise AdminUnitFileError(_("Dòng %(line)s: thiếu mã đơn vị.") % {"line": line})
        if code in seen:
            raise AdminUnitFileError(
                _("Dòng %(line)s: mã %(code)s đã có ở dòng %(first)s của cùng danh mục.")
                % {"line": line, "code": code, "first": seen[code]}
            )
        seen[code] = line
        level_of[code] = level
        if PARENT_LEVELS[level] and level_of.get(parent_code) not in PARENT_LEVELS[level]:
            raise AdminUnitFileError(
                _("Dòng %(line)s: đơn vị cha %(parent)s của %(code)s không có ở các dòng trước trong danh mục.")
                % {"line": line, "parent": parent_code or "—", "code": code}
            )
        start = _date((raw.get("valid_from") or "").strip(), line, "valid_from") or valid_from
        end = _date((raw.get("valid_until") or "").strip(), line, "valid_until") or valid_until
        if start and end and end < start:
            raise AdminUnitFileError(_("Dòng %(line)s: ngày hết hiệu lực trước ngày có hiệu lực.") % {"line": line})
        if province_code:
            wanted = code == province_code if level == UnitLevel.PROVINCE else parent_code in kept
            if not wanted:
                continue
        kept.add(code)
        parsed.append(
            _Row(line, level, code, (raw["name"] or "").strip(), (raw["type"] or "").strip(), parent_code, start, end)
        )
    return parsed


def _capped(until: datetime.date | None, start, versions) -> datetime.date | None:
    """`until`, ended the day before the next version of the unit (of any list) begins."""
    later = [v.valid_from for v in versions if v.valid_from and _before(start) < v.valid_from]
    if not later:
        return until
    limit = min(later) - datetime.timedelta(days=1)
    return limit if until is None or until > limit else until


def load_admin_units(
    path: Path,
    *,
    province_code: str | None = None,
    source: str | None = None,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> LoadResult:
    """Add the versions of the list `path` (only one province's subtree with `province_code`).

    `source` names the list (default: the file's name without .csv); its period defaults to
    LIST_PERIODS for the official lists, and a row's own valid_from/valid_until win.
    """
    source = source or path.stem
    default_from, default_until = LIST_PERIODS.get(source, (None, None))
    rows = _parse(
        _read(path, REQUIRED_COLUMNS),
        province_code=province_code,
        valid_from=valid_from or default_from,
        valid_until=valid_until or default_until,
    )
    result = LoadResult()
    with transaction.atomic():
        versions: dict[tuple[str, str], list[AdministrativeUnit]] = defaultdict(list)
        codes = {row.code for row in rows}
        for unit in AdministrativeUnit.objects.filter(code__in=codes).select_for_update(no_key=True).order_by("id"):
            versions[(unit.level, unit.code)].append(unit)
        loaded: dict[str, AdministrativeUnit] = {}
        for level in LEVEL_ORDER:
            to_create, to_update = [], []
            for row in (r for r in rows if r.level == level):
                existing = versions[(row.level, row.code)]
                unit = next((v for v in existing if v.valid_from == row.valid_from), None)
                if unit is not None and unit.source not in ("", source):
                    raise AdminUnitFileError(
                        _("Dòng %(line)s: đơn vị %(code)s của thời kỳ này đã được nạp từ danh mục “%(source)s”.")
                        % {"line": row.line, "code": row.code, "source": unit.source}
                    )
                parent = loaded.get(row.parent_code) if row.parent_code else None
                values = {
                    "name": row.name,
                    "unit_type": row.unit_type,
                    "valid_until": _capped(row.valid_until, row.valid_from, existing),
                    "source": source,
                }
                if unit is None:
                    unit = AdministrativeUnit(level=row.level, code=row.code, valid_from=row.valid_from, **values)
                    unit.parent = parent
                    to_create.append(unit)
                    existing.append(unit)
                elif unit.parent_id != (parent.pk if parent else None) or any(
                    getattr(unit, k) != v for k, v in values.items()
                ):
                    for key, value in values.items():
                        setattr(unit, key, value)
                    unit.parent = parent
                    to_update.append(unit)
                else:
                    result.unchanged += 1
                loaded[row.code] = unit
            AdministrativeUnit.objects.bulk_create(to_create, batch_size=1000)
            AdministrativeUnit.objects.bulk_update(to_update, [*UNIT_FIELDS, "parent"], batch_size=1000)
            result.created += len(to_create)
            result.updated += len(to_update)
        ended = []
        for row in rows:
            new = loaded[row.code]
            for other in versions[(row.level, row.code)]:
                if other is new or _before(other.valid_from) >= _before(new.valid_from):
                    continue
                until = _capped(other.valid_until, other.valid_from, versions[(row.level, row.code)])
                if until != other.valid_until:
                    other.valid_until = until
                    ended.append(other)
        AdministrativeUnit.objects.bulk_update(ended, ["valid_until"], batch_size=1000)
        result.ended = len(ended)
    return result


@dataclass
class CrosswalkResult:
    created: int = 0
    unchanged: int = 0


def _pre_reform_units(level: str, codes: set[str]) -> set[str]:
    return set(
        AdministrativeUnit.objects.filter(level=level, code__in=codes)
        .filter(valid_from__isnull=True)
        .values_list("code", flat=True)
    ) | set(
        AdministrativeUnit.objects.filter(level=level, code__in=codes, valid_from__lt=REFORM_DAY).values_list(
            "code", flat=True
        )
    )


def load_crosswalk(path: Path, *, old_province_code: str | None = None) -> CrosswalkResult:
    """Record which 2025 unit each pre-reform unit went into (mapping-2025.csv).

    Every row must name a pre-reform unit (by level and code) and a 2025 unit in force on
    01/07/2025 that are loaded; only the rows of `old_province_code` when given.
    """
    rows = _read(path, CROSSWALK_COLUMNS)
    wanted = [
        (line, row)
        for line, row in enumerate(rows, start=2)
        if not old_province_code or row["old_province_code"].strip() == old_province_code
    ]
    old_levels = defaultdict(set)
    for _line, row in wanted:
        old_levels[row["level"].strip()].add(row["old_code"].strip())
    known_old = {level: _pre_reform_units(level, codes) for level, codes in old_levels.items()}
    new_units = {
        (unit.level, unit.code): unit
        for unit in AdministrativeUnit.objects.in_force_on(REFORM_DAY).filter(
            code__in={row["new_code"].strip() for _line, row in wanted}
        )
    }
    successions = []
    for line, row in wanted:
        level, old_code, new_code = row["level"].strip(), row["old_code"].strip(), row["new_code"].strip()
        new_level = UnitLevel.PROVINCE if level == UnitLevel.PROVINCE else UnitLevel.COMMUNE
        if old_code not in known_old.get(level, set()):
            raise AdminUnitFileError(
                _("Dòng %(line)s: đơn vị cũ %(code)s (%(level)s) chưa có trong danh mục đơn vị trước 01/07/2025.")
                % {"line": line, "code": old_code, "level": level}
            )
        new = new_units.get((new_level, new_code))
        if new is None:
            raise AdminUnitFileError(
                _("Dòng %(line)s: đơn vị mới %(code)s không có trong danh mục đơn vị từ 01/07/2025.")
                % {"line": line, "code": new_code}
            )
        coverage = row["coverage"].strip()
        if coverage not in UnitSuccession.Coverage.values:
            raise AdminUnitFileError(
                _("Dòng %(line)s: phạm vi “%(coverage)s” không hợp lệ.") % {"line": line, "coverage": coverage}
            )
        successions.append(
            UnitSuccession(
                old_level=level,
                old_code=old_code,
                old_province_code=row["old_province_code"].strip(),
                new_unit=new,
                coverage=coverage,
            )
        )
    with transaction.atomic():
        existing = set(
            UnitSuccession.objects.filter(old_code__in={s.old_code for s in successions}).values_list(
                "old_level", "old_code", "new_unit_id"
            )
        )
        fresh = [s for s in successions if (s.old_level, s.old_code, s.new_unit.pk) not in existing]
        UnitSuccession.objects.bulk_create(fresh, batch_size=1000)
    return CrosswalkResult(created=len(fresh), unchanged=len(successions) - len(fresh))
