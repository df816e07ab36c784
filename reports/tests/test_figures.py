import datetime

import pytest

from reports.figures import compute_figures


@pytest.mark.integration
def test_figures_bac_giang_2021_match_the_seed_report(bac_giang_2021):
    figures = compute_figures(province=bac_giang_2021, year=2021)

    assert figures["registered_products"] == 92
    assert figures["proposed"]["total"] == 63
    assert {row["name"]: row["count"] for row in figures["proposed"]["by_district"]} == {
        "Yên Thế": 12,
        "Lạng Giang": 12,
        "Tân Yên": 8,
        "Việt Yên": 6,
        "Lục Nam": 6,
        "Lục Ngạn": 5,
        "TP. Bắc Giang": 4,
        "Sơn Động": 4,
        "Hiệp Hòa": 3,
        "Yên Dũng": 3,
    }
    assert figures["proposed"]["by_group"] == [
        {"name": "thực phẩm", "count": 53},
        {"name": "đồ uống", "count": 9},
        {"name": "thảo dược", "count": 1},
    ]
    assert [(r["number"], r["date"]) for r in figures["rounds"]] == [(1, "2021-07-30"), (2, "2021-11-20")]
    assert figures["recognised"]["total"] == 61
    assert figures["recognised"]["by_stars"] == {"5": 0, "4": 12, "3": 49}
    assert figures["upgrades"] == [{"from": 3, "to": 4, "count": 1}]
    assert figures["target"] == {"products": 35, "products_max": None, "percent_of_plan": 174.29, "above_plan": 26}
    assert figures["in_force"]["total"] == 155
    assert figures["in_force"]["by_stars"] == {"5": 0, "4": 36, "3": 119}
    assert figures["certificates"]["revoked_total"] == 0  # the seed states none
    # Support as the seed states it: no grant, and so no split of the 460 million, is invented.
    assert figures["support"]["categories"] == [] and figures["support"]["decisions"] == []
    decision, testing = figures["support"]["stated"]
    assert (decision["decision"], decision["date"], decision["amount"], decision["units"]) == (
        "2121/QĐ-UBND",
        "2021-10-22",
        460_000_000,
        22,
    )
    assert [(row["category"], row["units"], row["amount"]) for row in decision["lines"]] == [
        ("trademark", 3, None),
        ("labels_packaging", 19, None),
    ]
    assert [(row["category"], row["units"], row["amount"]) for row in testing["lines"]] == [
        ("food_safety_testing", 15, 73_600_000)
    ]
    assert figures["standing"] == {"national_rank": 7, "regional_rank": 2, "region": "Miền núi phía Bắc"}
    assert len(figures["annex"]["recognised_products"]) == 61
    assert all(row["illustrative"] for row in figures["annex"]["recognised_products"])
    assert set(figures["illustrative"]) == {
        "recognised_by_district",
        "recognised_by_producer_kind",
        "annex_recognised",
        "in_force_by_district",
        "certificate_changes",
        "round_dates",
    }
    assert figures["next_year"]["target_products"] == 25
    assert datetime.date.fromisoformat(figures["year_end"]) == datetime.date(2021, 12, 31)


@pytest.mark.django_db
def test_figures_query_count_does_not_grow_with_data(province, commune, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import YEAR, small_year

    small_year(province=province, commune=commune, n=1)
    with CaptureQueriesContext(connection) as small:
        figures = compute_figures(province=province, year=YEAR)
    assert figures["recognised"]["total"] == 1

    small_year(province=province, commune=commune, n=24, start=1)
    with django_assert_num_queries(len(small.captured_queries)):
        figures = compute_figures(province=province, year=YEAR)
    assert (figures["recognised"]["total"], len(figures["annex"]["recognised_products"])) == (25, 25)
    assert figures["in_force"]["total"] == 25
    assert figures["support"]["categories"][0]["units"] == 25


@pytest.mark.django_db
def test_certificate_superseded_or_revoked_before_year_end_is_not_in_force(province, commune):
    from evaluation.enums import CertificateStatus, RevocationGround
    from evaluation.models import Certificate, CertificateEvent

    from .factories import YEAR, small_year

    small_year(province=province, commune=commune, n=3)
    first, second, third = Certificate.objects.order_by("number")
    # Revoked by a status event dated before 31/12 (no revocation decision recorded).
    Certificate.objects.filter(pk=first.pk).update(
        status=CertificateStatus.REVOKED, revocation_ground=RevocationGround.FOOD_SAFETY
    )
    CertificateEvent.objects.create(
        certificate=first, date=datetime.date(YEAR, 12, 1), from_status="valid", to_status="revoked", reason="ATTP"
    )
    # Expired: valid_until before the year end.
    Certificate.objects.filter(pk=second.pk).update(valid_until=datetime.date(YEAR, 12, 30))

    figures = compute_figures(province=province, year=YEAR)

    assert figures["in_force"]["total"] == 1
    assert figures["certificates"]["revoked"][0]["count"] == 1
    assert figures["certificates"]["expired"] == 1
    assert third.number.endswith("003")


@pytest.mark.django_db
def test_the_annex_lists_products_in_vietnamese_order(province, commune):
    """Issue 19: "Chả" before "Chè", "Gà" before "Giò", "Dưa" before "Đậu" — not byte order."""
    from products.models import Product

    from .factories import YEAR, small_year

    small_year(province=province, commune=commune, n=6)
    names = ["Giò lụa", "Chè xanh", "Đậu phụ", "Gà đồi", "Chả cá", "Dưa muối"]
    for product, name in zip(Product.objects.order_by("pk"), names, strict=True):
        Product.objects.filter(pk=product.pk).update(name=name)
    figures = compute_figures(province=province, year=YEAR)
    listed = [row["product"] for row in figures["annex"]["recognised_products"]]
    assert listed == ["Chả cá", "Chè xanh", "Dưa muối", "Đậu phụ", "Gà đồi", "Giò lụa"]
