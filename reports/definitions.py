"""The rows each figure counts, for every province at once.

The provincial report (`figures.py`) filters these to its province and the national summary
(`national.py`) groups them by province, so a national total is always the sum of the provincial
reports' figures. The definitions in words are in the docstring of `figures.py`.
"""

import datetime
from collections import defaultdict

from django.db.models import Exists, F, Max, OuterRef, Q

from evaluation.enums import CertificateStatus, DossierState, Level
from evaluation.models import Certificate, CertificateEvent, DecisionItem, Dossier, FrameworkLevel
from ocop_portal.core.models import AdministrativeUnit
from support.enums import COMMITTED_STATES
from support.models import BudgetLine, Disbursement, SupportGrant

LEVEL_ORDER = [Level.COMMUNE, Level.DISTRICT, Level.PROVINCE, Level.CENTRAL]
PAST_ACCEPTANCE = [
    DossierState.ACCEPTED,
    DossierState.IN_SCORING,
    DossierState.SCORED,
    DossierState.FORWARDED,
    DossierState.DECIDED,
]


def province_scope(province):
    """The ids of `province` and of the predecessor provinces carried into it (a merged province's
    report covers the predecessor's records, which keep the units of their time)."""
    return AdministrativeUnit.objects.filter(Q(pk=province.pk) | Q(carried_into=province)).values("pk")


def registered_dossiers(year: int):
    """Dossiers of the year's rounds that were not withdrawn."""
    return Dossier.objects.filter(round__year=year).exclude(state=DossierState.WITHDRAWN)


def reached_evaluation_q(year: int) -> Q:
    """Q for dossiers that reached their framework's first star-certifying level (module docstring).
    One condition per framework of the year's rounds in any province: a caller filters the
    dossiers to its province, and another province's frameworks match none of them."""
    framework_levels = FrameworkLevel.objects.filter(framework__rounds__year=year)
    chains = defaultdict(list)
    for framework_id, level, certifies in (
        framework_levels.distinct().order_by("order").values_list("framework_id", "level", "certifies_stars")
    ):
        chains[framework_id].append((level, certifies))
    condition = Q(pk__in=[])
    for framework_id, chain in chains.items():
        # Every framework has a level that certifies stars (load_frameworks refuses one without).
        stage = next(level for level, certifies in chain if certifies)
        later = [level for level in LEVEL_ORDER if LEVEL_ORDER.index(level) > LEVEL_ORDER.index(stage)]
        # A dossier forwarded to the stage carries the stage as its level (dossier_transition).
        reached = Q(current_level__in=later) | Q(current_level=stage, state__in=PAST_ACCEPTANCE)
        condition |= Q(round__framework_id=framework_id) & reached
    return condition


def period(year: int, cutoff: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The days a report of `year` counts decisions in: 01/01 of the year to its cut-off (31/12,
    or the report's own cut-off, which may fall in the next year: "to end January 2024")."""
    return datetime.date(year, 1, 1), cutoff or datetime.date(year, 12, 31)


def recognition_items(year: int, cutoff: datetime.date | None = None):
    """Items of recognition decisions dated in the report's period with 3 stars or more (only a
    recognition decision has items: a revocation names its certificates)."""
    start, end = period(year, cutoff)
    return DecisionItem.objects.filter(
        decision__date__gte=start,
        decision__date__lte=end,
        recognised_stars__gte=3,
    )


def recognised_products(items, *keys: str):
    """One row per product (and `keys`) of the recognition `items`: a product scored in two rounds
    of the year, or named again by a correcting decision, counts once at its best result
    (`stars`); `district` and `district_type` are those of its dossier."""
    return items.values(*keys, "dossier__product_id").annotate(
        stars=Max("recognised_stars"),
        district=Max("dossier__district__name"),
        district_type=Max("dossier__district__unit_type"),
    )


def in_force_certificates(year_end: datetime.date):
    """Certificates in force on `year_end` (valid on that day, neither revoked nor superseded)."""
    return Certificate.objects.filter(valid_from__lte=year_end, valid_until__gte=year_end).exclude(ended_by(year_end))


def expired_certificates(year: int, cutoff: datetime.date | None = None):
    """Certificates whose validity ended in the period without being revoked or superseded first."""
    start, end = period(year, cutoff)
    return Certificate.objects.filter(valid_until__gte=start, valid_until__lte=end).exclude(ended_by(F("valid_until")))


def revoked_certificates(year: int, cutoff: datetime.date | None = None):
    """Certificates revoked in the period (revocation decision or status event dated in it)."""
    return Certificate.objects.filter(revoked_in_year_q(year, cutoff))


def committed_grants(year: int):
    """Grants on the year's budget lines that were approved (approved, paid in part, paid)."""
    return SupportGrant.objects.filter(budget_line__year=year, state__in=list(COMMITTED_STATES))


def ended_by(date_field) -> Q:
    """Certificates revoked or superseded on or before `date_field` (a date or an F())."""
    ended_event = CertificateEvent.objects.filter(
        certificate=OuterRef("pk"),
        to_status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED],
        date__lte=date_field if not isinstance(date_field, F) else OuterRef(date_field.name),
    )
    return (
        Q(revocation_decision__date__lte=date_field)
        | Q(superseded_by__valid_from__lte=date_field)
        | Q(Exists(ended_event))
    )


def revoked_in_year_q(year, cutoff: datetime.date | None = None) -> Q:
    start, end = period(year, cutoff)
    revoked_event = CertificateEvent.objects.filter(
        certificate=OuterRef("pk"), to_status=CertificateStatus.REVOKED, date__gte=start, date__lte=end
    )
    return Q(revocation_decision__date__gte=start, revocation_decision__date__lte=end) | Q(Exists(revoked_event))


def issued_certificates(year: int):
    """Certificates granted by a recognition decision dated in the year (the national summary's)."""
    start, end = period(year)
    return Certificate.objects.filter(decision__date__gte=start, decision__date__lte=end)


def budget_lines(year: int):
    """The year's support budget lines (their allocated amounts)."""
    return BudgetLine.objects.filter(year=year)


def disbursements(year: int):
    """Money paid out on grants of the year's budget lines, whenever it was paid."""
    return Disbursement.objects.filter(grant__budget_line__year=year)
