"""Per persona and per endpoint: the API shows exactly what the pages show (same selectors), and
refuses what the pages refuse (same predicates). Every list is arranged with data that could leak."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db

PERSONAS = (
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "council_member",
    "plain_user",
    "anonymous",
)
OWN, OTHER = "Gà đồi Yên Thế", "Vải thiều Lục Ngạn"
OWN_PRODUCER, OTHER_PRODUCER = "HTX Gà đồi Yên Thế", "HTX Vải thiều Lục Ngạn"

# endpoint → (field shown per row, {persona: sorted values, or a refusal status})
LISTS = {
    "/api/v1/producers/": (
        "name",
        {
            "province_staff": [OWN_PRODUCER, OTHER_PRODUCER],
            "district_officer": [OWN_PRODUCER],
            "other_district_officer": [OTHER_PRODUCER],
            "producer": [OWN_PRODUCER],
            "other_producer": [OTHER_PRODUCER],
            "council_member": [],
            "plain_user": [],
            "anonymous": 401,
        },
    ),
    "/api/v1/products/": (
        "name",
        {
            "province_staff": [OWN, OTHER],
            "district_officer": [OWN],
            "other_district_officer": [OTHER],
            "producer": [OWN],
            "other_producer": [OTHER],
            "council_member": [],
            "plain_user": [],
            "anonymous": 401,
        },
    ),
    "/api/v1/dossiers/": (
        "product_name",
        {
            "province_staff": [OWN, OTHER],
            "district_officer": [OWN],
            "other_district_officer": [OTHER],
            "producer": [OWN],
            "other_producer": [OTHER],
            "council_member": [OWN],
            "plain_user": [],
            "anonymous": 401,
        },
    ),
    "/api/v1/certificates/": (
        "product_name",
        {
            "province_staff": [OWN, OTHER],
            "district_officer": [OWN],
            "other_district_officer": [OTHER],
            "producer": [OWN],
            "other_producer": [OTHER],
            "council_member": [],
            "plain_user": [],
            "anonymous": 401,
        },
    ),
    "/api/v1/council-results/": (
        "product_name",
        {
            "province_staff": [OWN],
            "district_officer": [OWN],
            "other_district_officer": [],
            "producer": [],
            "other_producer": [],
            "council_member": [OWN],
            "plain_user": [],
            "anonymous": 401,
        },
    ),
    "/api/v1/councils/": (
        "name",
        {
            "province_staff": ["Hội đồng Yên Thế"],
            "district_officer": ["Hội đồng Yên Thế"],
            "other_district_officer": [],
            "producer": [],
            "other_producer": [],
            "council_member": ["Hội đồng Yên Thế"],
            "plain_user": [],
            "anonymous": 401,
        },
    ),
    "/api/v1/grants/": (
        "description",
        {
            "province_staff": ["Tem nhãn Gà đồi", "Tem nhãn Vải"],
            "district_officer": ["Tem nhãn Gà đồi"],
            "other_district_officer": ["Tem nhãn Vải"],
            "producer": ["Tem nhãn Gà đồi"],
            "other_producer": ["Tem nhãn Vải"],
            "council_member": 403,
            "plain_user": 403,
            "anonymous": 401,
        },
    ),
    "/api/v1/budget-lines/": (
        "district",
        {
            "province_staff": ["none", "other"],
            "district_officer": ["none"],
            "other_district_officer": ["none", "other"],
            "producer": [],
            "other_producer": [],
            "council_member": [],
            "plain_user": [],
            "anonymous": 401,
        },
    ),
    "/api/v1/decisions/": (
        "issuer_unit_name",
        {
            "province_staff": ["Huyện Lục Ngạn", "Huyện Yên Thế"],
            "district_officer": ["Huyện Yên Thế"],
            "other_district_officer": ["Huyện Lục Ngạn"],
            "producer": 403,
            "other_producer": 403,
            "council_member": 403,
            "plain_user": 403,
            "anonymous": 401,
        },
    ),
    "/api/v1/rounds/": (
        "year",
        {
            "province_staff": [2026],
            "district_officer": [2026],
            "other_district_officer": [2026],
            "producer": [2026],
            "other_producer": [2026],
            "council_member": [],
            "plain_user": [],
            "anonymous": 401,
        },
    ),
    "/api/v1/report-requests/": (
        "year",
        {
            "province_staff": [],
            "district_officer": 403,
            "other_district_officer": 403,
            "producer": 403,
            "other_producer": 403,
            "council_member": 403,
            "plain_user": 403,
            "anonymous": 401,
        },
    ),
}


def _label(field, row, world):
    if field == "district":
        return {None: "none", world["district_line"].district_id: "other"}.get(row["district"], row["district"])
    return row[field]


@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("endpoint", list(LISTS))
def test_list_shows_what_the_pages_show(endpoint, persona_name, persona, api, world):
    field, expected_by_persona = LISTS[endpoint]
    expected = expected_by_persona[persona_name]
    response = api(persona(persona_name)).get(endpoint)
    if isinstance(expected, int):
        assert (response.status_code, sorted(response.json())) == (expected, ["detail"])
        return
    assert response.status_code == 200
    assert sorted(_label(field, row, world) for row in response.json()["results"]) == expected


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("province_staff", 200),
        ("district_officer", 200),
        ("other_district_officer", 404),
        ("producer", 200),
        ("other_producer", 404),
        ("council_member", 200),
        ("plain_user", 404),
        ("anonymous", 401),
    ],
)
def test_dossier_detail_is_404_outside_scope(persona_name, status, persona, api, world):
    response = api(persona(persona_name)).get(f"/api/v1/dossiers/{world['dossier'].pk}/")
    assert response.status_code == status
    if status == 200:
        assert (response.json()["id"], response.json()["product_name"]) == (world["dossier"].pk, OWN)


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("province_staff", 400),  # may check: refused by the state machine (still a draft)
        ("district_officer", 400),
        ("other_district_officer", 404),
        ("producer", 403),  # sees the dossier, may not check it
        ("council_member", 403),
        ("plain_user", 404),
    ],
)
def test_dossier_accept_403_for_visible_but_forbidden(persona_name, status, persona, api, world):
    response = api(persona(persona_name)).post(f"/api/v1/dossiers/{world['dossier'].pk}/accept/", {}, format="json")
    assert response.status_code == status
    if status == 400:
        assert response.json() == {"non_field_errors": ["Không thể chuyển hồ sơ từ “Đang soạn” sang “Đã tiếp nhận”."]}


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("province_staff", 200),
        ("district_officer", 200),
        ("other_district_officer", 404),
        ("producer", 403),  # sees its own record; changes go through an edit proposal
        ("other_producer", 404),
        ("plain_user", 404),
    ],
)
def test_producer_update_follows_registry_rules(persona_name, status, persona, api, world, producer_record):
    response = api(persona(persona_name)).patch(
        f"/api/v1/producers/{producer_record.pk}/", {"version": 1, "phone": "0204 3871 999"}, format="json"
    )
    assert response.status_code == status
    producer_record.refresh_from_db()
    assert producer_record.phone == ("0204 3871 999" if status == 200 else "")


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [("province_staff", 200), ("producer", 200), ("other_producer", 404), ("council_member", 404)],
)
def test_certificate_detail_is_404_outside_scope(persona_name, status, persona, api, world):
    response = api(persona(persona_name)).get(f"/api/v1/certificates/{world['certificate'].pk}/")
    assert response.status_code == status


def test_public_endpoints_answer_anonymous_callers(api, world):
    client = api(None)
    certificate = world["certificate"]
    verify = client.get(f"/api/v1/public/verify/{certificate.public_code}/")
    listing = client.get("/api/v1/public/certified-products/", {"stars": 4})
    assert (verify.status_code, verify.json()["number"], verify.json()["in_force"]) == (200, certificate.number, True)
    assert "registration_number" not in verify.json()
    assert [row["product_name"] for row in listing.json()["results"]] == [OTHER]
    assert client.get("/api/v1/public/verify/no-such-code/").status_code == 404
    assert client.get("/api/v1/export/register.json").status_code == 401


def test_a_superuser_narrows_the_product_list_by_province_without_listing_provinces(api, producer_record):
    f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    root = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    other = f.ProvinceFactory(code="26", name="Tỉnh Phú Thọ")
    commune = f.CommuneFactory(parent=f.DistrictFactory(parent=other, code="227"), code="07999")
    f.ProductFactory(producer=f.ProducerFactory(commune=commune), name="Chè xanh Thanh Sơn")
    client = api(root)

    with CaptureQueriesContext(connection) as queries:
        everything = client.get("/api/v1/products/").json()
    narrowed = client.get("/api/v1/products/", {"province": other.pk}).json()

    assert {row["name"] for row in everything["results"]} == {"Gà đồi Yên Thế", "Chè xanh Thanh Sơn"}
    assert [row["name"] for row in narrowed["results"]] == ["Chè xanh Thanh Sơn"]
    assert not [q for q in queries if "core_administrativeunit" in q["sql"]]
