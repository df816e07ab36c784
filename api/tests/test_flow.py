"""The whole path of a product driven through the API only, with API keys: register producer and
product → dossier → submit → accept → district council scores → close (forwarded) → provincial
council scores → close → decision → certificate → public verification by code.

Councils themselves are set up beforehand (a People's Committee decision for a term: the council
pages, not the API); putting a dossier before one, scoring, closing and deciding are API calls."""

import io

import pytest
from PIL import Image

from evaluation.enums import Level, MemberRole
from evaluation.tests.factories import RoundFactory, build_sheet
from evaluation.tests.test_councils import make_council
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db

ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER)
# 80 points: 1.1 → 20 (the 4★ mark), 4.1 → 25, 6.1 → 35
CARD = {"1.1": "20.00", "4.1": "25.00", "6.1": "35.00"}
REGISTRATION = {
    "product_description": "Gà thả đồi, nuôi 6 tháng",
    "production_capacity": "20.000 con/năm",
    "raw_material_source": "Giống gà ri địa phương",
    "main_markets": "Bắc Giang, Hà Nội",
    "contact_name": "Trần Thị Hoa",
    "contact_phone": "0912 345 678",
}


def png_file():
    output = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(output, format="PNG")
    output.name = "anh-san-pham.png"
    output.seek(0)
    return output


def pdf_file():
    output = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    output.name = "dang-ky-kinh-doanh.pdf"
    return output


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def score_through_api(api, members, assignment_id):
    for member in members:
        client = api(member.user)
        ok(client.post(f"/api/v1/assignments/{assignment_id}/declare/", {"has_conflict": False}, format="json"), 201)
        card = ok(client.get(f"/api/v1/assignments/{assignment_id}/scorecard/"))
        answers = [
            {
                "criterion": criterion["id"],
                "option": next(o["id"] for o in criterion["options"] if o["points"] == CARD[criterion["code"]]),
                "comment": "" if CARD[criterion["code"]] == criterion["max_points"] else "Chưa có chứng nhận",
            }
            for criterion in card["criteria"]
        ]
        saved = ok(
            client.post(f"/api/v1/assignments/{assignment_id}/scorecard/answers/", {"answers": answers}, format="json")
        )
        assert (saved["state"], saved["total"], saved["progress"]["complete"]) == ("draft", "80.00", True)
        submitted = ok(client.post(f"/api/v1/assignments/{assignment_id}/scorecard/submit/", format="json"))
        assert (submitted["state"], submitted["total"]) == ("submitted", "80.00")


def test_full_flow_through_the_api(api, province, district, commune, district_officer, province_staff, producer_record):
    product_set = f.ProductSetFactory()
    build_sheet(product_set=product_set)
    round_obj = RoundFactory(province=province, year=2026, number=1)
    district_council, district_members = make_council(province=province, jurisdiction=district, roles=ROLES)
    province_council, province_members = make_council(
        province=province, jurisdiction=province, level=Level.PROVINCE, roles=ROLES
    )
    officer, staff = api(district_officer), api(province_staff)

    producer = ok(
        officer.post(
            "/api/v1/producers/",
            {
                "kind": "cooperative",
                "name": "HTX Gà đồi Đồng Tiến",
                "registration_number": "24 0100 0901",
                "representative": "Nguyễn Thị Bình",
                "commune": commune.pk,
                "address": "Thôn Đồng Vương",
            },
            format="json",
        ),
        201,
    )
    assert (producer["registration_number"], producer["district"], producer["version"]) == (
        "2401000901",
        district.pk,
        1,
    )
    product = ok(
        officer.post(
            "/api/v1/products/",
            {
                "producer": producer["id"],
                "name": "Gà đồi Đồng Tiến",
                "product_set": product_set.pk,
                "commune": commune.pk,
            },
            format="json",
        ),
        201,
    )
    dossier = ok(
        officer.post("/api/v1/dossiers/", {"product": product["id"], "round": round_obj.pk}, format="json"), 201
    )
    assert (dossier["state"], dossier["current_level"], len(dossier["missing_items"])) == ("draft", "district", 9)

    sheet = ok(officer.get(f"/api/v1/dossiers/{dossier['id']}/sheet/"))
    answers = [{"criterion": c["id"], "option": c["options"][-1]["id"]} for c in sheet]
    dossier = ok(
        officer.patch(
            f"/api/v1/dossiers/{dossier['id']}/",
            {"version": dossier["version"], "registration": REGISTRATION, "self_assessment": {"answers": answers}},
            format="json",
        )
    )
    assert (dossier["registration"], dossier["version"], len(dossier["self_assessment"])) == (REGISTRATION, 3, 3)
    for evidence_type, upload in (("business_registration", pdf_file()), ("photos", png_file())):
        evidence = ok(
            officer.post(
                f"/api/v1/dossiers/{dossier['id']}/evidence/",
                {"evidence_type": evidence_type, "file": upload},
                format="multipart",
            ),
            201,
        )
        assert evidence["evidence_type"] == evidence_type

    assert ok(officer.post(f"/api/v1/dossiers/{dossier['id']}/submit/", format="json"))["state"] == "submitted"
    assert ok(officer.post(f"/api/v1/dossiers/{dossier['id']}/accept/", {}, format="json"))["state"] == "accepted"

    assigned = ok(
        officer.post(f"/api/v1/councils/{district_council.pk}/assign/", {"dossiers": [dossier["id"]]}, format="json"),
        201,
    )
    district_assignment = assigned[0]["id"]
    score_through_api(api, district_members, district_assignment)
    closed = ok(officer.post(f"/api/v1/assignments/{district_assignment}/close/", format="json"))
    assert closed["state"] == "closed"
    result = ok(officer.get(f"/api/v1/council-results/{district_assignment}/"))
    assert (result["mean_score"], result["final_stars"], result["outcome"]) == ("80.00", 4, "forward")
    forwarded = ok(staff.get(f"/api/v1/dossiers/{dossier['id']}/"))
    assert (forwarded["state"], forwarded["current_level"]) == ("forwarded", "province")

    assigned = ok(
        staff.post(f"/api/v1/councils/{province_council.pk}/assign/", {"dossiers": [dossier["id"]]}, format="json"), 201
    )
    province_assignment = assigned[0]["id"]
    score_through_api(api, province_members, province_assignment)
    ok(staff.post(f"/api/v1/assignments/{province_assignment}/close/", format="json"))
    result = ok(staff.get(f"/api/v1/council-results/{province_assignment}/"))
    assert (result["mean_score"], result["final_stars"], result["outcome"]) == ("80.00", 4, "recognise")

    decision = ok(
        staff.post(
            "/api/v1/decisions/",
            {
                "issuer_unit": province.pk,
                "level": "province",
                "number": "123/QĐ-UBND",
                "date": "2026-10-30",
                "signer": "Nguyễn Văn Ký",
                "authority": "UBND tỉnh Bắc Giang",
                "items": [{"dossier": dossier["id"], "stars": 4}],
            },
            format="json",
        ),
        201,
    )
    assert [(i["dossier"], i["recognised_stars"]) for i in decision["items"]] == [(dossier["id"], 4)]

    certificates = ok(officer.get("/api/v1/certificates/", {"status": "valid"}))["results"]
    assert [(c["product"], c["stars"], c["issuing_level"], c["valid_until"]) for c in certificates] == [
        (product["id"], 4, "province", "2029-10-30")
    ]
    public = ok(api(None).get(f"/api/v1/public/verify/{certificates[0]['public_code']}/"))
    assert (public["number"], public["product_name"], public["stars"], public["in_force"]) == (
        certificates[0]["number"],
        "Gà đồi Đồng Tiến",
        4,
        True,
    )
    exported = ok(staff.get("/api/v1/export/register.json"))
    assert [
        (c["certificate_number"], c["product"]["name"], c["producer"]["registration_number"])
        for c in exported["certificates"]
    ] == [(certificates[0]["number"], "Gà đồi Đồng Tiến", "2401000901")]
