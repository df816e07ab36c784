"""Registry fixtures on top of the shared personas (ocop_portal/testing/fixtures.py)."""

import pytest

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
