"""The outcome view: stars gained after the first support decision, from real certificates."""

import datetime

import pytest
from django.urls import reverse

from evaluation.enums import DossierKind
from evaluation.tests.test_certificates_helpers import issue
from ocop_portal.testing import factories as f
from support import selectors

from .factories import ApprovedGrantFactory, BudgetLineFactory

pytestmark = pytest.mark.django_db
SUPPORTED_ON = datetime.date(2024, 4, 1)


@pytest.fixture
def line(province):
    return BudgetLineFactory(province=province, year=2024, allocated_amount=1_000_000_000)


def _support(producer, line, amount):
    return ApprovedGrantFactory(producer=producer, budget_line=line, amount=amount, decision_date=SUPPORTED_ON)


def test_upgrade_after_support_counts_the_rise_over_the_stars_held(province_staff, producer_record, line):
    product = f.ProductFactory(producer=producer_record)
    held = issue(product, stars=3, on=datetime.date(2023, 6, 1))
    issue(product, stars=4, on=datetime.date(2024, 10, 1), kind=DossierKind.UPGRADE, renews=held)
    _support(producer_record, line, 25_000_000)

    (row,) = selectors.support_outcomes(province_staff, 2024)

    assert (row.stars_before, row.stars_after, row.stars_gained, row.stars_per_million) == (3, 4, 1, 0.04)


def test_first_recognition_after_support_counts_all_its_stars(province_staff, producer_record, line):
    issue(f.ProductFactory(producer=producer_record), stars=3, on=datetime.date(2025, 2, 1))
    _support(producer_record, line, 50_000_000)

    (row,) = selectors.support_outcomes(province_staff, 2024)

    assert (row.stars_before, row.stars_after, row.stars_gained, row.stars_per_million) == (None, 3, 3, 0.06)


def test_a_new_product_at_lower_stars_gains_nothing(province_staff, producer_record, line):
    issue(f.ProductFactory(producer=producer_record), stars=4, on=datetime.date(2023, 6, 1))
    issue(f.ProductFactory(producer=producer_record), stars=3, on=datetime.date(2024, 9, 1))
    _support(producer_record, line, 10_000_000)

    (row,) = selectors.support_outcomes(province_staff, 2024)

    assert (row.stars_before, row.stars_after, row.stars_gained) == (4, 3, 0)


def test_certificates_expired_before_support_do_not_count_as_held(producer_record):
    issue(f.ProductFactory(producer=producer_record), stars=4, on=datetime.date(2020, 1, 10))  # until 2023

    changes = selectors.star_changes_since({producer_record.pk: SUPPORTED_ON})

    assert changes == {producer_record.pk: selectors.StarChange(before=None, after=None)}
    assert selectors.stars_gained_since({producer_record.pk: SUPPORTED_ON}) == {producer_record.pk: 0}


def test_certificates_issued_on_the_support_day_count_as_held_not_gained(producer_record):
    issue(f.ProductFactory(producer=producer_record), stars=3, on=SUPPORTED_ON)

    assert selectors.star_changes_since({producer_record.pk: SUPPORTED_ON}) == {
        producer_record.pk: selectors.StarChange(before=3, after=None)
    }


def test_outcome_page_shows_stars_gained_and_the_year_total(
    province_staff, client_for, producer_record, other_producer_record, line
):
    issue(f.ProductFactory(producer=producer_record), stars=4, on=datetime.date(2025, 3, 1))
    _support(producer_record, line, 40_000_000)
    _support(other_producer_record, line, 60_000_000)

    response = client_for(province_staff).get(reverse("support:outcomes"), {"year": 2024})

    rows = [(row.producer.name, row.stars_gained, row.stars_per_million) for row in response.context["rows"]]
    assert rows == [("HTX Vải thiều Lục Ngạn", 0, 0.0), ("HTX Gà đồi Yên Thế", 4, 0.1)]
    totals = response.context["totals"]
    assert (totals.producers, totals.producers_gained, totals.stars_gained, totals.amount) == (2, 1, 4, 100_000_000)
    assert totals.stars_per_million == 0.04
    page = response.content.decode()
    assert "chưa có dữ liệu" not in page
    assert "1/2 chủ thể được hỗ trợ đạt thêm tổng cộng 4 sao" in page
