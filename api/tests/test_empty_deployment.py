"""A province run from an empty deployment to its annual report through /api/v1/ alone (issue 23).

Before the first request: migrations (the test database), the reference data a deployment loads
(`load_admin_units`, `load_score_sheets`) and one superuser. From there every step is an API call:
the superuser invites the province's staff; the staff invite a district officer and council
members, open a round, set up the district council; the officer registers a producer and its
product and prepares the dossier; the council scores and closes; the officer records the
decision, which issues the certificate; the staff start the annual report and download it.

Each person's API key stands for the one they create on their profile page after choosing a
password from the invitation (the invitation itself is e-mailed by the API).
"""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from api.services import api_token_create
from ocop_portal.accounts.models import User

from .test_flow import REGISTRATION

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png():
    output = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(output, format="PNG")
    output.name = "anh-san-pham.png"
    output.seek(0)
    return output


def _pdf():
    output = io.BytesIO(PDF)
    output.name = "dang-ky-kinh-doanh.pdf"
    return output


def client_of(user_id: int) -> APIClient:
    _token, key = api_token_create(user=User.objects.get(pk=user_id), name="chương trình của tỉnh")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content[:800])
    return response.json() if response.get("Content-Type", "").startswith("application/json") else response


def one(results: list, **match) -> dict:
    found = [r for r in results if all(r[k] == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


def every_page(client, url, **params) -> list:
    rows, page = [], 1
    while True:
        data = ok(client.get(url, {**params, "page": page}))
        rows += data["results"]
        if not data["next"]:
            return rows
        page += 1


def card_near(criteria, target):
    """Answers totalling as close above `target` as the sheet allows: every gated criterion (an
    option carries a star marker) at its best option, the others lowered while the total stays
    at or above `target`."""
    picks = {c["id"]: max(c["options"], key=lambda o: float(o["points"])) for c in criteria}
    total = sum(float(o["points"]) for o in picks.values())
    for criterion in criteria:
        if any(o["marker"] is not None for o in criterion["options"]):
            continue
        for option in sorted(criterion["options"], key=lambda o: float(o["points"])):
            lower = total - float(picks[criterion["id"]]["points"]) + float(option["points"])
            if lower >= target:
                picks[criterion["id"]], total = option, lower
                break
    return picks, total


def test_a_province_from_an_empty_deployment_to_its_annual_report(django_capture_on_commit_callbacks):
    call_command("load_admin_units", "data/admin-units/bac-giang-2021.csv", "--province", "24", verbosity=0)
    call_command("load_score_sheets", stdout=io.StringIO())
    root = client_of(User.objects.create_superuser("admin", "admin@example.vn", None).pk)
    year = timezone.localdate().year
    today = timezone.localdate().isoformat()

    # The superuser (the national role) invites the province's DARD staff.
    province = one(ok(root.get("/api/v1/administrative-units/", {"level": "province", "code": "24"}))["results"])
    with django_capture_on_commit_callbacks(execute=True):
        staff_account = ok(
            root.post(
                "/api/v1/accounts/",
                {
                    "username": "so_nnptnt",
                    "email": "so@example.vn",
                    "full_name": "Cán bộ Sở",
                    "staff_province": province["id"],
                },
                format="json",
            ),
            201,
        )
    staff = client_of(staff_account["id"])

    # The staff invite the district officer and three council members (no role of their own).
    units = every_page(staff, "/api/v1/administrative-units/", level="district", parent=province["id"])
    district = one(units, code="215")
    commune = one(every_page(staff, "/api/v1/administrative-units/", parent=district["id"]), code="07243")
    with django_capture_on_commit_callbacks(execute=True):
        officer_account = ok(
            staff.post(
                "/api/v1/accounts/",
                {"username": "huyen_yenthe", "email": "yt@example.vn", "officer_district": district["id"]},
                format="json",
            ),
            201,
        )
        members = [
            ok(
                staff.post("/api/v1/accounts/", {"username": f"hd_{n}", "email": f"hd{n}@example.vn"}, format="json"),
                201,
            )
            for n in range(3)
        ]
    invited = {m.to[0] for m in mail.outbox if "/accounts/password/reset/" in m.body}
    assert invited == {"so@example.vn", "yt@example.vn", "hd0@example.vn", "hd1@example.vn", "hd2@example.vn"}
    officer = client_of(officer_account["id"])

    # A round for the year, its deadlines, opened.
    round_ = ok(staff.post("/api/v1/rounds/", {"framework": "148", "year": year, "number": 1}, format="json"), 201)
    ok(
        staff.put(
            f"/api/v1/rounds/{round_['id']}/deadlines/",
            {"deadlines": [{"level": "district", "submission": f"{year}-12-31", "decision": f"{year}-12-31"}]},
            format="json",
        )
    )
    assert (
        ok(staff.post(f"/api/v1/rounds/{round_['id']}/transition/", {"to": "open"}, format="json"))["state"] == "open"
    )

    # The district council, set up and seated by the staff.
    council = ok(
        staff.post(
            "/api/v1/councils/",
            {
                "level": "district",
                "jurisdiction": district["id"],
                "name": "Hội đồng OCOP huyện Yên Thế",
                "term_start": f"{year}-01-01",
            },
            format="json",
        ),
        201,
    )
    for member, role in zip(members, ("chair", "vice_chair", "member"), strict=True):
        ok(
            staff.post(
                f"/api/v1/councils/{council['id']}/members/", {"user": member["id"], "role": role}, format="json"
            ),
            201,
        )

    # The officer registers the producer and its product, prepares and submits the dossier.
    producer = ok(
        officer.post(
            "/api/v1/producers/",
            {
                "kind": "cooperative",
                "name": "HTX Hoa Đồng Tiến",
                "registration_number": "24 0100 0902",
                "representative": "Nguyễn Thị Lan",
                "commune": commune["id"],
                "address": "Thôn Đồng Vương",
            },
            format="json",
        ),
        201,
    )
    flowers = one(every_page(officer, "/api/v1/product-sets/"), framework_code="148", code="23")
    product = ok(
        officer.post(
            "/api/v1/products/",
            {
                "producer": producer["id"],
                "name": "Hoa lan Đồng Tiến",
                "product_set": flowers["id"],
                "commune": commune["id"],
            },
            format="json",
        ),
        201,
    )
    dossier = ok(
        officer.post("/api/v1/dossiers/", {"product": product["id"], "round": round_["id"]}, format="json"), 201
    )
    sheet = ok(officer.get(f"/api/v1/dossiers/{dossier['id']}/sheet/"))
    answers = [{"criterion": c["id"], "option": c["options"][-1]["id"]} for c in sheet]
    dossier = ok(
        officer.patch(
            f"/api/v1/dossiers/{dossier['id']}/",
            {"version": dossier["version"], "registration": REGISTRATION, "self_assessment": {"answers": answers}},
            format="json",
        )
    )
    for kind, upload in (("business_registration", _pdf()), ("photos", _png())):
        ok(
            officer.post(
                f"/api/v1/dossiers/{dossier['id']}/evidence/",
                {"evidence_type": kind, "file": upload},
                format="multipart",
            ),
            201,
        )
    assert ok(officer.post(f"/api/v1/dossiers/{dossier['id']}/submit/", format="json"))["missing_items"] == []
    assert ok(officer.post(f"/api/v1/dossiers/{dossier['id']}/accept/", {}, format="json"))["state"] == "accepted"

    # Before the council; each member scores about 60 points (3★); the officer closes.
    assignment = ok(
        officer.post(f"/api/v1/councils/{council['id']}/assign/", {"dossiers": [dossier["id"]]}, format="json"), 201
    )[0]
    for member in members:
        client = client_of(member["id"])
        base = f"/api/v1/assignments/{assignment['id']}/"
        ok(client.post(base + "declare/", {"has_conflict": False}, format="json"), 201)
        picks, total = card_near(ok(client.get(base + "scorecard/"))["criteria"], target=60)
        assert 50 <= total < 70, total
        payload = [
            {"criterion": cid, "option": o["id"], "comment": "Chưa đạt mức cao nhất"} for cid, o in picks.items()
        ]
        ok(client.post(base + "scorecard/answers/", {"answers": payload}, format="json"))
        assert ok(client.post(base + "scorecard/submit/", format="json"))["state"] == "submitted"
    ok(officer.post(f"/api/v1/assignments/{assignment['id']}/close/", {}, format="json"))
    result = ok(officer.get(f"/api/v1/council-results/{assignment['id']}/"))
    assert (result["final_stars"], result["outcome"]) == (3, "recognise")

    # The district's decision issues the certificate.
    ok(
        officer.post(
            "/api/v1/decisions/",
            {
                "issuer_unit": district["id"],
                "level": "district",
                "number": "15/QĐ-UBND",
                "date": today,
                "signer": "Nguyễn Văn Ký",
                "authority": "UBND huyện Yên Thế",
                "items": [{"dossier": dossier["id"], "stars": 3}],
            },
            format="json",
        ),
        201,
    )
    certificate = one(ok(staff.get("/api/v1/certificates/", {"status": "valid"}))["results"], product=product["id"])
    assert (certificate["stars"], certificate["issuing_level"], certificate["valid_from"]) == (3, "district", today)

    # The annual report: started, done, downloaded.
    with django_capture_on_commit_callbacks(execute=True):
        report = ok(staff.post("/api/v1/report-requests/", {"year": year}, format="json"), 201)
    report = ok(staff.get(f"/api/v1/report-requests/{report['id']}/"))
    assert (report["state"], sorted(report["downloads"])) == ("done", ["pdf", "xlsx"]), report
    pdf = staff.get(f"/api/v1/report-requests/{report['id']}/download/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
