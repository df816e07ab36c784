"""The annual report's figures (reports/figures.py): what the mutation run of issue 24 found no test
for (docs/mutation.md) — each part of the report as a whole value, with the rows that would change
it: the plan and the standing, a round's date and dossiers, the districts and groups in the
report's order and short names, another province's and another year's rows, the support by
category, source and decision, the programme's totals, the stated support, next year's planned
deadlines, the annexes' rows and the parts labelled illustrative."""

import datetime

import pytest

from evaluation.enums import AssignmentState, CertificateStatus, DecisionKind, DossierState, Level, Outcome
from evaluation.models import (
    Certificate,
    CertificateEvent,
    CouncilAssignment,
    Decision,
    DecisionItem,
    Dossier,
    RoundDeadline,
)
from evaluation.tests.factories import CouncilFactory, DossierFactory, RoundFactory, framework
from evaluation.tests.test_certificates_helpers import recognition_decision
from evaluation.tests.test_certificates_services import revocation_decision
from ocop_portal.testing import factories as f
from products.models import Producer, Product
from reports.figures import compute_figures
from reports.models import (
    ActivityFunding,
    BudgetAllocation,
    DevelopmentProject,
    IllustrativeRecord,
    PromotionEvent,
    StatedSupport,
    StatedSupportLine,
    YearPlan,
)
from support.enums import FundingSource, GrantState, SupportCategory
from support.models import BudgetLine, SupportGrant

from .factories import YEAR, small_year

pytestmark = pytest.mark.django_db
D = datetime.date


def _figures(province, **kwargs):
    return compute_figures(province=province, year=YEAR, **kwargs)


@pytest.fixture
def other_province(db):
    province = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    return f.CommuneFactory(parent=f.DistrictFactory(parent=province, name="Huyện Chi Lăng"))


# --- the header, the plan and the standing -------------------------------------------------------


def test_the_header_the_plan_against_the_result_and_the_standing(province, commune):
    small_year(province=province, commune=commune, n=2, target=3)
    YearPlan.objects.filter(province=province, year=YEAR).update(
        target_products_max=5, national_rank=12, regional_rank=3, region="Miền núi phía Bắc"
    )

    figures = _figures(province, cutoff=D(YEAR + 1, 1, 31))

    assert (figures["province"], figures["year"]) == ({"id": province.pk, "code": "24", "name": "Tỉnh Bắc Giang"}, YEAR)
    assert (figures["period_start"], figures["year_end"], figures["cutoff"]) == (
        f"{YEAR}-01-01",
        f"{YEAR + 1}-01-31",
        f"{YEAR + 1}-01-31",
    )
    assert figures["target"] == {"products": 3, "products_max": 5, "percent_of_plan": 66.67, "above_plan": -1}
    assert figures["standing"] == {"national_rank": 12, "regional_rank": 3, "region": "Miền núi phía Bắc"}
    assert "merged_from" not in figures


@pytest.mark.parametrize(
    ("plan", "target"),
    [
        (None, {"products": None, "products_max": None, "percent_of_plan": None, "above_plan": None}),
        (0, {"products": 0, "products_max": None, "percent_of_plan": None, "above_plan": 2}),
    ],
)
def test_without_a_plan_or_with_a_target_of_zero_there_is_no_percentage(province, commune, plan, target):
    small_year(province=province, commune=commune, n=2, target=0)
    if plan is None:
        YearPlan.objects.all().delete()

    figures = _figures(province)

    assert figures["target"] == target
    assert figures["standing"] == {"national_rank": None, "regional_rank": None, "region": ""}


def test_another_provinces_plans_of_the_same_years_are_not_this_provinces(province, commune, other_province):
    small_year(province=province, commune=commune, n=2, target=4)
    YearPlan.objects.create(province=province, year=YEAR + 1, target_products=6)
    # Created after this province's, so a read across provinces would find them last.
    elsewhere = other_province.parent.parent
    YearPlan.objects.create(province=elsewhere, year=YEAR, target_products=40, national_rank=1)
    YearPlan.objects.create(province=elsewhere, year=YEAR + 1, target_products=60)

    figures = _figures(province)

    assert figures["target"] == {"products": 4, "products_max": None, "percent_of_plan": 50.0, "above_plan": -2}
    assert figures["standing"]["national_rank"] is None
    assert figures["next_year"]["target_products"] == 6


# --- rounds ----------------------------------------------------------------------------------------


def test_a_rounds_date_is_its_last_scoring_deadline_else_its_first_recognition(province, commune, other_province):
    with_deadlines = small_year(province=province, commune=commune, n=2)
    round_1 = with_deadlines.items.first().dossier.round
    round_1.number, round_1.title = 1, "Đợt 1 năm 2025"
    round_1.save()
    for level, scoring in (
        (Level.PROVINCE, D(YEAR, 7, 20)),
        (Level.DISTRICT, D(YEAR, 6, 10)),
        (Level.COMMUNE, D(YEAR, 5, 2)),
        (Level.CENTRAL, None),  # a submission deadline only
    ):
        RoundDeadline.objects.create(round=round_1, level=level, scoring=scoring, submission=D(YEAR, 4, 1))
    # The same dossier named by a correcting decision: still one dossier of the round.
    correction = recognition_decision(province=province, on=D(YEAR, 12, 1))
    DecisionItem.objects.create(decision=correction, dossier=with_deadlines.items.first().dossier, recognised_stars=3)

    later = small_year(province=province, commune=commune, n=1, start=10)
    round_2 = later.items.get().dossier.round
    round_2.number = 2
    round_2.save()
    earlier = recognition_decision(province=province, on=D(YEAR, 9, 3))
    DecisionItem.objects.create(decision=earlier, dossier=later.items.get().dossier, recognised_stars=3)

    RoundFactory(province=province, year=YEAR, framework=framework("148"), number=3, title="Đợt 3")
    RoundFactory(province=province, year=YEAR - 1, framework=framework("148"), number=1)
    small_year(province=other_province.parent.parent, commune=other_province, n=1, start=50)

    assert _figures(province)["rounds"] == [
        {"number": 1, "title": "Đợt 1 năm 2025", "dossiers": 2, "date": f"{YEAR}-07-20"},
        {"number": 2, "title": "", "dossiers": 1, "date": f"{YEAR}-09-03"},
        {"number": 3, "title": "Đợt 3", "dossiers": 0, "date": None},
    ]


def test_a_round_scored_up_to_the_ministry_dates_from_the_ministrys_deadline(province, commune):
    """QĐ 26/2026: a 5★ candidate is scored by the Ministry after the province, so the central
    level's scoring deadline is the round's last (the chain's order, not the levels' names)."""
    round_ = RoundFactory(province=province, year=YEAR, framework=framework("26/2026"), number=4, title="Đợt 4")
    for level, scoring in ((Level.CENTRAL, D(YEAR, 9, 15)), (Level.PROVINCE, D(YEAR, 7, 20))):
        RoundDeadline.objects.create(round=round_, level=level, scoring=scoring, submission=D(YEAR, 4, 1))

    assert _figures(province)["rounds"] == [{"number": 4, "title": "Đợt 4", "dossiers": 0, "date": f"{YEAR}-09-15"}]


# --- proposed and recognised, by district and group ----------------------------------------------


@pytest.fixture
def city(province):
    return f.CommuneFactory(
        parent=f.DistrictFactory(parent=province, name="Thành phố Bắc Giang", unit_type="Thành phố"),
        name="Phường Trần Phú",
        unit_type="Phường",
    )


def _drinks():
    return f.ProductSetFactory(
        code="05", name="Đồ uống có cồn", group=f.ProductGroupFactory(code="II", name="Ngành đồ uống", order=2)
    )


def test_proposed_products_by_district_and_group_in_the_reports_order(province, commune, other_commune, city):
    round_ = RoundFactory(province=province, year=YEAR, framework=framework("148"))

    def proposed(unit, *, product_set=None, district=True):
        product = f.ProductFactory(producer__commune=unit, **({"product_set": product_set} if product_set else {}))
        DossierFactory(
            product=product,
            round=round_,
            state=DossierState.ACCEPTED,
            current_level=Level.DISTRICT,
            **({} if district else {"district": None}),
        )

    for unit in (other_commune, other_commune, city, city, commune):
        proposed(unit)
    proposed(commune, product_set=_drinks())
    proposed(commune, district=False)

    assert _figures(province)["proposed"] == {
        "total": 7,
        "by_district": [
            {"name": "Lục Ngạn", "count": 2},
            {"name": "TP. Bắc Giang", "count": 2},
            {"name": "Yên Thế", "count": 2},
            {"name": "—", "count": 1},
        ],
        "by_group": [{"name": "thực phẩm", "count": 6}, {"name": "đồ uống", "count": 1}],
    }


def test_proposed_districts_go_by_count_then_name_and_groups_by_the_groups_order(
    province, commune, other_commune, city
):
    round_ = RoundFactory(province=province, year=YEAR, framework=framework("148"))
    drinks_first = f.ProductSetFactory(
        code="05", name="Đồ uống có cồn", group=f.ProductGroupFactory(code="II", name="Ngành đồ uống", order=0)
    )
    for unit, product_set in (
        (commune, None),
        (commune, None),
        (commune, drinks_first),
        (city, None),
        (city, None),
        (other_commune, None),
    ):
        DossierFactory(
            product=f.ProductFactory(producer__commune=unit, **({"product_set": product_set} if product_set else {})),
            round=round_,
            state=DossierState.ACCEPTED,
            current_level=Level.DISTRICT,
        )

    proposed = _figures(province)["proposed"]

    assert proposed["by_district"] == [
        {"name": "Yên Thế", "count": 3},
        {"name": "TP. Bắc Giang", "count": 2},
        {"name": "Lục Ngạn", "count": 1},
    ]
    assert proposed["by_group"] == [{"name": "đồ uống", "count": 1}, {"name": "thực phẩm", "count": 5}]


def test_recognised_products_by_stars_and_district_in_the_reports_order(province, commune, other_commune, city):
    small_year(province=province, commune=commune, n=1, stars=5)
    small_year(province=province, commune=other_commune, n=2, stars=4, start=10)
    small_year(province=province, commune=city, n=1, stars=3, start=20)
    small_year(province=province, commune=city, n=1, stars=4, start=30)
    no_district = small_year(province=province, commune=commune, n=1, start=40)
    Dossier.objects.filter(decision_items__decision=no_district).update(district=None)

    recognised = _figures(province)["recognised"]

    assert (recognised["total"], recognised["by_stars"]) == (6, {"5": 1, "4": 3, "3": 2})
    assert recognised["by_district"] == [
        {"name": "Lục Ngạn", "stars": {"5": 0, "4": 2, "3": 0}, "total": 2},
        {"name": "TP. Bắc Giang", "stars": {"5": 0, "4": 1, "3": 1}, "total": 2},
        {"name": "Yên Thế", "stars": {"5": 1, "4": 0, "3": 0}, "total": 1},
        {"name": "—", "stars": {"5": 0, "4": 0, "3": 1}, "total": 1},
    ]
    assert recognised["by_producer_kind"] == [
        {"kind": "cooperative", "label": "Hợp tác xã", "products": 6, "producers": 6}
    ]


def test_potential_five_stars_are_products_the_province_forwarded_this_year_here(province, commune, other_province):
    decision = small_year(province=province, commune=commune, n=3)
    first, second, third = (item.dossier for item in decision.items.order_by("id"))
    again = DossierFactory(
        product=first.product, round=RoundFactory(province=province, year=YEAR, framework=framework("148"))
    )
    last_year = DossierFactory(
        product__producer__commune=commune,
        round=RoundFactory(province=province, year=YEAR - 1, framework=framework("148")),
    )
    elsewhere = small_year(province=other_province.parent.parent, commune=other_province, n=1, start=50)
    council = CouncilFactory(province=province, jurisdiction=province, level=Level.PROVINCE)
    for dossier, outcome in (
        (first, Outcome.FORWARD),
        (again, Outcome.FORWARD),  # the same product twice: once
        (second, Outcome.RECOGNISE),
        (last_year, Outcome.FORWARD),
        (elsewhere.items.get().dossier, Outcome.FORWARD),
    ):
        CouncilAssignment.objects.create(
            council=council, dossier=dossier, level=Level.PROVINCE, state=AssignmentState.CLOSED, outcome=outcome
        )
    assert third  # not assessed at the province

    assert _figures(province)["recognised"]["potential_five"] == 1


# --- upgrades, in force, changes ------------------------------------------------------------------


def _superseding(old, stars, decided_on, *, province=None):
    """A later certificate of `old`'s product, from a decision dated `decided_on`, superseding it."""
    decision = recognition_decision(province=province or old.province, on=decided_on)
    Certificate.objects.filter(pk=old.pk).update(status=CertificateStatus.SUPERSEDED)
    new = Certificate.objects.get(pk=old.pk)
    new.pk, new.number, new.public_code, new.stars = None, f"{old.number}-M", f"{old.public_code}M", stars
    new.decision, new.valid_from, new.valid_until = decision, decided_on, decided_on.replace(year=decided_on.year + 3)
    new.province = province or old.province
    new.status = CertificateStatus.VALID
    new.save()
    Certificate.objects.filter(pk=old.pk).update(superseded_by=new)
    return new


def test_upgrades_are_counted_in_the_period_here_per_pair_of_stars(province, commune, other_province):
    small_year(province=province, commune=commune, n=6, year=YEAR - 2)
    olds = list(Certificate.objects.order_by("number"))
    _superseding(olds[0], 4, D(YEAR, 1, 1))
    _superseding(olds[1], 4, D(YEAR, 12, 31))
    _superseding(olds[2], 5, D(YEAR, 6, 1))
    _superseding(olds[3], 4, D(YEAR - 1, 12, 31))  # the year before
    _superseding(olds[4], 4, D(YEAR + 1, 1, 1))  # the year after
    _superseding(olds[5], 4, D(YEAR, 6, 1), province=other_province.parent.parent)

    assert _figures(province)["upgrades"] == [{"from": 3, "to": 4, "count": 2}, {"from": 3, "to": 5, "count": 1}]


def test_a_report_cut_off_in_january_counts_januarys_upgrades_recognitions_and_revocations(province, commune):
    small_year(province=province, commune=commune, n=2, year=YEAR - 2)
    upgraded, revoked = Certificate.objects.order_by("number")
    _superseding(upgraded, 4, D(YEAR + 1, 1, 15))
    revocation = revocation_decision(province, on=D(YEAR + 1, 1, 20), number="7/QĐ-TH")
    Certificate.objects.filter(pk=revoked.pk).update(
        status=CertificateStatus.REVOKED, revocation_decision=revocation, revocation_ground="production_stopped"
    )
    january = small_year(province=province, commune=commune, n=1, start=20)
    Decision.objects.filter(pk=january.pk).update(date=D(YEAR + 1, 1, 10))

    to_31_12 = _figures(province)
    to_31_01 = _figures(province, cutoff=D(YEAR + 1, 1, 31))

    assert to_31_12["upgrades"] == []
    assert to_31_01["upgrades"] == [{"from": 3, "to": 4, "count": 1}]
    assert to_31_12["annex"]["recognised_products"] == []
    assert [row["product"] for row in to_31_01["annex"]["recognised_products"]] == ["Sản phẩm thử 20"]
    assert to_31_12["annex"]["revoked_certificates"] == []
    assert [row["certificate"] for row in to_31_01["annex"]["revoked_certificates"]] == [revoked.number]
    assert to_31_12["certificates"]["revoked_total"] == 0
    assert to_31_01["certificates"]["revoked"] == [
        {"ground": "production_stopped", "label": "Ngừng sản xuất", "count": 1}
    ]


def test_certificates_in_force_by_district_and_expiring_next_year(province, commune, other_commune, city):
    small_year(province=province, commune=commune, n=1, stars=5)
    small_year(province=province, commune=other_commune, n=2, stars=4, start=10)
    small_year(province=province, commune=city, n=1, stars=3, start=20)
    Certificate.objects.filter(district__name="Huyện Lục Ngạn").update(valid_until=D(YEAR + 1, 12, 31))
    Certificate.objects.filter(district__name="Huyện Yên Thế").update(district=None)

    in_force = _figures(province)["in_force"]

    assert in_force == {
        "total": 4,
        "by_stars": {"5": 1, "4": 2, "3": 1},
        "by_district": [
            {"name": "Lục Ngạn", "stars": {"5": 0, "4": 2, "3": 0}, "total": 2},
            {"name": "TP. Bắc Giang", "stars": {"5": 0, "4": 0, "3": 1}, "total": 1},
            {"name": "—", "stars": {"5": 1, "4": 0, "3": 0}, "total": 1},
        ],
        "expiring_next_year": 2,
    }


def test_certificates_in_force_of_one_star_count_add_up_over_the_districts(province, commune, other_commune, city):
    small_year(province=province, commune=commune, n=1, stars=4)
    small_year(province=province, commune=other_commune, n=2, stars=4, start=10)
    small_year(province=province, commune=city, n=1, stars=4, start=20)

    in_force = _figures(province)["in_force"]

    assert (in_force["total"], in_force["by_stars"]) == (4, {"5": 0, "4": 4, "3": 0})


def test_a_product_upgraded_twice_between_the_same_stars_in_the_year_counts_once(province, commune):
    small_year(province=province, commune=commune, n=1, year=YEAR - 2)
    first = Certificate.objects.get()
    upgraded = _superseding(first, 4, D(YEAR, 3, 1))
    Certificate.objects.filter(pk=upgraded.pk).update(status=CertificateStatus.REVOKED)
    # recognised at 3 stars again, then upgraded again in the autumn
    again = Certificate.objects.get(pk=first.pk)
    again.pk, again.number, again.public_code = None, f"{first.number}-2", f"{first.public_code}2"
    again.status, again.superseded_by = CertificateStatus.VALID, None
    again.save()
    _superseding(again, 4, D(YEAR, 10, 1))

    assert _figures(province)["upgrades"] == [{"from": 3, "to": 4, "count": 1}]


def test_a_certificate_revoked_without_a_ground_is_counted_with_a_blank_label(province, commune):
    small_year(province=province, commune=commune, n=1)
    decision = revocation_decision(province, on=D(YEAR, 12, 1))
    Certificate.objects.update(status=CertificateStatus.REVOKED, revocation_decision=decision, revocation_ground="")

    assert _figures(province)["certificates"]["revoked"] == [{"ground": "", "label": "", "count": 1}]


def test_districts_in_force_go_by_total_then_vietnamese_alphabetical_order(province, commune):
    # Codepoint order would put "Đ…" after "Y…", and the larger total after the smaller.
    for index, (name, count) in enumerate(
        (("Huyện Yên Thế", 1), ("Huyện Đức Thọ", 1), ("Huyện Lục Ngạn", 2), ("Huyện Ân Thi", 1), ("Huyện Ba Vì", 1))
    ):
        district = f.DistrictFactory(parent=province, name=name)
        small_year(province=province, commune=f.CommuneFactory(parent=district), n=count, start=10 * index)

    figures = _figures(province)

    expected = [("Lục Ngạn", 2), ("Ân Thi", 1), ("Ba Vì", 1), ("Đức Thọ", 1), ("Yên Thế", 1)]
    assert [(row["name"], row["total"]) for row in figures["in_force"]["by_district"]] == expected
    assert [(row["name"], row["total"]) for row in figures["recognised"]["by_district"]] == expected


def test_a_product_with_two_certificates_in_force_counts_once_and_expires_once(province, commune):
    small_year(province=province, commune=commune, n=2)
    first, second = Certificate.objects.order_by("number")
    # An earlier record of the product closed by hand (status only, no event) and a second
    # certificate recorded without superseding it: both run past 31/12 by their dates.
    Certificate.objects.filter(pk=first.pk).update(valid_until=D(YEAR + 1, 3, 1), status=CertificateStatus.EXPIRED)
    second.pk, second.number, second.public_code = None, "OCOP-24-DUP", "TDUP0001"
    second.product, second.producer, second.dossier = first.product, first.producer, first.dossier
    second.valid_until = D(YEAR + 1, 9, 1)
    second.save()

    in_force = _figures(province)["in_force"]

    assert (in_force["total"], in_force["expiring_next_year"]) == (2, 1)


def test_certificates_expired_are_counted_to_the_reports_cutoff_day(province, commune):
    small_year(province=province, commune=commune, n=3, year=YEAR - 2)
    for certificate, until in zip(
        Certificate.objects.order_by("number"), (D(YEAR, 12, 31), D(YEAR + 1, 1, 31), D(YEAR + 1, 2, 1)), strict=True
    ):
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=until)

    assert _figures(province)["certificates"]["expired"] == 1
    assert _figures(province, cutoff=D(YEAR + 1, 1, 31))["certificates"]["expired"] == 2


def test_expired_and_revoked_certificates_with_their_grounds_and_the_annex(province, commune, other_province):
    small_year(province=province, commune=commune, n=5)
    certificates = list(Certificate.objects.order_by("number"))
    Certificate.objects.filter(pk=certificates[0].pk).update(valid_until=D(YEAR, 3, 1))  # expired
    for certificate, ground, day in (
        (certificates[1], "food_safety", D(YEAR, 12, 20)),
        (certificates[2], "production_stopped", D(YEAR, 12, 1)),
        (certificates[3], "production_stopped", D(YEAR, 12, 5)),
    ):
        decision = revocation_decision(province, on=day, number=f"{day.day}/QĐ-UBND")
        Certificate.objects.filter(pk=certificate.pk).update(
            status=CertificateStatus.REVOKED, revocation_decision=decision, revocation_ground=ground
        )
    small_year(province=other_province.parent.parent, commune=other_province, n=1, start=50)
    Certificate.objects.filter(province__code="20").update(valid_until=D(YEAR, 3, 1))

    figures = _figures(province)

    assert figures["certificates"] == {
        "expired": 1,
        "revoked": [
            {"ground": "production_stopped", "label": "Ngừng sản xuất", "count": 2},
            {"ground": "food_safety", "label": "Vi phạm an toàn thực phẩm", "count": 1},
        ],
        "revoked_total": 3,
    }
    product = Certificate.objects.get(pk=certificates[2].pk).product
    assert figures["annex"]["revoked_certificates"][0] == {
        "certificate": certificates[2].number,
        "product": product.name,
        "producer": product.producer.name,
        "district": "Yên Thế",
        "stars": 3,
        "ground": "Ngừng sản xuất",
        "decision": "1/QĐ-UBND",
        "date": f"{YEAR}-12-01",
    }
    assert [row["certificate"] for row in figures["annex"]["revoked_certificates"]] == [
        certificates[2].number,
        certificates[3].number,
        certificates[1].number,
    ]


# --- the annex of recognised products --------------------------------------------------------------


def test_the_annex_lists_each_product_once_at_its_best_result_of_the_year(province, commune):
    decision = small_year(province=province, commune=commune, n=2)
    first = decision.items.order_by("id").first().dossier
    # The first product: named again with 3★ by a later correcting decision (the tie goes to it).
    later = recognition_decision(province=province, on=D(YEAR, 12, 5))
    DecisionItem.objects.create(decision=later, dossier=first, recognised_stars=3)
    certificate = Certificate.objects.get(dossier=first)

    annex = _figures(province)["annex"]["recognised_products"]

    assert [row["product"] for row in annex] == ["Sản phẩm thử 0", "Sản phẩm thử 1"]
    assert annex[0] == {
        "product": "Sản phẩm thử 0",
        "producer": first.product.producer.name,
        "district": "Yên Thế",
        "group": "Thực phẩm",
        "stars": 3,
        "certificate": "",  # the correcting decision issued no certificate
        "valid_until": None,
        "decision": later.number,
        "decision_date": f"{YEAR}-12-05",
        "illustrative": False,
    }
    assert (annex[1]["certificate"], annex[1]["valid_until"], annex[1]["decision"]) == (
        Certificate.objects.exclude(pk=certificate.pk).get().number,
        f"{YEAR + 3}-11-20",
        decision.number,
    )


def test_the_annex_gives_each_product_its_own_certificate_and_more_stars_first(province, commune):
    small_year(province=province, commune=commune, n=3)
    small_year(province=province, commune=commune, n=1, stars=4, start=10)

    annex = _figures(province)["annex"]["recognised_products"]

    # One district: the 4★ product before the 3★ ones, whose names come in order.
    assert [(row["product"], row["stars"]) for row in annex] == [
        ("Sản phẩm thử 10", 4),
        ("Sản phẩm thử 0", 3),
        ("Sản phẩm thử 1", 3),
        ("Sản phẩm thử 2", 3),
    ]
    own = dict(Certificate.objects.values_list("product__name", "number"))
    assert [row["certificate"] for row in annex] == [own[row["product"]] for row in annex]
    assert len(own) == 4


def test_a_revoked_certificate_without_a_district_or_a_ground_leaves_them_blank(province, commune):
    small_year(province=province, commune=commune, n=1)
    decision = revocation_decision(province, on=D(YEAR, 12, 1), number="1/QĐ-UBND")
    Certificate.objects.update(
        status=CertificateStatus.REVOKED, revocation_decision=decision, revocation_ground="", district=None
    )

    [row] = _figures(province)["annex"]["revoked_certificates"]

    assert (row["district"], row["ground"], row["decision"]) == ("", "", "1/QĐ-UBND")


def test_a_product_recognised_without_a_district_has_a_blank_district_in_the_annex(province, commune):
    """The 2025 map has no districts: a dossier filed since has none."""
    decision = small_year(province=province, commune=commune, n=1)
    Dossier.objects.filter(decision_items__decision=decision).update(district=None)

    [row] = _figures(province)["annex"]["recognised_products"]

    assert (row["product"], row["district"]) == ("Sản phẩm thử 0", "")


def test_certificates_revoked_on_one_day_are_listed_by_number(province, commune):
    """Entry order and table order do not decide: each one's decision is rewritten, the last
    certificate first, then the first one first."""
    small_year(province=province, commune=commune, n=4)
    certificates = list(Certificate.objects.order_by("number"))
    decision = revocation_decision(province, on=D(YEAR, 12, 1), number="1/QĐ-UBND")
    for ground, rewritten in (("production_stopped", certificates[::-1]), ("food_safety", certificates)):
        for certificate in rewritten:
            Certificate.objects.filter(pk=certificate.pk).update(
                status=CertificateStatus.REVOKED, revocation_decision=decision, revocation_ground=ground
            )

        annex = _figures(province)["annex"]["revoked_certificates"]

        assert [row["certificate"] for row in annex] == [c.number for c in certificates]


def test_a_certificate_revoked_by_an_event_without_a_decision_has_a_blank_decision(province, commune):
    """A revocation recorded as the certificate's status change only (no decision entered)."""
    small_year(province=province, commune=commune, n=1)
    certificate = Certificate.objects.get()
    Certificate.objects.filter(pk=certificate.pk).update(status=CertificateStatus.REVOKED)
    CertificateEvent.objects.create(
        certificate=certificate,
        date=D(YEAR, 12, 10),
        from_status=CertificateStatus.VALID,
        to_status=CertificateStatus.REVOKED,
        reason="Thu hồi",
    )

    [row] = _figures(province)["annex"]["revoked_certificates"]

    assert (row["certificate"], row["decision"], row["date"]) == (certificate.number, "", None)


def test_a_better_result_earlier_in_the_year_is_the_one_listed(province, commune):
    decision = small_year(province=province, commune=commune, n=1, stars=4)
    later = recognition_decision(province=province, on=D(YEAR, 12, 5))
    DecisionItem.objects.create(decision=later, dossier=decision.items.get().dossier, recognised_stars=3)

    [row] = _figures(province)["annex"]["recognised_products"]

    assert (row["stars"], row["decision"]) == (4, decision.number)


def test_a_merged_provinces_annex_names_the_commune_and_the_former_province(province, commune):
    merged = f.ProvinceFactory(code="99", name="Tỉnh Hợp Nhất")
    province.carried_into = merged
    province.save()
    small_year(province=province, commune=commune, n=1)

    figures = _figures(merged)

    assert figures["merged_from"] == ["Tỉnh Bắc Giang"]
    [row] = figures["annex"]["recognised_products"]
    assert (row["commune"], row["former_province"], row["district"]) == ("Xã Đồng Tiến", "Tỉnh Bắc Giang", "Yên Thế")


def test_the_annex_goes_by_district_and_for_a_merged_province_by_commune_with_the_former_province(
    province, commune, other_commune
):
    # An Thượng (Yên Thế) comes before Cấm Sơn (Lục Ngạn) by commune, after it by district.
    an_thuong = f.CommuneFactory(parent=commune.parent, code="07240", name="Xã An Thượng")
    small_year(province=province, commune=an_thuong, n=1)
    small_year(province=province, commune=other_commune, n=1, start=10)

    by_district = _figures(province)["annex"]["recognised_products"]

    assert [(row["district"], row["product"]) for row in by_district] == [
        ("Lục Ngạn", "Sản phẩm thử 10"),
        ("Yên Thế", "Sản phẩm thử 0"),
    ]
    merged = f.ProvinceFactory(code="99", name="Tỉnh Hợp Nhất")
    province.carried_into = merged
    province.save()
    # and a product recognised by the merged province itself: no former province
    since_the_merger = small_year(province=merged, commune=other_commune, n=1, start=20)
    Dossier.objects.filter(decision_items__decision=since_the_merger).update(province=merged)
    by_commune = _figures(merged)["annex"]["recognised_products"]
    assert [(row["commune"], row["product"], row["former_province"]) for row in by_commune] == [
        ("Xã An Thượng", "Sản phẩm thử 0", "Tỉnh Bắc Giang"),
        ("Xã Cấm Sơn", "Sản phẩm thử 10", "Tỉnh Bắc Giang"),
        ("Xã Cấm Sơn", "Sản phẩm thử 20", ""),
    ]


# --- support ----------------------------------------------------------------------------------------


def _grant(producer, line, *, amount, **fields):
    """An approved grant of one unit to `producer` on `line`."""
    return SupportGrant.objects.create(
        producer=producer,
        budget_line=line,
        amount=amount,
        units=1,
        description="Hỗ trợ",
        state=GrantState.APPROVED,
        **fields,
    )


def _budget_line(province, category=SupportCategory.LABELS_PACKAGING):
    """A provincial budget line of the province for the report year, for `category`."""
    return BudgetLine.objects.create(
        province=province,
        year=YEAR,
        funding_source=FundingSource.PROVINCIAL,
        category=category,
        allocated_amount=100_000_000,
        decision_number="1/KH",
        decision_date=D(YEAR, 1, 5),
    )


def test_support_by_category_source_and_decision_with_the_annex(province, commune, other_province):
    small_year(province=province, commune=commune, n=2)  # two food-safety grants of 4,9 million, no decision
    producer = f.ProducerFactory(commune=commune, name="Công ty Ánh Dương")
    labels, trademark = (
        BudgetLine.objects.create(
            province=province,
            year=YEAR,
            funding_source=FundingSource.CENTRAL_NTM,
            category=category,
            allocated_amount=100_000_000,
            decision_number=number,
            decision_date=D(YEAR, 1, 5),
        )
        for category, number in ((SupportCategory.LABELS_PACKAGING, "2/KH"), (SupportCategory.TRADEMARK, "3/KH"))
    )
    for line, amount, units, state in (
        (labels, 10_000_000, 2, GrantState.APPROVED),
        (labels, 5_000_000, 1, GrantState.PAID),
        (trademark, 20_000_000, 1, GrantState.PAID_IN_PART),
        (trademark, 99_000_000, 9, GrantState.PROPOSED),
    ):
        SupportGrant.objects.create(
            producer=producer,
            budget_line=line,
            amount=amount,
            units=units,
            counterpart_amount=1_000_000,
            description="Hỗ trợ",
            state=state,
            decision_number="2121/QĐ-UBND",
            decision_date=D(YEAR, 10, 22),
        )
    small_year(province=other_province.parent.parent, commune=other_province, n=1, start=50)

    support = _figures(province)["support"]

    assert support["categories"] == [
        {
            "category": "labels_packaging",
            "label": "Tem nhãn mác, bao bì",
            "unit": "đơn vị",
            "grants": 2,
            "units": 3,
            "amount": 15_000_000,
            "producers": 1,
        },
        {
            "category": "trademark",
            "label": "Quản lý nhãn hiệu",
            "unit": "đơn vị",
            "grants": 1,
            "units": 1,
            "amount": 20_000_000,
            "producers": 1,
        },
        {
            "category": "food_safety_testing",
            "label": "Kiểm nghiệm chỉ tiêu ATTP",
            "unit": "sản phẩm",
            "grants": 2,
            "units": 2,
            "amount": 9_800_000,
            "producers": 2,
        },
    ]
    assert support["sources"] == [
        {
            "source": "central_ntm",
            "label": "Vốn sự nghiệp Chương trình MTQG xây dựng nông thôn mới (trung ương)",
            "amount": 35_000_000,
            "counterpart": 3_000_000,
        },
        {"source": "provincial", "label": "Ngân sách tỉnh", "amount": 9_800_000, "counterpart": 0},
    ]
    assert support["decisions"] == [
        {
            "number": "2121/QĐ-UBND",
            "date": f"{YEAR}-10-22",
            "categories": [
                {"label": "Tem nhãn mác, bao bì", "unit": "đơn vị", "units": 3, "amount": 15_000_000},
                {"label": "Quản lý nhãn hiệu", "unit": "đơn vị", "units": 1, "amount": 20_000_000},
            ],
            "units": 4,
            "amount": 35_000_000,
        }
    ]
    assert support["without_decision"] == [
        {"label": "Kiểm nghiệm chỉ tiêu ATTP", "unit": "sản phẩm", "units": 2, "amount": 9_800_000}
    ]
    assert support["total_amount"] == 44_800_000
    annex = _figures(province)["annex"]["support_grants"]
    assert [(row["producer"], row["category"], row["amount"]) for row in annex] == [
        (annex[0]["producer"], "Kiểm nghiệm chỉ tiêu ATTP", 4_900_000),
        (annex[1]["producer"], "Kiểm nghiệm chỉ tiêu ATTP", 4_900_000),
        ("Công ty Ánh Dương", "Tem nhãn mác, bao bì", 10_000_000),
        ("Công ty Ánh Dương", "Tem nhãn mác, bao bì", 5_000_000),
        ("Công ty Ánh Dương", "Quản lý nhãn hiệu", 20_000_000),
    ]
    assert annex[2] == {
        "producer": "Công ty Ánh Dương",
        "product": "",
        "district": "Yên Thế",
        "category": "Tem nhãn mác, bao bì",
        "source": "Vốn sự nghiệp Chương trình MTQG xây dựng nông thôn mới (trung ương)",
        "units": 2,
        "amount": 10_000_000,
        "decision": "2121/QĐ-UBND",
        "decision_date": f"{YEAR}-10-22",
    }
    assert sorted((row["product"], row["decision"], row["decision_date"]) for row in annex[:2]) == [
        ("Sản phẩm thử 0", "", None),
        ("Sản phẩm thử 1", "", None),
    ]


def test_the_grants_annex_goes_by_producer_in_vietnamese_order_then_by_entry(province, commune):
    """Within a category, producers in Vietnamese alphabetical order; one producer's grants in the
    order entered, whatever the table order (each one rewritten, the last entered first, then
    the first entered first)."""
    line = _budget_line(province)
    entered = []
    for name, amount in (
        ("HTX Đồng Tâm", 1_000_000),
        ("Công ty Ánh Dương", 2_000_000),
        ("HTX Bình Minh", 3_000_000),
        ("HTX Đồng Tâm", 4_000_000),
        ("HTX Đồng Tâm", 5_000_000),
    ):
        producer = Producer.objects.filter(name=name).first() or f.ProducerFactory(commune=commune, name=name)
        entered.append(_grant(producer, line, amount=amount))
    for units, rewritten in ((2, entered[::-1]), (3, entered)):
        for grant in rewritten:
            SupportGrant.objects.filter(pk=grant.pk).update(units=units)

        annex = _figures(province)["annex"]["support_grants"]

        assert [(row["producer"], row["amount"]) for row in annex] == [
            ("Công ty Ánh Dương", 2_000_000),
            ("HTX Bình Minh", 3_000_000),
            ("HTX Đồng Tâm", 1_000_000),
            ("HTX Đồng Tâm", 4_000_000),
            ("HTX Đồng Tâm", 5_000_000),
        ]


def test_a_grant_to_a_producer_without_a_district_has_a_blank_district_in_the_annex(province, commune):
    """The 2025 map has no districts: a producer registered since has none."""
    producer = f.ProducerFactory(commune=commune, name="HTX Chè Bắc Sơn")
    Producer.objects.filter(pk=producer.pk).update(district=None)
    line = _budget_line(province)
    _grant(producer, line, amount=1_000_000)

    [row] = _figures(province)["annex"]["support_grants"]

    assert (row["producer"], row["district"]) == ("HTX Chè Bắc Sơn", "")


def test_support_decisions_of_one_day_are_listed_by_number(province, commune):
    producer = f.ProducerFactory(commune=commune, name="HTX Chè Bắc Sơn")
    for category, decision_number in (
        (SupportCategory.LABELS_PACKAGING, "2160/QĐ-UBND"),
        (SupportCategory.TRADEMARK, "2150/QĐ-UBND"),
    ):
        line = _budget_line(province, category)
        _grant(producer, line, amount=10_000_000, decision_number=decision_number, decision_date=D(YEAR, 10, 22))

    decisions = _figures(province)["support"]["decisions"]

    assert [(row["number"], row["date"]) for row in decisions] == [
        ("2150/QĐ-UBND", f"{YEAR}-10-22"),
        ("2160/QĐ-UBND", f"{YEAR}-10-22"),
    ]


def test_support_decisions_go_by_date_then_number_and_one_without_a_date_comes_last(province, commune):
    producer = f.ProducerFactory(commune=commune, name="HTX Chè Bắc Sơn")
    line = _budget_line(province)
    for decision_number, decision_date in (
        ("7/QĐ-UBND", None),
        ("12/QĐ-UBND", D(YEAR, 6, 1)),
        ("5/QĐ-UBND", D(YEAR, 3, 1)),
    ):
        _grant(producer, line, amount=10_000_000, decision_number=decision_number, decision_date=decision_date)

    decisions = _figures(province)["support"]["decisions"]

    assert [(row["number"], row["date"]) for row in decisions] == [
        ("5/QĐ-UBND", f"{YEAR}-03-01"),
        ("12/QĐ-UBND", f"{YEAR}-06-01"),
        ("7/QĐ-UBND", None),
    ]


def test_stated_support_as_the_report_states_it(province, commune, other_province):
    small_year(province=province, commune=commune, n=1)
    with_total = StatedSupport.objects.create(
        province=province, year=YEAR, decision_number="2121/QĐ-UBND", decision_date=D(YEAR, 10, 22), amount=460_000_000
    )
    StatedSupportLine.objects.create(support=with_total, category=SupportCategory.LABELS_PACKAGING, units=19)
    StatedSupportLine.objects.create(support=with_total, category=SupportCategory.TRADEMARK, units=3)
    lines_only = StatedSupport.objects.create(province=province, year=YEAR)
    StatedSupportLine.objects.create(
        support=lines_only, category=SupportCategory.FOOD_SAFETY_TESTING, units=15, amount=73_600_000
    )
    StatedSupportLine.objects.create(support=lines_only, category=SupportCategory.TRAINING, units=2)
    StatedSupport.objects.create(province=province, year=YEAR - 1, amount=1)
    StatedSupport.objects.create(province=other_province.parent.parent, year=YEAR, amount=1)

    support = _figures(province)["support"]

    assert support["stated"] == [
        {
            "decision": "2121/QĐ-UBND",
            "date": f"{YEAR}-10-22",
            "amount": 460_000_000,
            "units": 22,
            "lines": [
                {
                    "category": "labels_packaging",
                    "label": "Tem nhãn mác, bao bì",
                    "unit": "đơn vị",
                    "units": 19,
                    "amount": None,
                },
                {"category": "trademark", "label": "Quản lý nhãn hiệu", "unit": "đơn vị", "units": 3, "amount": None},
            ],
        },
        {
            "decision": "",
            "date": None,
            "amount": None,
            "units": 17,
            "lines": [
                {
                    "category": "food_safety_testing",
                    "label": "Kiểm nghiệm chỉ tiêu ATTP",
                    "unit": "sản phẩm",
                    "units": 15,
                    "amount": 73_600_000,
                },
                {"category": "training", "label": "Đào tạo, tập huấn", "unit": "lớp", "units": 2, "amount": None},
            ],
        },
    ]
    assert support["stated_total"] == 460_000_000 + 73_600_000


# --- the programme ------------------------------------------------------------------------------------


def test_stated_support_goes_by_decision_date_not_by_entry(province, commune):
    for number, day in (("300/QĐ-UBND", D(YEAR, 12, 1)), ("100/QĐ-UBND", D(YEAR, 3, 1))):
        StatedSupport.objects.create(province=province, year=YEAR, decision_number=number, decision_date=day, amount=1)

    stated = _figures(province)["support"]["stated"]

    assert [(row["decision"], row["date"]) for row in stated] == [
        ("100/QĐ-UBND", f"{YEAR}-03-01"),
        ("300/QĐ-UBND", f"{YEAR}-12-01"),
    ]


def test_the_programme_with_its_funding_rows(province, commune):
    small_year(province=province, commune=commune, n=1)
    scope = {"province": province, "year": YEAR}
    BudgetAllocation.objects.create(
        **scope, amount=300, source="Ngân sách tỉnh", decision_number="5/QĐ", decision_date=D(YEAR, 3, 1)
    )
    BudgetAllocation.objects.create(
        **scope, amount=200, source="Trung ương", decision_number="2/QĐ", decision_date=D(YEAR, 2, 1)
    )
    BudgetAllocation.objects.create(province=province, year=YEAR - 1, amount=7, source="Năm trước")
    PromotionEvent.objects.create(**scope, name="Hội chợ OCOP", place="Bắc Giang", participants=40, cost=50)
    PromotionEvent.objects.create(**scope, name="Tuần hàng", cost=None)
    DevelopmentProject.objects.create(
        **scope, name="Dự án gà", beneficiary="HTX", place="Yên Thế", total_cost=900, state_share=300
    )
    DevelopmentProject.objects.create(**scope, name="Dự án vải", total_cost=100, state_share=None)
    for activity, source, amount, state in (
        (ActivityFunding.Activity.EVENTS, "Chương trình OCOP", 226, True),
        (ActivityFunding.Activity.EVENTS, "Chương trình cây trồng", 363, True),
        (ActivityFunding.Activity.PROJECTS, "Nhà nước", 273, True),
        (ActivityFunding.Activity.PROJECTS, "Doanh nghiệp", 1000, False),
    ):
        ActivityFunding.objects.create(**scope, activity=activity, source=source, amount=amount, state=state)

    programme = _figures(province)["programme"]

    assert programme == {
        "allocations": [
            {"amount": 200, "source": "Trung ương", "decision": "2/QĐ", "date": f"{YEAR}-02-01"},
            {"amount": 300, "source": "Ngân sách tỉnh", "decision": "5/QĐ", "date": f"{YEAR}-03-01"},
        ],
        "allocated_total": 500,
        "events": [
            {"name": "Hội chợ OCOP", "place": "Bắc Giang", "participants": 40, "cost": 50},
            {"name": "Tuần hàng", "place": "", "participants": None, "cost": None},
        ],
        "events_funding": [
            {"source": "Chương trình OCOP", "amount": 226, "state": True},
            {"source": "Chương trình cây trồng", "amount": 363, "state": True},
        ],
        "events_cost": 589,
        "projects": [
            {"name": "Dự án gà", "beneficiary": "HTX", "place": "Yên Thế", "total_cost": 900, "state_share": 300},
            {"name": "Dự án vải", "beneficiary": "", "place": "", "total_cost": 100, "state_share": None},
        ],
        "projects_funding": [
            {"source": "Nhà nước", "amount": 273, "state": True},
            {"source": "Doanh nghiệp", "amount": 1000, "state": False},
        ],
        "projects_total": 1000,
        "projects_state": 273,
    }


def test_without_funding_rows_the_programme_adds_up_its_events_and_projects(province, commune):
    small_year(province=province, commune=commune, n=1)
    scope = {"province": province, "year": YEAR}
    BudgetAllocation.objects.create(**scope, amount=300, source="Ngân sách tỉnh")
    PromotionEvent.objects.create(**scope, name="Hội chợ OCOP", cost=50)
    PromotionEvent.objects.create(**scope, name="Tuần hàng", cost=None)
    PromotionEvent.objects.create(**scope, name="Phiên chợ", cost=7)
    DevelopmentProject.objects.create(**scope, name="Dự án gà", total_cost=900, state_share=300)
    DevelopmentProject.objects.create(**scope, name="Dự án vải", total_cost=100, state_share=None)
    DevelopmentProject.objects.create(**scope, name="Dự án chè", total_cost=10, state_share=4)

    programme = _figures(province)["programme"]

    assert programme["allocations"] == [{"amount": 300, "source": "Ngân sách tỉnh", "decision": "", "date": None}]
    assert (programme["events_cost"], programme["projects_total"], programme["projects_state"]) == (57, 1010, 304)


# --- next year -------------------------------------------------------------------------------------------


def test_next_year_from_the_plan_when_no_round_has_deadlines(province, commune):
    small_year(province=province, commune=commune, n=1)
    YearPlan.objects.create(
        province=province,
        year=YEAR + 1,
        target_products=25,
        target_upgrades=5,
        target_five_star=1,
        district_round1_deadline=D(YEAR + 1, 6, 30),
        district_round2_deadline=None,
        province_round1_deadline=D(YEAR + 1, 8, 15),
        province_round2_deadline=D(YEAR + 1, 11, 30),
        announcement_deadline=D(YEAR + 1, 12, 20),
        budget_need=1_500_000_000,
        budget_need_sources="Ngân sách tỉnh: 1 tỷ\n\n  Lồng ghép: 0,5 tỷ  \n",
    )
    round_ = RoundFactory(province=province, year=YEAR + 1, framework=framework("148"))
    RoundDeadline.objects.create(round=round_, level=Level.DISTRICT, submission=D(YEAR + 1, 3, 1))

    next_year = _figures(province)["next_year"]

    assert next_year == {
        "year": YEAR + 1,
        "target_products": 25,
        "target_upgrades": 5,
        "target_five_star": 1,
        "target_products_max": None,
        "target_upgrades_max": None,
        "target_per_district_min": None,
        "target_per_district_max": None,
        "target_tourism": None,
        "target_cumulative": None,
        "deadlines": [
            {"round": 1, "level": Level.DISTRICT, "date": f"{YEAR + 1}-06-30"},
            {"round": 1, "level": Level.PROVINCE, "date": f"{YEAR + 1}-08-15"},
            {"round": 2, "level": Level.PROVINCE, "date": f"{YEAR + 1}-11-30"},
        ],
        "budget_need": 1_500_000_000,
        "budget_need_sources": ["Ngân sách tỉnh: 1 tỷ", "Lồng ghép: 0,5 tỷ"],
        "announcement": f"{YEAR + 1}-12-20",
    }


def test_next_year_planned_second_district_round_is_round_two(province, commune):
    YearPlan.objects.create(
        province=province,
        year=YEAR + 1,
        target_products=25,
        district_round1_deadline=D(YEAR + 1, 4, 30),
        district_round2_deadline=D(YEAR + 1, 9, 30),
    )

    assert _figures(province)["next_year"]["deadlines"] == [
        {"round": 1, "level": Level.DISTRICT, "date": f"{YEAR + 1}-04-30"},
        {"round": 2, "level": Level.DISTRICT, "date": f"{YEAR + 1}-09-30"},
    ]


def test_next_year_without_a_plan_is_empty_and_round_deadlines_go_by_level_then_round(
    province, commune, other_province
):
    small_year(province=province, commune=commune, n=1)
    for number in (2, 1):
        round_ = RoundFactory(province=province, year=YEAR + 1, framework=framework("148"), number=number)
        for level, day in ((Level.PROVINCE, 20 + number), (Level.DISTRICT, 10 + number)):
            RoundDeadline.objects.create(round=round_, level=level, scoring=D(YEAR + 1, 7, day))
    elsewhere = RoundFactory(province=other_province.parent.parent, year=YEAR + 1, framework=framework("148"), number=1)
    RoundDeadline.objects.create(round=elsewhere, level=Level.DISTRICT, scoring=D(YEAR + 1, 7, 1))
    this_year = RoundFactory(province=province, year=YEAR, framework=framework("148"), number=9)
    RoundDeadline.objects.create(round=this_year, level=Level.DISTRICT, scoring=D(YEAR, 7, 1))

    next_year = _figures(province)["next_year"]

    assert next_year["deadlines"] == [
        {"round": 1, "level": Level.DISTRICT, "date": f"{YEAR + 1}-07-11"},
        {"round": 2, "level": Level.DISTRICT, "date": f"{YEAR + 1}-07-12"},
        {"round": 1, "level": Level.PROVINCE, "date": f"{YEAR + 1}-07-21"},
        {"round": 2, "level": Level.PROVINCE, "date": f"{YEAR + 1}-07-22"},
    ]
    assert {key: value for key, value in next_year.items() if key not in ("year", "deadlines")} == {
        "target_products": None,
        "target_upgrades": None,
        "target_five_star": None,
        "target_products_max": None,
        "target_upgrades_max": None,
        "target_per_district_min": None,
        "target_per_district_max": None,
        "target_tourism": None,
        "target_cumulative": None,
        "budget_need": None,
        "budget_need_sources": [],
        "announcement": None,
    }


# --- illustrative parts ----------------------------------------------------------------------------------


def test_the_parts_computed_from_illustrative_rows_are_named(province, commune):
    decision = small_year(province=province, commune=commune, n=2)
    assert _figures(province)["illustrative"] == []

    product = decision.items.order_by("id").first().dossier.product
    IllustrativeRecord.mark([product], province=province, year=YEAR)
    IllustrativeRecord.mark([decision.items.first().dossier.round], province=province, year=YEAR)

    figures = _figures(province)

    assert figures["illustrative"] == [
        "recognised_by_district",
        "recognised_by_producer_kind",
        "annex_recognised",
        "in_force_by_district",
        "certificate_changes",
        "round_dates",
    ]
    assert [row["illustrative"] for row in figures["annex"]["recognised_products"]] == [True, False]


@pytest.mark.parametrize("kind", ["expired", "revoked", "last_year"])
def test_a_certificate_expired_or_revoked_in_the_year_makes_the_changes_illustrative(province, commune, kind):
    """A product whose certificate is no longer in force at 31/12, marked illustrative."""
    small_year(province=province, commune=commune, n=1, year=YEAR - 1)
    certificate = Certificate.objects.get()
    if kind == "expired":
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=D(YEAR, 3, 1))
    elif kind == "revoked":
        decision = revocation_decision(province, on=D(YEAR, 3, 1))
        Certificate.objects.filter(pk=certificate.pk).update(
            status=CertificateStatus.REVOKED, revocation_decision=decision
        )
    else:
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=D(YEAR - 1, 12, 30))
    IllustrativeRecord.mark([Product.objects.get()], province=province, year=YEAR)

    assert _figures(province)["illustrative"] == (
        [] if kind == "last_year" else ["in_force_by_district", "certificate_changes"]
    )


@pytest.mark.parametrize("kind", ["expired", "revoked"])
def test_a_certificate_ending_after_31_12_but_by_the_cutoff_makes_the_changes_illustrative(province, commune, kind):
    """A report to 31/01: a certificate that ended on 15/01 is neither in force then nor ended
    in the calendar year, only in the report's period."""
    small_year(province=province, commune=commune, n=1, year=YEAR - 1)
    certificate = Certificate.objects.get()
    if kind == "expired":
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=D(YEAR + 1, 1, 15))
    else:
        decision = revocation_decision(province, on=D(YEAR + 1, 1, 15))
        Certificate.objects.filter(pk=certificate.pk).update(
            status=CertificateStatus.REVOKED, revocation_decision=decision
        )
    IllustrativeRecord.mark([Product.objects.get()], province=province, year=YEAR)

    assert _figures(province, cutoff=D(YEAR + 1, 1, 31))["illustrative"] == [
        "in_force_by_district",
        "certificate_changes",
    ]


def test_marks_of_another_province_or_year_make_nothing_illustrative(province, commune, other_province):
    small_year(province=province, commune=commune, n=1, year=YEAR - 1)
    elsewhere = small_year(province=other_province.parent.parent, commune=other_province, n=1, start=50)
    IllustrativeRecord.mark([Product.objects.get(name="Sản phẩm thử 0")], province=province, year=YEAR - 1)
    IllustrativeRecord.mark([elsewhere.items.get().dossier.product], province=province, year=YEAR)
    IllustrativeRecord.mark([elsewhere.items.get().dossier.round], province=province, year=YEAR)
    Decision.objects.filter(kind=DecisionKind.RECOGNITION).exclude(pk=elsewhere.pk).update(date=D(YEAR - 1, 11, 20))

    # The product of last year is in force at 31/12: its certificate's district is illustrative.
    assert _figures(province)["illustrative"] == ["in_force_by_district", "certificate_changes"]


def test_a_january_recognition_of_a_marked_product_makes_the_recognised_parts_illustrative(province, commune):
    """A report to 31/01 counts the January recognition, so its illustrative mark shows there."""
    january = small_year(province=province, commune=commune, n=1)
    Decision.objects.filter(pk=january.pk).update(date=D(YEAR + 1, 1, 10))
    Certificate.objects.update(valid_from=D(YEAR + 1, 1, 10))
    IllustrativeRecord.mark([Product.objects.get()], province=province, year=YEAR)

    assert _figures(province)["illustrative"] == []
    assert _figures(province, cutoff=D(YEAR + 1, 1, 31))["illustrative"][:3] == [
        "recognised_by_district",
        "recognised_by_producer_kind",
        "annex_recognised",
    ]


def test_a_marked_round_of_another_year_leaves_the_round_dates_alone(province, commune):
    last_year = RoundFactory(province=province, year=YEAR - 1, framework=framework("148"))
    RoundFactory(province=province, year=YEAR, framework=framework("148"))
    IllustrativeRecord.mark([last_year], province=province, year=YEAR - 1)

    assert _figures(province)["illustrative"] == []
