"""Targets as the seeds state them (ranges, per district, tourism, cumulative) and the recognised
products by producer kind (seed 003)."""

import pytest
from django.urls import reverse

from products.enums import ProducerKind
from products.models import Producer, Product
from reports.document import evaluation_sentences, next_year_lines, plan_sentence
from reports.figures import compute_figures
from reports.formatting import vn_range
from reports.models import YearPlan

from .factories import YEAR, small_year

pytestmark = pytest.mark.django_db


def test_a_range_prints_both_bounds_and_a_single_value_once():
    assert (vn_range(25), vn_range(25, 30), vn_range(5, 5), vn_range(1200, 1500)) == ("25", "25-30", "5", "1.200-1.500")


def test_next_years_targets_as_the_seeds_state_them(province, commune):
    small_year(province=province, commune=commune, n=1)
    YearPlan.objects.create(
        province=province,
        year=YEAR + 1,
        target_products=25,
        target_products_max=30,
        target_per_district_min=2,
        target_per_district_max=3,
        target_upgrades=5,
        target_upgrades_max=10,
        target_five_star=1,
        target_tourism=2,
        target_cumulative=200,
    )

    text = next_year_lines(compute_figures(province=province, year=YEAR))["target"]

    assert text == (
        f"Phấn đấu đạt mục tiêu năm {YEAR + 1}: có thêm 25-30 sản phẩm đạt 3 sao trở lên (mỗi huyện, thành phố "
        "có ít nhất 2-3 sản phẩm); nâng hạng sao cho từ 5-10 sản phẩm; ít nhất 01 sản phẩm đạt 5 sao cấp quốc gia; "
        "tối thiểu 02 sản phẩm dịch vụ du lịch; nâng tổng số sản phẩm OCOP của tỉnh lên trên 200 sản phẩm."
    )


def test_the_years_result_against_a_range_is_measured_from_its_lower_bound(province, commune):
    small_year(province=province, commune=commune, n=3, target=2)
    YearPlan.objects.filter(province=province, year=YEAR).update(target_products_max=4)

    figures = compute_figures(province=province, year=YEAR)

    assert (
        plan_sentence(figures)
        == f"So với kế hoạch năm {YEAR} (2-4 sản phẩm): 3 sản phẩm, đạt 150% kế hoạch, vượt 1 sản phẩm."
    )


@pytest.mark.parametrize(("upper", "saved"), [("29", False), ("30", True), ("31", True)])
def test_an_upper_bound_below_the_lower_one_is_refused_and_nothing_changes(upper, saved, persona, client_for, province):
    client = client_for(persona("province_staff"))
    response = client.post(
        reverse("reports:plan_save", args=[YEAR + 1]),
        {"report_year": YEAR, "next-target_products": "30", "next-target_products_max": upper},
        follow=True,
    )

    stored = list(
        YearPlan.objects.filter(province=province, year=YEAR + 1).values_list("target_products_max", flat=True)
    )
    assert stored == ([int(upper)] if saved else [])
    if not saved:
        assert "Cận trên của khoảng phải có cận dưới và không nhỏ hơn cận dưới." in response.content.decode()


def test_recognised_products_by_producer_kind(province, commune):
    decision = small_year(province=province, commune=commune, n=3)
    first, second, third = (item.dossier.product for item in decision.items.order_by("id"))
    Producer.objects.filter(pk__in=[first.producer_id, second.producer_id]).update(kind=ProducerKind.COOPERATIVE)
    Producer.objects.filter(pk=third.producer_id).update(kind=ProducerKind.HOUSEHOLD)
    # Two products of one cooperative: 2 products, 1 cooperative.
    Product.objects.filter(pk=second.pk).update(producer_id=first.producer_id)

    figures = compute_figures(province=province, year=YEAR)

    assert [(r["kind"], r["producers"], r["products"]) for r in figures["recognised"]["by_producer_kind"]] == [
        (ProducerKind.COOPERATIVE, 1, 2),
        (ProducerKind.HOUSEHOLD, 1, 1),
    ]
    assert (
        "Các sản phẩm được công nhận là của 01 hợp tác xã, 01 hộ kinh doanh "
        "(hợp tác xã: 2 sản phẩm; hộ kinh doanh: 1 sản phẩm)."
    ) in evaluation_sentences(figures)["bullets"]
