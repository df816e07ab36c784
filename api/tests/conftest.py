"""Fixtures for the API tests: a REST client per persona, token auth, and the arranged world."""

import pytest
from rest_framework.test import APIClient

from api.services import api_token_create
from evaluation.tests.factories import DossierFactory, RoundFactory
from ocop_portal.testing import factories as f
from support.tests.factories import BudgetLineFactory, SupportGrantFactory

from .factories import closed_assignment, council_with_member, make_certificate


@pytest.fixture
def council_member(district, province):
    """A district council member: sees only the dossiers assigned to the council."""
    return f.UserFactory(username="member", full_name="Ủy viên Hội đồng")


@pytest.fixture
def api(db):
    """`api(user)` → an APIClient authenticated with a real API key of `user` (None: anonymous)."""

    def make(user):
        client = APIClient()
        if user is not None:
            _token, key = api_token_create(user=user, name="tests")
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture
def world(
    province,
    district,
    other_district,
    producer_record,
    other_producer_record,
    producer,
    other_producer,
    council_member,
    province_staff,
):
    """Two of everything, one per district, so each persona has data that must not leak to it."""
    round_obj = RoundFactory(province=province, year=2026, number=1)
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    other_product = f.ProductFactory(producer=other_producer_record, name="Vải thiều Lục Ngạn")
    dossier = DossierFactory(product=product, round=round_obj, created_by=province_staff)
    other_dossier = DossierFactory(product=other_product, round=round_obj, created_by=province_staff)
    certificate = make_certificate(product, stars=3, created_by=province_staff)
    other_certificate = make_certificate(other_product, stars=4, created_by=province_staff)
    council = council_with_member(province=province, district=district, user=council_member)
    assignment = closed_assignment(council=council, dossier=dossier)
    line = BudgetLineFactory(province=province, year=2026)
    district_line = BudgetLineFactory(province=province, district=other_district, year=2026)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line, description="Tem nhãn Gà đồi")
    other_grant = SupportGrantFactory(
        producer=other_producer_record, budget_line=district_line, description="Tem nhãn Vải"
    )
    return {
        "round": round_obj,
        "product": product,
        "other_product": other_product,
        "dossier": dossier,
        "other_dossier": other_dossier,
        "certificate": certificate,
        "other_certificate": other_certificate,
        "council": council,
        "assignment": assignment,
        "line": line,
        "district_line": district_line,
        "grant": grant,
        "other_grant": other_grant,
    }
