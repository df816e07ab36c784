"""Each figure's definition (reports/figures.py docstring, DOMAIN.md §9) pinned with the row that
would change it: the withdrawn dossier, the district's forward, the same-star renewal, the
certificate ending 31/12, the revocation and the supersession dated 31/12, the 2-star item, the
proposed and cancelled grants, the grant without a decision, next year's central deadline."""

import datetime

import pytest

from evaluation.enums import AssignmentState, CertificateStatus, DossierState, Level, Outcome
from evaluation.models import Certificate, CouncilAssignment, DecisionItem, RoundDeadline
from evaluation.tests.factories import CouncilFactory, DossierFactory, RoundFactory, framework
from evaluation.tests.test_certificates_helpers import recognition_decision
from evaluation.tests.test_certificates_services import revocation_decision
from reports.figures import compute_figures
from support.enums import GrantState
from support.models import SupportGrant

from .factories import YEAR, small_year

pytestmark = pytest.mark.django_db

YEAR_END = datetime.date(YEAR, 12, 31)


def _figures(province):
    return compute_figures(province=province, year=YEAR)


def _certificates(province, commune, n, **fields):
    """`n` certificates of the year (recognised 20/11), then `fields` written on them."""
    small_year(province=province, commune=commune, n=n)
    certificates = list(Certificate.objects.order_by("number"))
    for certificate in certificates:
        for name, value in fields.items():
            setattr(certificate, name, value)
        certificate.save()
    return certificates


# --- dossiers and rounds ------------------------------------------------------------------------


def test_a_withdrawn_dossier_counts_neither_in_the_round_nor_as_registered(province, commune):
    decision = small_year(province=province, commune=commune, n=2)
    round_ = decision.items.first().dossier.round
    DossierFactory(product__producer__commune=commune, round=round_, state=DossierState.WITHDRAWN)

    figures = _figures(province)

    assert (figures["rounds"][0]["dossiers"], figures["registered_dossiers"], figures["registered_products"]) == (
        2,
        2,
        2,
    )


def test_potential_five_stars_are_the_provinces_forwards_not_the_districts(province, district, commune):
    decision = small_year(province=province, commune=commune, n=2)
    first, second = (item.dossier for item in decision.items.order_by("id"))
    for dossier, level in ((first, Level.DISTRICT), (second, Level.PROVINCE)):
        CouncilAssignment.objects.create(
            council=CouncilFactory(province=province, jurisdiction=district if level == Level.DISTRICT else province),
            dossier=dossier,
            level=level,
            state=AssignmentState.CLOSED,
            outcome=Outcome.FORWARD,
        )

    assert _figures(province)["recognised"]["potential_five"] == 1


def test_a_dossier_proposed_is_one_accepted_at_the_first_certifying_level(province, commune):
    round_ = RoundFactory(province=province, year=YEAR, framework=framework("148+1489"))
    for state, level in (
        (DossierState.ACCEPTED, Level.COMMUNE),  # checked by the commune, not yet sent on
        (DossierState.FORWARDED, Level.PROVINCE),  # sent to the province: proposed
        (DossierState.IN_SCORING, Level.PROVINCE),
    ):
        DossierFactory(product__producer__commune=commune, round=round_, state=state, current_level=level)

    assert _figures(province)["proposed"]["total"] == 2


# --- recognition ----------------------------------------------------------------------------------


def test_items_below_three_stars_are_not_recognised(province, commune):
    decision = small_year(province=province, commune=commune, n=2)
    dossier = DossierFactory(product__producer__commune=commune, round=decision.items.first().dossier.round)
    DecisionItem.objects.create(decision=decision, dossier=dossier, recognised_stars=2)

    recognised = _figures(province)["recognised"]

    assert (recognised["total"], recognised["by_stars"]) == (2, {"5": 0, "4": 0, "3": 2})


def test_a_dossier_in_two_decisions_of_the_year_is_recognised_once(province, commune):
    """A decision corrected by a later one names the same dossier again: one recognition."""
    decision = small_year(province=province, commune=commune, n=1)
    correction = recognition_decision(province=province, on=datetime.date(YEAR, 12, 5))
    DecisionItem.objects.create(decision=correction, dossier=decision.items.get().dossier, recognised_stars=3)

    assert _figures(province)["recognised"]["total"] == 1


def _superseding(old, stars, valid_from):
    """A later certificate of the same product (a copy of the row with its own number) that
    supersedes `old`, as a register carried into the portal holds it (no status history)."""
    Certificate.objects.filter(pk=old.pk).update(status=CertificateStatus.SUPERSEDED)
    new = Certificate.objects.get(pk=old.pk)
    new.pk, new.number, new.public_code, new.stars = None, f"{old.number}-M", f"{old.public_code}M", stars
    new.valid_from, new.valid_until = valid_from, valid_from.replace(year=valid_from.year + 3)
    new.status = CertificateStatus.VALID
    new.save()
    Certificate.objects.filter(pk=old.pk).update(superseded_by=new)
    return new


def test_an_upgrade_has_more_stars_than_the_certificate_it_supersedes(province, commune):
    earlier, same = _certificates(
        province, commune, 2, valid_from=datetime.date(YEAR - 2, 5, 1), valid_until=datetime.date(YEAR + 1, 5, 1)
    )
    _superseding(earlier, 4, datetime.date(YEAR, 11, 20))
    _superseding(same, 3, datetime.date(YEAR, 11, 20))

    assert _figures(province)["upgrades"] == [{"from": 3, "to": 4, "count": 1}]


# --- certificates in force at 31/12 -------------------------------------------------------------


def test_in_force_at_year_end_includes_a_certificate_ending_that_day(province, commune):
    ends_31_12, *ends_next_year, ends_later = _certificates(province, commune, 4)
    Certificate.objects.filter(pk=ends_31_12.pk).update(valid_until=YEAR_END)
    Certificate.objects.filter(pk__in=[c.pk for c in ends_next_year]).update(valid_until=datetime.date(YEAR + 1, 1, 1))
    Certificate.objects.filter(pk=ends_later.pk).update(valid_until=datetime.date(YEAR + 2, 1, 1))

    in_force = _figures(province)["in_force"]

    assert (in_force["total"], in_force["expiring_next_year"]) == (4, 2)


@pytest.mark.parametrize(("revoked_on", "in_force"), [(YEAR_END, 1), (datetime.date(YEAR + 1, 1, 1), 2)])
def test_a_revocation_dated_31_12_ends_the_certificate_that_year(province, commune, revoked_on, in_force):
    """A revocation carried from the register (decision recorded, no status history)."""
    revoked, _kept = _certificates(province, commune, 2)
    decision = revocation_decision(province, on=revoked_on)
    Certificate.objects.filter(pk=revoked.pk).update(status=CertificateStatus.REVOKED, revocation_decision=decision)

    assert _figures(province)["in_force"]["total"] == in_force


@pytest.mark.parametrize(
    ("superseded_on", "by_stars"),
    [(YEAR_END, {"5": 0, "4": 1, "3": 1}), (datetime.date(YEAR + 1, 1, 1), {"5": 0, "4": 0, "3": 2})],
)
def test_a_supersession_dated_31_12_leaves_one_certificate_in_force(province, commune, superseded_on, by_stars):
    """The old certificate is out from the new one's first day: the product counts once."""
    old, _other = _certificates(province, commune, 2)
    _superseding(old, 4, superseded_on)

    in_force = _figures(province)["in_force"]

    assert (in_force["total"], in_force["by_stars"]) == (2, by_stars)


# --- support and next year ------------------------------------------------------------------------


def test_support_counts_approved_grants_only_and_lists_those_without_a_decision(province, commune):
    decision = small_year(province=province, commune=commune, n=2)  # two approved, without a decision
    grant = SupportGrant.objects.first()
    for state in (GrantState.PROPOSED, GrantState.CANCELLED):
        SupportGrant.objects.create(
            producer=grant.producer, budget_line=grant.budget_line, amount=7_000_000, units=1, state=state
        )
    SupportGrant.objects.create(
        producer=grant.producer,
        budget_line=grant.budget_line,
        amount=3_000_000,
        units=2,
        state=GrantState.PAID,
        decision_number="2121/QĐ-UBND",
        decision_date=decision.date,
    )

    support = _figures(province)["support"]

    assert support["total_amount"] == 2 * 4_900_000 + 3_000_000
    assert [(row["units"], row["amount"]) for row in support["without_decision"]] == [(2, 9_800_000)]
    assert [(row["number"], row["units"], row["amount"]) for row in support["decisions"]] == [
        ("2121/QĐ-UBND", 2, 3_000_000)
    ]


def test_next_years_deadlines_are_the_district_and_province_rounds(province, commune):
    small_year(province=province, commune=commune, n=1)
    round_ = RoundFactory(province=province, year=YEAR + 1, framework=framework("148"), number=1)
    for level, day in ((Level.DISTRICT, 10), (Level.PROVINCE, 30), (Level.CENTRAL, 31)):
        RoundDeadline.objects.create(round=round_, level=level, scoring=datetime.date(YEAR + 1, 7, day))

    assert _figures(province)["next_year"]["deadlines"] == [
        {"round": 1, "level": Level.DISTRICT, "date": f"{YEAR + 1}-07-10"},
        {"round": 1, "level": Level.PROVINCE, "date": f"{YEAR + 1}-07-30"},
    ]
