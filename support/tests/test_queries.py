"""Every list answers in a fixed number of queries, whether it shows 1 row or 25."""

import datetime

import pytest
from django.urls import reverse

from ocop_portal.testing import factories as f
from support.enums import GrantState, SupportCategory

from .factories import ApprovedGrantFactory, BudgetLineFactory, DisbursementFactory

SIZES = [1, 25]


def supported_producers(count, *, commune, line, producer=None):
    """`count` approved, part-paid grants with a product each, on `line`."""
    grants = []
    for index in range(count):
        owner = producer or f.ProducerFactory(commune=commune)
        grant = ApprovedGrantFactory(
            producer=owner,
            product=f.ProductFactory(producer=owner),
            budget_line=line,
            amount=10_000_000,
            state=GrantState.PAID_IN_PART,
            decision_date=datetime.date(2024, 4, 1 + index % 20),
        )
        DisbursementFactory(grant=grant, amount=4_000_000)
        grants.append(grant)
    return grants


@pytest.fixture
def big_line(province):
    return BudgetLineFactory(province=province, allocated_amount=10_000_000_000)


# Session + user + unread notifications (context processor) come with every signed-in page.
STAFF_LIST_QUERIES = {
    "grant_list": 7,
    "grant_export": 4,
    "category_summary": 6,
    "outcomes": 8,  # + the supported producers' certificates (stars gained)
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", list(STAFF_LIST_QUERIES))
def test_staff_lists_query_count_does_not_grow(
    province_staff, commune, big_line, client_for, django_assert_num_queries, view, size
):
    supported_producers(size, commune=commune, line=big_line)
    client = client_for(province_staff)
    url = reverse(f"support:{view}") + "?year=2024"

    with django_assert_num_queries(STAFF_LIST_QUERIES[view]):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", SIZES)
def test_overview_query_count_does_not_grow(
    province_staff, province, commune, client_for, django_assert_num_queries, size
):
    categories = list(SupportCategory)
    for index in range(size):
        line = BudgetLineFactory(province=province, category=categories[index % len(categories)])
        supported_producers(1, commune=commune, line=line)
    client = client_for(province_staff)

    with django_assert_num_queries(5):
        response = client.get(reverse("support:overview") + "?year=2024")

    assert len(response.context["overview"].lines) == size


@pytest.mark.parametrize("size", SIZES)
def test_producer_grant_list_query_count_does_not_grow(
    producer, producer_record, commune, big_line, client_for, django_assert_num_queries, size
):
    supported_producers(size, commune=commune, line=big_line, producer=producer_record)
    client = client_for(producer)

    with django_assert_num_queries(8):
        response = client.get(reverse("support:grant_list"))

    assert len(response.context["page_obj"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_producer_history_query_count_does_not_grow(
    district_officer, producer_record, commune, big_line, client_for, django_assert_num_queries, size
):
    supported_producers(size, commune=commune, line=big_line, producer=producer_record)
    client = client_for(district_officer)

    with django_assert_num_queries(6):
        response = client.get(reverse("support:producer_history", args=[producer_record.pk]))

    assert len(response.context["support_grants"]) == size
