"""Carrying a predecessor province into its merged successor (DOMAIN.md §1), driven by the
stored 2025 crosswalk (core.UnitSuccession).

- Producers and products move to the 2025 commune their old commune went into and to the
  successor province; their district stays, as the former district (the 2025 map has none, and
  reports of pre-merger years still show it, e.g. on the support annex). An old commune the
  crosswalk splits across several new communes needs a choice, per commune (`by_commune[old
  code]`) or per record (`by_record[("producer"|"product", id)]`); a commit with a split left
  unresolved is refused.
- Dossiers, councils, decisions and certificates keep the units of their time (reports of
  pre-merger years still show the predecessor and its districts; certificates keep their numbers,
  authority and dates); each version of the predecessor is marked `carried_into` the successor,
  so the successor's staff see and manage them (ocop_portal/core/jurisdiction.py).
- A predecessor with a council session still open (an assignment not closed) is refused.

`carry_province(..., commit=False)` is the dry run: it counts, lists the splits and writes
nothing. A commit is all-or-nothing, writes audit entries, and a second commit changes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ocop_portal.core.admin_units import REFORM_DAY
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit, UnitSuccession
from ocop_portal.core.services import audit_log
from products.models import Producer, Product

from ..enums import AssignmentState
from ..models import Certificate, CouncilAssignment, Dossier


@dataclass
class Split:
    old_code: str
    old_name: str
    candidates: list[AdministrativeUnit]
    records: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, id, name), unresolved


@dataclass
class CarryReport:
    predecessor: AdministrativeUnit
    successor: AdministrativeUnit
    counts: dict[str, int]
    splits: list[Split]
    committed: bool = False
    moved: int = 0

    @property
    def unresolved(self) -> list[Split]:
        return [split for split in self.splits if split.records]


def _predecessor_versions(code: str) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code=code)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lt=REFORM_DAY))
        .order_by("valid_from")
    )


def _successor(code: str) -> AdministrativeUnit:
    succession = (
        UnitSuccession.objects.filter(old_level=UnitLevel.PROVINCE, old_code=code).select_related("new_unit").first()
    )
    if succession is None:
        raise ValidationError(
            _("Chưa nạp bảng chuyển đổi đơn vị hành chính cho tỉnh %(code)s (load_crosswalk).") % {"code": code}
        )
    return succession.new_unit


def _refuse_open_councils(versions) -> None:
    open_sessions = (
        CouncilAssignment.objects.filter(council__province__in=versions)
        .exclude(state=AssignmentState.CLOSED)
        .select_related("council", "dossier__product")
        .order_by("council_id", "id")
    )
    if open_sessions:
        raise ValidationError(
            [
                _("Hội đồng “%(council)s” còn phiên chấm hồ sơ “%(product)s” chưa kết thúc.")
                % {"council": session.council, "product": session.dossier.product}
                for session in open_sessions
            ]
        )


def _targets(communes: set[str]) -> dict[str, list[AdministrativeUnit]]:
    targets = defaultdict(list)
    rows = UnitSuccession.objects.filter(old_level=UnitLevel.COMMUNE, old_code__in=communes).select_related("new_unit")
    for row in rows.order_by("new_unit__code"):
        targets[row.old_code].append(row.new_unit)
    return targets


def carry_province(
    *,
    code: str,
    by,
    commit: bool = False,
    by_commune: dict[str, int] | None = None,
    by_record: dict[tuple[str, int], int] | None = None,
) -> CarryReport:
    """Carry the pre-reform province `code` into its successor (a dry run unless `commit`)."""
    by_commune, by_record = by_commune or {}, by_record or {}
    versions = _predecessor_versions(code)
    if not versions:
        raise ValidationError(_("Không có tỉnh %(code)s trước ngày 01/07/2025.") % {"code": code})
    successor = _successor(code)
    _refuse_open_councils(versions)
    producers = list(Producer.objects.filter(province__in=versions).select_related("commune"))
    products = list(Product.objects.filter(province__in=versions).select_related("commune"))
    targets = _targets({record.commune.code for record in [*producers, *products]})
    splits: dict[str, Split] = {}
    moves = []
    for kind, records in (("producer", producers), ("product", products)):
        for record in records:
            candidates = targets.get(record.commune.code, [])
            if not candidates:
                raise ValidationError(
                    _("Xã %(code)s (%(name)s) của %(kind)s “%(record)s” không có trong bảng chuyển đổi.")
                    % {
                        "code": record.commune.code,
                        "name": record.commune.name,
                        "kind": record._meta.verbose_name,
                        "record": record,
                    }
                )
            chosen = by_record.get((kind, record.pk)) or by_commune.get(record.commune.code)
            if len(candidates) > 1:
                split = splits.setdefault(
                    record.commune.code, Split(record.commune.code, record.commune.name, candidates)
                )
                if chosen not in {c.pk for c in candidates}:
                    split.records.append((kind, record.pk, str(record)))
                    continue
            target = next((c for c in candidates if c.pk == chosen), candidates[0])
            moves.append((kind, record, target))
    counts = {
        "producer": len(producers),
        "product": len(products),
        "dossier": Dossier.objects.filter(province__in=versions).count(),
        "certificate": Certificate.objects.filter(province__in=versions).count(),
    }
    report = CarryReport(versions[-1], successor, counts, sorted(splits.values(), key=lambda s: s.old_code))
    if not commit:
        return report
    if report.unresolved:
        raise ValidationError(
            [
                _("Xã %(code)s (%(name)s) được chia cho nhiều xã mới: hãy chọn xã mới cho %(count)s hồ sơ.")
                % {"code": split.old_code, "name": split.old_name, "count": len(split.records)}
                for split in report.unresolved
            ]
        )
    with transaction.atomic():
        for kind, record, target in moves:
            model = Producer if kind == "producer" else Product
            before = {"commune": record.commune.name, "province": record.province_id}
            model.objects.filter(pk=record.pk).update(commune=target, province=successor)
            audit_log(
                actor=by,
                action=f"{kind}.carried",
                obj=record,
                changes={"commune": [before["commune"], target.name], "province": [before["province"], successor.pk]},
                note=_("Chuyển về %(province)s theo sắp xếp đơn vị hành chính 2025.") % {"province": successor},
            )
        newly = [version for version in versions if version.carried_into_id != successor.pk]
        for version in newly:
            AdministrativeUnit.objects.filter(pk=version.pk).update(carried_into=successor)
            audit_log(
                actor=by,
                action="province.carried",
                obj=version,
                changes={"carried_into": [None, successor.pk]},
                note=_("%(old)s chuyển về %(new)s.") % {"old": version, "new": successor},
            )
    report.committed, report.moved = True, len(moves) + len(newly)
    return report
