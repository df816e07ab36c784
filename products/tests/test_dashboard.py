import pytest
from django.urls import reverse

from ocop_portal.core.dashboard import panels_for


def _summary(user):
    return [(str(p.title), p.count, p.url) for p in panels_for(user) if p.url.startswith("/registry/")]


@pytest.mark.django_db
def test_officer_home_counts_their_district_and_proposals(
    district_officer, product_record, other_product_record, proposal
):
    assert _summary(district_officer) == [
        ("Chủ thể OCOP trong phạm vi quản lý", 1, reverse("products:producer_list")),
        ("Sản phẩm trong phạm vi quản lý", 1, reverse("products:product_list")),
        ("Đề nghị sửa thông tin chờ xem xét", 1, reverse("products:proposal_list")),
    ]


@pytest.mark.django_db
def test_province_staff_home_counts_the_province(province_staff, product_record, other_product_record):
    assert [(title, count) for title, count, _ in _summary(province_staff)] == [
        ("Chủ thể OCOP trong phạm vi quản lý", 2),
        ("Sản phẩm trong phạm vi quản lý", 2),
        ("Đề nghị sửa thông tin chờ xem xét", 0),
    ]


@pytest.mark.django_db
def test_producer_home_lists_their_products(producer, product_record, other_product_record, proposal):
    panels = [p for p in panels_for(producer) if p.url.startswith("/registry/")]

    assert [(str(p.title), p.count, p.items) for p in panels] == [
        ("Sản phẩm của tôi", 1, ["Gà đồi Yên Thế"]),
        ("Đề nghị sửa thông tin đang chờ", 1, []),
    ]


@pytest.mark.django_db
def test_user_without_a_role_gets_no_registry_panels(plain_user, product_record):
    assert _summary(plain_user) == []


@pytest.mark.django_db
def test_home_page_renders_the_panels(district_officer, product_record, client_for):
    response = client_for(district_officer).get(reverse("core:home"))

    assert "Chủ thể OCOP trong phạm vi quản lý" in response.content.decode()
