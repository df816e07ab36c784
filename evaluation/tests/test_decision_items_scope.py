"""Decision items scoped like the dossiers (issue 18, Medium 7): a district officer sees their
district's lines of a provincial decision, never other districts' products and means."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.services import api_token_create
from evaluation.enums import Level
from evaluation.models import DecisionItem
from evaluation.selectors.councils import decision_items, decisions_visible_to
from evaluation.tests.factories import DossierFactory
from evaluation.tests.test_certificates_helpers import recognition_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def provincial_decision(province, commune, other_commune, province_staff):
    decision = recognition_decision(province=province, level=Level.PROVINCE, by=province_staff)
    for commune_, name in (
        (commune, "Gà đồi Yên Thế"),
        (other_commune, "Vải thiều Lục Ngạn"),
        (other_commune, "Mật ong Lục Ngạn"),
    ):
        dossier = DossierFactory(product__producer__commune=commune_, product__name=name)
        DecisionItem.objects.create(decision=decision, dossier=dossier, recognised_stars=4)
    return decision


def test_the_selector_gives_each_persona_its_own_lines(
    provincial_decision, district_officer, other_district_officer, province_staff
):
    def names(user):
        return sorted(decision_items(provincial_decision, user).values_list("dossier__product__name", flat=True))

    assert names(district_officer) == ["Gà đồi Yên Thế"]
    assert names(other_district_officer) == ["Mật ong Lục Ngạn", "Vải thiều Lục Ngạn"]
    assert names(province_staff) == ["Gà đồi Yên Thế", "Mật ong Lục Ngạn", "Vải thiều Lục Ngạn"]
    counts = {
        user.username: decisions_visible_to(user).get().item_count
        for user in (district_officer, other_district_officer, province_staff)
    }
    assert counts == {"officer": 1, "officer2": 2, "staff": 3}


def test_the_decision_page_shows_only_the_districts_lines(client_for, provincial_decision, district_officer):
    page = client_for(district_officer).get(reverse("evaluation:decision_detail", args=[provincial_decision.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Gà đồi Yên Thế" in body
    assert "Lục Ngạn" not in body


def test_the_api_gives_only_the_districts_lines(provincial_decision, district_officer):
    client = APIClient()
    _token, key = api_token_create(user=district_officer, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get(f"/api/v1/decisions/{provincial_decision.pk}/")
    assert response.status_code == 200
    assert [item["dossier"] for item in response.json()["items"]] == list(
        provincial_decision.items.filter(dossier__district=district_officer.officer_district).values_list(
            "dossier_id", flat=True
        )
    )
    listed = client.get("/api/v1/decisions/").json()["results"]
    assert [row["item_count"] for row in listed] == [1]
