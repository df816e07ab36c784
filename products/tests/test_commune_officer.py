"""The registry on both maps and the commune officer: a commune officer registers producers and
products in their commune only; province staff of a 2025 province register in its communes,
which answer to the province directly (no district)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.testing import factories as f
from products import selectors
from products.enums import ProducerKind
from products.services import producer_create, product_create


def _register(actor, commune, number="0101001"):
    return producer_create(
        actor=actor,
        kind=ProducerKind.COOPERATIVE,
        name="HTX Chè Đồng Tiến",
        registration_number=number,
        representative="Nguyễn Thị Chè",
        commune=commune,
        address="Thôn Đồng Vương",
    )


@pytest.fixture
def bac_ninh(db):
    """Tỉnh Bắc Ninh on the 2025 map: a commune answers to the province."""
    return AdministrativeUnit.objects.create(
        level="province", code="24", name="Tỉnh Bắc Ninh", unit_type="Tỉnh", valid_from="2025-07-01"
    )


@pytest.fixture
def new_commune(bac_ninh):
    return f.CommuneFactory(parent=bac_ninh, code="07246", name="Xã Xuân Lương", valid_from="2025-07-01")


def test_commune_officer_registers_in_their_commune_only(commune_officer, commune, sibling_commune, district):
    producer = _register(commune_officer, commune)
    assert (producer.commune, producer.district, producer.province) == (commune, district, district.parent)

    with pytest.raises(ValidationError) as caught:
        _register(commune_officer, sibling_commune, number="0101002")
    assert caught.value.message_dict == {"commune": ["Bạn chỉ được đăng ký và sửa hồ sơ thuộc địa bàn mình phụ trách."]}


def test_commune_officer_sees_and_edits_their_communes_registry_only(
    commune_officer, other_commune_officer, producer_record, sibling_commune
):
    sibling = f.ProducerFactory(commune=sibling_commune, name="HTX Chè Canh Nậu")
    product = f.ProductFactory(producer=producer_record)

    assert list(selectors.producers_visible_to(commune_officer)) == [producer_record]
    assert list(selectors.producers_visible_to(other_commune_officer)) == [sibling]
    assert list(selectors.product_rows(commune_officer)) == [product]
    assert list(selectors.product_rows(other_commune_officer)) == []
    assert commune_officer.has_perm("products.change_producer", producer_record)
    assert not other_commune_officer.has_perm("products.change_producer", producer_record)
    assert list(selectors.communes_editable_by(commune_officer)) == [producer_record.commune]


def test_province_staff_of_a_2025_province_register_in_its_communes(bac_ninh, new_commune):
    staff = f.UserFactory(staff_province=bac_ninh)
    superuser = f.UserFactory(is_superuser=True)

    producer = _register(staff, new_commune)
    product = product_create(
        actor=superuser,
        producer=producer,
        name="Chè Xuân Lương",
        product_set=f.ProductSetFactory(),
        commune=new_commune,
    )

    assert (producer.province, producer.district) == (bac_ninh, None)
    assert (product.province, product.district) == (bac_ninh, None)
    assert list(selectors.communes_editable_by(staff)) == [new_commune]
    # Staff of another province may not register there.
    son_la = f.ProvinceFactory(code="14", name="Tỉnh Sơn La")
    with pytest.raises(ValidationError):
        _register(f.UserFactory(staff_province=son_la), new_commune, number="0101009")


def test_commune_officer_opens_the_registry_pages_of_their_commune(
    client_for, commune_officer, other_commune_officer, producer_record, django_assert_max_num_queries
):
    client = client_for(commune_officer)
    assert client.get(reverse("products:producer_create")).status_code == 200
    assert client.get(reverse("products:producer_detail", args=[producer_record.pk])).status_code == 200
    page = client.get(reverse("products:producer_list")).content.decode()
    assert producer_record.name in page

    other = client_for(other_commune_officer)
    assert other.get(reverse("products:producer_detail", args=[producer_record.pk])).status_code == 404
    assert producer_record.name not in other.get(reverse("products:producer_list")).content.decode()
