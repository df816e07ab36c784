"""Issue 17, "Done when": the whole QĐ 26/2026 flow driven through the API only, the twin of
evaluation/tests/test_qd26_whole_flow.py (the pages) — the same cooperative and products:

- "Gà đồi": sign-up by registration number confirmed by the commune, forms 01/02, self-assessment
  and evidence, filing, form 03, the advisory team, the provincial council (80 → 4★), the
  province's decision; later an inspection whose finding revokes it (Art. 9 → Art. 8 (d));
- "Mật ong": 100 → gated 5★ → approved, packaged, sent, granted by the Ministry; its
  re-evaluation refused outside the 180–120-day window, filed inside it;
- "Chè": a 2023 QĐ 148 certificate filed late and extended under Art. 12.3.

The person who signed up chooses their password through the mailed link (a browser step); here
their API key is made for them. Councils and sheets are the province's standing set-up."""

import datetime

import pytest
import rest_framework.throttling  # noqa: F401 — bound before freezegun patches the clock
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from api.tests.test_flow import ok, pdf_file, png_file
from evaluation.enums import Level, MemberRole
from evaluation.tests.factories import CouncilMemberFactory, RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from evaluation.tests.test_councils import make_council
from evaluation.tests.test_dossiers import _certificate
from evaluation.tests.test_dossiers_fixtures import FORM01, FORM02
from evaluation.tests.test_filing_commune import FORM03
from ocop_portal.accounts.models import User
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db

P80 = {"1.1": "20.00", "4.1": "25.00", "6.1": "35.00"}
P100 = {"1.1": "40.00", "4.1": "25.00", "6.1": "35.00"}


def _today() -> str:
    return datetime.date.today().isoformat()


def file_dossier(client, product, round_id, *, kind="new", renews=None, filed=True):
    body = {"product": product.pk, "round": round_id, "kind": kind}
    if renews:
        body["renews_certificate"] = renews
    dossier = ok(client.post("/api/v1/dossiers/", body, format="json"), 201)
    url = f"/api/v1/dossiers/{dossier['id']}/"
    filing = ok(client.get(f"/api/v1/dossier-filings/{dossier['id']}/"))
    ok(
        client.patch(
            f"/api/v1/dossier-filings/{dossier['id']}/",
            {"version": filing["version"], "form01": FORM01, "form02": FORM02},
            format="json",
        )
    )
    sheet = ok(client.get(url + "sheet/"))
    current = ok(client.get(url))
    answers = [{"criterion": c["id"], "option": c["options"][-1]["id"]} for c in sheet]
    ok(client.patch(url, {"version": current["version"], "self_assessment": {"answers": answers}}, format="json"))
    for evidence_type, upload in (("business_registration", pdf_file()), ("photos", png_file())):
        ok(client.post(url + "evidence/", {"evidence_type": evidence_type, "file": upload}, format="multipart"), 201)
    answer = client.post(url + "submit/", format="json")
    assert answer.status_code == (200 if filed else 400), answer.content
    return dossier["id"], answer.json()


def score(api, members, assignment_id, card):
    for member in members:
        client = api(member.user)
        ok(client.post(f"/api/v1/assignments/{assignment_id}/declare/", {"has_conflict": False}, format="json"), 201)
        sheet = ok(client.get(f"/api/v1/assignments/{assignment_id}/scorecard/"))
        answers = [
            {
                "criterion": criterion["id"],
                "option": next(o["id"] for o in criterion["options"] if o["points"] == card[criterion["code"]]),
                "comment": "" if card[criterion["code"]] == criterion["max_points"] else "Chưa có chứng nhận",
            }
            for criterion in sheet["criteria"]
        ]
        ok(client.post(f"/api/v1/assignments/{assignment_id}/scorecard/answers/", {"answers": answers}, format="json"))
        ok(client.post(f"/api/v1/assignments/{assignment_id}/scorecard/submit/", format="json"))
    return ok(api(members[0].user).post(f"/api/v1/assignments/{assignment_id}/close/", format="json"))


def test_the_whole_qd26_flow_through_the_api(
    api, province, commune, commune_officer, province_staff, producer_record, django_capture_on_commit_callbacks
):
    cache.clear()
    framework = load_framework("26/2026")
    food = f.ProductSetFactory(code="01", group=f.ProductGroupFactory(code="I", name="Thực phẩm"))
    chicken, honey, tea = (
        f.ProductFactory(producer=producer_record, product_set=food, name=name)
        for name in ("Gà đồi Yên Thế", "Mật ong rừng Yên Thế", "Chè xanh Đồng Tiến")
    )
    build_sheet(framework_obj=framework, product_set=food)
    council, members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    helper = CouncilMemberFactory(council=council, role=MemberRole.MEMBER, is_support_team=True, order=9)
    old_tea = _certificate(tea, load_framework("148"), province_staff, number="OCOP-24-2023-0007")
    staff, officer = api(province_staff), api(commune_officer)

    # the province opens the round
    round_ = ok(
        staff.post(
            "/api/v1/rounds/",
            {"year": 2026, "number": 8, "opens_on": "2026-07-22", "title": "Đợt 8"},
            format="json",
        ),
        201,
    )
    assert round_["framework"] == "26/2026"  # the framework in force on its opening date
    ok(staff.post(f"/api/v1/rounds/{round_['id']}/transition/", {"to": "open"}, format="json"))

    # 1. sign-up by registration number, confirmed by the commune
    asked = api(None).post(
        "/api/v1/public/producer-signups/",
        {
            "province": province.pk,
            "registration_number": producer_record.registration_number,
            "full_name": "Nguyễn Thị Lan",
            "email": "lan@htx.example.vn",
        },
        format="json",
    )
    assert asked.status_code == 202
    pending = ok(officer.get("/api/v1/producer-signups/", {"state": "pending"}))["results"]
    with django_capture_on_commit_callbacks(execute=True):
        ok(officer.post(f"/api/v1/producer-signups/{pending[0]['id']}/confirm/", format="json"))
    assert mail.outbox[-1].to == ["lan@htx.example.vn"]
    lan = api(User.objects.get(email="lan@htx.example.vn"))

    # 2. filing, 3. the commune's form 03
    gà, _answer = file_dossier(lan, chicken, round_["id"])
    mật_ong, _answer = file_dossier(lan, honey, round_["id"])
    for dossier in (gà, mật_ong):
        url = f"/api/v1/dossier-filings/{dossier}/"
        ok(officer.post(url + "form-03/", {**FORM03, "send": True, "note": "Đủ hồ sơ"}, format="json"))
        forwarded = ok(staff.get(f"/api/v1/dossiers/{dossier}/"))
        assert (forwarded["state"], forwarded["current_level"]) == ("forwarded", "province")
    assert ok(lan.get(f"/api/v1/dossier-filings/{gà}/"))["registration_number"].endswith("-07243-2026")

    # 4. the province: council sessions, the advisory team, scores, routing by gated stars
    sessions = ok(staff.post(f"/api/v1/councils/{council.pk}/assign/", {"dossiers": [gà, mật_ong]}, format="json"), 201)
    by_dossier = {s["dossier"]: s["id"] for s in sessions}
    for dossier in (gà, mật_ong):
        ok(
            api(helper.user).post(
                f"/api/v1/dossiers/{dossier}/advisory/",
                {"kind": "review", "on": _today(), "text": "Hồ sơ đầy đủ, đúng mẫu"},
                format="json",
            ),
            201,
        )
    score(api, members, by_dossier[gà], P80)
    result = ok(staff.get(f"/api/v1/council-results/{by_dossier[gà]}/"))
    assert (result["mean_score"], result["final_stars"], result["outcome"]) == ("80.00", 4, "recognise")
    score(api, members, by_dossier[mật_ong], P100)
    assert ok(staff.get(f"/api/v1/dossiers/{mật_ong}/"))["current_level"] == "central"

    decision = {"issuer_unit": province.pk, "date": _today(), "signer": "Nguyễn Văn Ký", "authority": "UBND tỉnh"}
    recorded = ok(
        staff.post(
            "/api/v1/decisions/",
            {
                **decision,
                "signer_title": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
                "level": "province",
                "number": "120/QĐ-UBND",
                "items": [{"dossier": gà, "stars": 4}],
            },
            format="json",
        ),
        201,
    )
    assert recorded["signer_title"] == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    chicken_certificate = ok(staff.get("/api/v1/certificates/", {"product": chicken.pk}))["results"][0]
    assert (chicken_certificate["stars"], chicken_certificate["status"]) == (4, "valid")

    # 5. the 5★ dossier to the Ministry and back
    base = f"/api/v1/dossiers/{mật_ong}"
    ok(staff.post(f"{base}/five-star/approve/", {"number": "12/QĐ-UBND", "date": _today(), "signer": "Chủ tịch"}))
    ok(
        api(helper.user).post(
            f"{base}/advisory/", {"kind": "report", "on": _today(), "text": "Đề nghị 5 sao"}, format="json"
        ),
        201,
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = ok(staff.post(f"{base}/five-star/send/", {"letter_number": "345/UBND-KT", "letter_date": _today()}))
    assert (sent["next_action"], sent["missing"]) == ("ministry_outcome", [])
    ministry = {"number": "88/QĐ-BNNMT", "date": _today(), "signer": "Trần Văn Bộ", "authority": "Bộ NN&MT"}
    ok(staff.post(f"{base}/central-outcome/", {"granted": True, **ministry}, format="json"))
    honey_certificate = ok(staff.get("/api/v1/certificates/", {"product": honey.pk}))["results"][0]
    assert (honey_certificate["stars"], honey_certificate["issuing_level"]) == (5, "central")
    public = ok(api(None).get(f"/api/v1/public/verify/{honey_certificate['public_code']}/"))
    assert (public["stars"], public["in_force"]) == (5, True)

    # 6. re-evaluation: refused outside the window with its dates, filed inside it
    expiry = datetime.date.fromisoformat(honey_certificate["valid_until"])
    later = RoundFactory(framework=framework, province=province, year=expiry.year, number=1)
    with freeze_time(expiry - datetime.timedelta(days=181)):
        renewal, refused = file_dossier(
            lan, honey, later.pk, kind="reevaluation", renews=honey_certificate["id"], filed=False
        )
    opens = f"{expiry - datetime.timedelta(days=180):%d/%m/%Y}"
    assert "Chưa đến thời hạn nộp hồ sơ đánh giá lại" in str(refused) and opens in str(refused)
    with freeze_time(expiry - datetime.timedelta(days=150)):
        assert ok(lan.post(f"/api/v1/dossiers/{renewal}/submit/", format="json"))["state"] == "submitted"

    # 7. Art. 12.3: the tea's 2023 certificate, filed late, extended until the result
    late_round = RoundFactory(framework=framework, province=province, year=2026, number=9)
    with freeze_time(datetime.date(2026, 9, 2)):
        file_dossier(lan, tea, late_round.pk, kind="reevaluation", renews=old_tea.pk)
        extended = ok(staff.post(f"/api/v1/certificates/{old_tea.pk}/extend/", format="json"))
    assert (extended["status"], extended["extended_until"]) == ("extended", "2027-02-28")
    public = ok(api(None).get(f"/api/v1/public/verify/{old_tea.public_code}/"))
    assert (public["status"], public["extended_until"], public["in_force"]) == ("extended", "2027-02-28", True)

    # 8. an inspection of the 4★ certificate ends in its revocation
    plan = ok(staff.post("/api/v1/inspection-plans/", {"year": 2026, "title": "Kế hoạch 2026"}, format="json"), 201)
    body = {
        "certificate": chicken_certificate["id"],
        "kind": "periodic",
        "plan": plan["id"],
        "planned_on": _today(),
        "lead": "Đoàn kiểm tra Sở",
    }
    inspection = ok(staff.post("/api/v1/inspections/", body, format="json"), 201)
    url = f"/api/v1/inspections/{inspection['id']}/"
    finding = ok(
        staff.post(
            url + "findings/",
            {
                "subject": "mark",
                "breach": "true",
                "description": "Dùng biểu trưng OCOP cho sản phẩm khác",
                "proposed_ground": "art8_d",
                "files": [SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")],
            },
            format="multipart",
        ),
        201,
    )
    ok(staff.post(url + "conclude/", {"concluded_on": _today(), "conclusion": "Vi phạm"}, format="json"))
    revoked = ok(
        staff.post(
            url + f"findings/{finding['id']}/revoke/",
            {
                "decision_number": "30/QĐ-UBND",
                "decision_date": _today(),
                "decision_signer": "Chủ tịch UBND tỉnh",
                "decision_authority": "UBND tỉnh",
            },
            format="json",
        )
    )
    assert (revoked["status"], revoked["revocation_ground"]) == ("revoked", "art8_d")
    assert ok(api(None).get(f"/api/v1/public/verify/{chicken_certificate['public_code']}/"))["in_force"] is False
