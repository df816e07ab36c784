"""Registry fixtures on top of the shared personas (ocop_portal/testing/fixtures.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ocop_portal.testing import factories as f

from .factories import EditProposalFactory


@pytest.fixture
def food_set(db):
    return f.ProductSetFactory(code="02", name="Thịt, thủy sản, trứng, sữa tươi")


@pytest.fixture
def product_record(producer_record, food_set):
    return f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế", product_set=food_set)


@pytest.fixture
def other_product_record(other_producer_record, food_set):
    return f.ProductFactory(producer=other_producer_record, name="Vải thiều Lục Ngạn", product_set=food_set)


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="root", full_name="Quản trị", is_superuser=True, is_staff=True)


@pytest.fixture
def proposal(producer, producer_record):
    return EditProposalFactory(producer=producer_record, proposed_by=producer)


@pytest.fixture
def elsewhere(db):
    return f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")


@pytest.fixture
def people(
    province_staff,
    district_officer,
    other_district_officer,
    commune_officer,
    other_commune_officer,
    producer,
    other_producer,
    plain_user,
    superuser,
    elsewhere,
):
    """Each role here, the same role elsewhere (another district, a sibling commune, Bắc Ninh),
    a superuser, a user with no role and the anonymous visitor: the cast of the registry's
    predicate and selector tests (docs/mutation.md)."""
    return {
        "staff": province_staff,
        "staff_elsewhere": f.UserFactory(username="staff-bn", staff_province=elsewhere),
        "officer": district_officer,
        "officer_elsewhere": other_district_officer,
        "commune_officer": commune_officer,
        "sibling_commune_officer": other_commune_officer,
        "producer": producer,
        "other_producer": other_producer,
        "superuser": superuser,
        "plain": plain_user,
        "anonymous": AnonymousUser(),
    }
