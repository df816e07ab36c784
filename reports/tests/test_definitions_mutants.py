"""What the report counts (reports/definitions.py): what the mutation run of issue 24 found no test
for (docs/mutation.md) — a dossier submitted but not yet accepted at the level that certifies
stars is not proposed, rounds of two frameworks in one year are both counted, and the national
summary's certificates issued are those whose decision is dated in the year, 01/01 to 31/12; the
period's first day and the report's cut-off for recognitions, expiries and revocations; a status
history that ends a certificate; last year's grants."""

import datetime

import pytest

from evaluation.enums import CertificateStatus, DossierState, Level
from evaluation.models import Certificate, CertificateEvent, Decision
from evaluation.tests.factories import DossierFactory, RoundFactory, framework
from evaluation.tests.test_certificates_services import revocation_decision
from reports.figures import compute_figures
from reports.national import compute_national_figures

from .factories import YEAR, small_year

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("state", "proposed"),
    [
        (DossierState.DRAFT, False),
        (DossierState.SUBMITTED, False),
        (DossierState.RETURNED, False),
        (DossierState.WITHDRAWN, False),
        (DossierState.ACCEPTED, True),
        (DossierState.IN_SCORING, True),
        (DossierState.SCORED, True),
        (DossierState.FORWARDED, True),
        (DossierState.DECIDED, True),
    ],
)
def test_a_dossier_at_the_certifying_level_is_proposed_from_its_acceptance(province, commune, state, proposed):
    """QĐ 148: the district certifies 3★; a dossier it has not accepted yet was not proposed."""
    round_ = RoundFactory(province=province, year=YEAR, framework=framework("148"))
    DossierFactory(product__producer__commune=commune, round=round_, state=state, current_level=Level.DISTRICT)

    assert compute_figures(province=province, year=YEAR)["proposed"]["total"] == (1 if proposed else 0)
    [row] = [row for row in compute_national_figures(year=YEAR)["provinces"] if row["id"] == province.pk]
    assert row["evaluated"] == (1 if proposed else 0)


def test_rounds_of_two_frameworks_in_one_year_are_each_counted_at_their_own_stage(province, commune):
    """A QĐ 148 round (the district certifies) and a QĐ 1048 round (the province does) in one year:
    the 1048 dossier the district accepted is not yet proposed, the one sent to the province is."""
    round_148 = RoundFactory(province=province, year=YEAR, framework=framework("148"), number=1)
    round_1048 = RoundFactory(province=province, year=YEAR, framework=framework("1048"), number=2)
    for round_, level, state in (
        (round_148, Level.DISTRICT, DossierState.ACCEPTED),  # proposed
        (round_148, Level.DISTRICT, DossierState.SUBMITTED),
        (round_1048, Level.DISTRICT, DossierState.ACCEPTED),
        (round_1048, Level.PROVINCE, DossierState.FORWARDED),  # proposed
    ):
        DossierFactory(product__producer__commune=commune, round=round_, state=state, current_level=level)

    assert compute_figures(province=province, year=YEAR)["proposed"]["total"] == 2
    [row] = [row for row in compute_national_figures(year=YEAR)["provinces"] if row["id"] == province.pk]
    assert row["evaluated"] == 2


def test_the_national_certificates_issued_are_those_decided_from_01_01_to_31_12(province, commune):
    decided_on = [
        datetime.date(YEAR - 1, 12, 31),
        datetime.date(YEAR, 1, 1),
        datetime.date(YEAR, 12, 31),
        datetime.date(YEAR + 1, 1, 1),
    ]
    for index, day in enumerate(decided_on):
        decision = small_year(province=province, commune=commune, n=1, start=10 * index)
        Decision.objects.filter(pk=decision.pk).update(date=day)
        Certificate.objects.filter(decision=decision).update(valid_from=day)

    [row] = [row for row in compute_national_figures(year=YEAR)["provinces"] if row["id"] == province.pk]

    assert row["certificates_issued"] == 2


@pytest.mark.parametrize(
    ("valid_until", "expired", "expired_to_cutoff"),
    [
        (datetime.date(YEAR - 1, 12, 31), 0, 0),  # ended the year before
        (datetime.date(YEAR, 1, 1), 1, 1),
        (datetime.date(YEAR, 12, 31), 1, 1),
        (datetime.date(YEAR + 1, 1, 31), 0, 1),  # ends by the report's cut-off
        (datetime.date(YEAR + 1, 2, 1), 0, 0),
    ],
)
def test_a_certificate_expired_in_the_period_01_01_to_the_cutoff(
    province, commune, valid_until, expired, expired_to_cutoff
):
    small_year(province=province, commune=commune, n=1, year=YEAR - 2)
    Certificate.objects.update(valid_until=valid_until)

    default = compute_figures(province=province, year=YEAR)
    to_cutoff = compute_figures(province=province, year=YEAR, cutoff=datetime.date(YEAR + 1, 1, 31))

    assert (default["certificates"]["expired"], to_cutoff["certificates"]["expired"]) == (expired, expired_to_cutoff)


@pytest.mark.parametrize(
    ("decided_on", "recognised"), [(datetime.date(YEAR - 1, 12, 31), 0), (datetime.date(YEAR, 1, 1), 1)]
)
def test_a_recognition_decided_the_year_before_is_not_this_years(province, commune, decided_on, recognised):
    decision = small_year(province=province, commune=commune, n=1)
    Decision.objects.filter(pk=decision.pk).update(date=decided_on)

    assert compute_figures(province=province, year=YEAR)["recognised"]["total"] == recognised


def test_a_status_history_ends_a_certificate_only_by_its_own_revocation_or_supersession(province, commune):
    """Certificates whose status changes are recorded as events (no revocation decision row): the
    one revoked in June is out at 31/12 and revoked in the year; the one revoked on 31/12 of the
    year before is out but not revoked this year; the one that only became "expiring" and the one
    revoked on 02/01 of the next year are in force at 31/12."""
    small_year(province=province, commune=commune, n=5, year=YEAR - 2)
    revoked, expiring, revoked_next_year, revoked_last_year, _untouched = Certificate.objects.order_by("number")
    for certificate, to_status, day in (
        (revoked, CertificateStatus.REVOKED, datetime.date(YEAR, 6, 15)),
        (expiring, CertificateStatus.EXPIRING, datetime.date(YEAR, 6, 15)),
        (revoked_next_year, CertificateStatus.REVOKED, datetime.date(YEAR + 1, 1, 2)),
        (revoked_last_year, CertificateStatus.REVOKED, datetime.date(YEAR - 1, 12, 31)),
    ):
        CertificateEvent.objects.create(
            certificate=certificate, date=day, from_status=CertificateStatus.VALID, to_status=to_status, reason="thử"
        )

    figures = compute_figures(province=province, year=YEAR)

    assert (figures["in_force"]["total"], figures["certificates"]["revoked_total"]) == (3, 1)


@pytest.mark.parametrize(
    ("revoked_on", "revoked", "to_cutoff"),
    [
        (datetime.date(YEAR - 1, 12, 31), 0, 0),
        (datetime.date(YEAR, 1, 1), 1, 1),
        (datetime.date(YEAR + 1, 1, 31), 0, 1),
        (datetime.date(YEAR + 1, 2, 1), 0, 0),
    ],
)
def test_a_revocation_decided_from_01_01_to_the_reports_cutoff_is_counted(
    province, commune, revoked_on, revoked, to_cutoff
):
    """A revocation carried from a register: the decision recorded, no status history."""
    small_year(province=province, commune=commune, n=1, year=YEAR - 2)
    decision = revocation_decision(province, on=revoked_on)
    Certificate.objects.update(status=CertificateStatus.REVOKED, revocation_decision=decision)

    default = compute_figures(province=province, year=YEAR)
    at_cutoff = compute_figures(province=province, year=YEAR, cutoff=datetime.date(YEAR + 1, 1, 31))

    assert (default["certificates"]["revoked_total"], at_cutoff["certificates"]["revoked_total"]) == (
        revoked,
        to_cutoff,
    )


def test_support_counts_the_grants_of_this_years_budget_lines_only(province, commune):
    small_year(province=province, commune=commune, n=1, year=YEAR - 1)
    small_year(province=province, commune=commune, n=2, start=10)

    support = compute_figures(province=province, year=YEAR)["support"]

    assert (support["total_amount"], support["categories"][0]["grants"]) == (2 * 4_900_000, 2)
