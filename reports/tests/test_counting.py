"""How the report counts (DOMAIN.md §9, issue 20): products, not dossiers; "lũy kế" at a stated
reference date; a cut-off other than 31/12, which may fall in the next year."""

import datetime

import pytest
from django.urls import reverse

from evaluation.enums import DossierState, Level
from evaluation.models import Certificate, DecisionItem
from evaluation.tests.factories import DossierFactory, RoundFactory, framework
from evaluation.tests.test_certificates_helpers import recognition_decision
from reports.document import report_context
from reports.figures import compute_figures
from reports.models import ReportNarrative
from reports.services import build_snapshot

from .factories import YEAR, small_year

pytestmark = pytest.mark.django_db


def _second_round_result(decision, *, stars: int, on: datetime.date):
    """The first product of `decision` scored again in a second round of the year and recognised
    with `stars` by a later decision."""
    first = decision.items.order_by("id").first().dossier
    round_2 = RoundFactory(
        province=first.province, year=YEAR, framework=first.round.framework, number=first.round.number + 1
    )
    again = DossierFactory(
        product=first.product, round=round_2, state=DossierState.DECIDED, current_level=Level.DISTRICT
    )
    later = recognition_decision(province=first.province, issuer_unit=decision.issuer_unit, on=on)
    DecisionItem.objects.create(decision=later, dossier=again, recognised_stars=stars)
    return first.product


def test_a_product_scored_in_two_rounds_counts_once_at_its_best_result(province, commune):
    decision = small_year(province=province, commune=commune, n=2)  # 2 products, 3★, decided 20/11
    product = _second_round_result(decision, stars=4, on=datetime.date(YEAR, 12, 5))

    figures = compute_figures(province=province, year=YEAR)

    assert figures["registered_products"] == 2
    assert figures["registered_dossiers"] == 3
    assert (figures["recognised"]["total"], figures["recognised"]["by_stars"]) == (2, {"5": 0, "4": 1, "3": 1})
    assert sum(row["total"] for row in figures["recognised"]["by_district"]) == 2
    annex = figures["annex"]["recognised_products"]
    assert sorted((row["product"], row["stars"]) for row in annex) == sorted(
        [(product.name, 4), (decision.items.exclude(dossier__product=product).get().dossier.product.name, 3)]
    )


def test_a_product_proposed_in_two_rounds_counts_once(province, commune):
    round_1 = RoundFactory(province=province, year=YEAR, framework=framework("148"), number=1)
    round_2 = RoundFactory(province=province, year=YEAR, framework=framework("148"), number=2)
    first = DossierFactory(
        product__producer__commune=commune, round=round_1, state=DossierState.SCORED, current_level=Level.DISTRICT
    )
    DossierFactory(product=first.product, round=round_2, state=DossierState.SCORED, current_level=Level.DISTRICT)
    DossierFactory(
        product__producer__commune=commune, round=round_2, state=DossierState.SCORED, current_level=Level.DISTRICT
    )

    proposed = compute_figures(province=province, year=YEAR)["proposed"]

    assert proposed["total"] == 2
    assert sum(row["count"] for row in proposed["by_group"]) == 2


@pytest.mark.parametrize(
    ("decided_on", "counted"),
    [
        (datetime.date(YEAR + 1, 1, 31), True),  # the cut-off day itself
        (datetime.date(YEAR + 1, 2, 1), False),  # the day after
    ],
)
def test_a_cutoff_in_the_next_year_counts_decisions_up_to_that_day(province, commune, decided_on, counted):
    decision = small_year(province=province, commune=commune, n=1)
    _second_round_result(decision, stars=4, on=decided_on)  # the same product, upgraded in January
    late = small_year(province=province, commune=commune, n=1, start=5)
    late.date = decided_on
    late.save()
    Certificate.objects.filter(decision=late).update(valid_from=decided_on)
    cutoff = datetime.date(YEAR + 1, 1, 31)

    default = compute_figures(province=province, year=YEAR)
    to_cutoff = compute_figures(province=province, year=YEAR, cutoff=cutoff)

    assert (default["recognised"]["total"], default["recognised"]["by_stars"]["4"]) == (1, 0)
    assert (to_cutoff["recognised"]["total"], to_cutoff["recognised"]["by_stars"]["4"]) == (
        (2, 1) if counted else (1, 0)
    )
    # Lũy kế is at the cut-off: the late product's certificate is in force from its decision.
    assert to_cutoff["in_force"]["total"] == (2 if counted else 1)
    assert (default["year_end"], to_cutoff["year_end"]) == (f"{YEAR}-12-31", cutoff.isoformat())


def test_the_report_states_the_reference_date_of_luy_ke_and_the_cutoff(province, commune):
    small_year(province=province, commune=commune, n=2)
    ReportNarrative.objects.create(province=province, year=YEAR, cutoff_date=datetime.date(YEAR + 1, 1, 31))

    context = report_context(build_snapshot(province=province, year=YEAR, version=1))

    text = " ".join(context["assessment"] + context["evaluation"]["bullets"])
    assert f"Luỹ kế đến ngày 31/01/{YEAR + 1} toàn tỉnh có 2 sản phẩm OCOP còn hiệu lực" in text
    assert f"(quyết định công nhận từ ngày 01/01/{YEAR} đến ngày 31/01/{YEAR + 1}): 2 sản phẩm" in text


def test_without_a_cutoff_luy_ke_is_at_31_12(province, commune):
    small_year(province=province, commune=commune, n=1)

    context = report_context(build_snapshot(province=province, year=YEAR, version=1))

    assert f"Luỹ kế đến ngày 31/12/{YEAR} toàn tỉnh có 1 sản phẩm" in context["assessment"][1]
    assert "quyết định công nhận từ ngày" not in " ".join(context["evaluation"]["bullets"])


@pytest.mark.parametrize(
    ("cutoff", "saved"),
    [
        (datetime.date(YEAR, 1, 1), True),
        (datetime.date(YEAR - 1, 12, 31), False),
        (datetime.date(YEAR + 1, 6, 30), True),
        (datetime.date(YEAR + 1, 7, 1), False),
    ],
)
def test_a_cutoff_outside_the_year_and_the_next_half_year_is_refused(cutoff, saved, persona, client_for, province):
    response = client_for(persona("province_staff")).post(
        reverse("reports:narrative_save", args=[YEAR]),
        {"leadership": "Chỉ đạo.", "cutoff_date": cutoff.isoformat()},
        HTTP_HX_REQUEST="true",
    )

    stored = list(ReportNarrative.objects.filter(province=province, year=YEAR).values_list("cutoff_date", flat=True))
    if saved:
        assert response.status_code == 200
        assert stored == [cutoff]
    else:
        assert response.status_code == 422
        assert "Ngày chốt số liệu của báo cáo năm" in response.content.decode()
        assert stored == []
