"""Post-certification inspections through /api/v1/ (issue 17 point 7, issue 23): the pages'
services, rules and translated errors — a plan, an inspection opened with a public misuse report,
a finding with evidence (multipart), the conclusion, and a revocation on the finding's Art. 8
ground within 15 days of the conclusion (day 15 / 16); who sees what; constant query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluation.enums import CertificateStatus, Level
from evaluation.models import Certificate, FindingFile, Inspection, InspectionFinding, MisuseReport
from evaluation.models.inspections import InspectionKind
from evaluation.services import inspections as services
from evaluation.services.certificates import misuse_report_create
from evaluation.tests.test_inspections import LEAD, PDF, PLANNED
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

from .factories import make_certificate

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def certificate(world):
    """3★, valid 02/03/2026 – 01/03/2029, of the producer's commune."""
    return world["certificate"]


def _decision(**extra):
    return {
        "decision_number": "31/QĐ-UBND",
        "decision_signer": "Chủ tịch UBND tỉnh",
        "decision_authority": "UBND tỉnh Bắc Giang",
        **extra,
    }


def test_a_plan_an_inspection_a_finding_a_conclusion_and_a_revocation(api, certificate, province_staff, producer):
    staff = api(province_staff)
    plan = ok(staff.post("/api/v1/inspection-plans/", {"year": 2026, "title": "Kế hoạch 2026"}, format="json"), 201)
    duplicate = staff.post("/api/v1/inspection-plans/", {"year": 2026, "title": "Lần hai"}, format="json")
    assert duplicate.status_code == 400
    assert duplicate.json() == {"year": ["Năm 2026 đã có kế hoạch kiểm tra."]}

    report = misuse_report_create(certificate=certificate, message="Nhãn OCOP trên hàng khác")
    body = {
        "certificate": certificate.pk,
        "kind": "periodic",
        "plan": plan["id"],
        "planned_on": "2026-09-01",
        "lead": LEAD,
        "misuse_report": report.pk,
    }
    inspection = ok(staff.post("/api/v1/inspections/", body, format="json"), 201)
    assert (inspection["kind"], inspection["plan"], inspection["state"], inspection["findings"]) == (
        "periodic",
        plan["id"],
        "planned",
        [],
    )
    assert MisuseReport.objects.get().inspection_id == inspection["id"]
    url = f"/api/v1/inspections/{inspection['id']}/"

    finding = ok(
        staff.post(
            url + "findings/",
            {
                "subject": "mark",
                "breach": "true",
                "description": "Dùng biểu trưng OCOP cho sản phẩm khác",
                "proposed_ground": "art8_d",
                "files": [SimpleUploadedFile("anh.pdf", PDF), SimpleUploadedFile("bien-ban.pdf", PDF)],
            },
            format="multipart",
        ),
        201,
    )
    assert [f["original_name"] for f in finding["files"]] == ["anh.pdf", "bien-ban.pdf"]
    download = staff.get(url + f"files/{finding['files'][0]['id']}/")
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"

    concluded = ok(
        staff.post(url + "conclude/", {"concluded_on": "2026-09-03", "conclusion": "Vi phạm"}, format="json")
    )
    assert (concluded["state"], concluded["concluded_on"]) == ("concluded", "2026-09-03")

    revoke = url + f"findings/{finding['id']}/revoke/"
    late = staff.post(revoke, _decision(decision_date="2026-09-19"), format="json")
    assert late.status_code == 400
    assert late.json()["concluded_on"] == [
        f"{certificate.number}: Quyết định thu hồi phải ban hành trong 15 ngày kể từ ngày có kết luận "
        "(03/09/2026 – 18/09/2026)."
    ]
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID
    revoked = ok(staff.post(revoke, _decision(decision_date="2026-09-18"), format="json"))
    assert (revoked["status"], revoked["revocation_ground"]) == ("revoked", "art8_d")
    assert InspectionFinding.objects.get().revocation_decision.number == "31/QĐ-UBND"
    assert ok(staff.get(url))["findings"][0]["revocation_decision"] is not None

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "inspection_plan.create",
        "inspection.create",
        "certificate.misuse_report_inspection",
        "inspection.finding_add",
        "inspection.conclude",
        "inspection.finding_revocation",
    } <= actions
    # the producer reads the concluded inspection and its findings, never acts on it
    own = api(producer)
    assert ok(own.get(url))["findings"][0]["description"] == "Dùng biểu trưng OCOP cho sản phẩm khác"
    assert own.post(url + "conclude/", {}, format="json").status_code == 403


def test_a_five_star_revocation_from_a_finding_is_the_ministry_s(api, world, province_staff):
    five = make_certificate(f.ProductFactory(producer=world["product"].producer, name="Chè"), stars=5)
    inspection = services.inspection_create(
        certificate=five, kind=InspectionKind.AD_HOC, planned_on=PLANNED, lead=LEAD, by=province_staff
    )
    finding = services.inspection_finding_add(
        inspection=inspection,
        subject="criteria",
        breach=True,
        description="…",
        proposed_ground="art8_b",
        by=province_staff,
    )
    services.inspection_conclude(
        inspection=inspection, concluded_on=datetime.date(2026, 9, 3), conclusion="…", by=province_staff
    )
    revoked = ok(
        api(province_staff).post(
            f"/api/v1/inspections/{inspection.pk}/findings/{finding.pk}/revoke/",
            _decision(decision_date="2026-09-03", decision_authority="Bộ Nông nghiệp và Môi trường"),
            format="json",
        )
    )
    assert revoked["status"] == "revoked"
    assert Certificate.objects.get(pk=five.pk).revocation_decision.level == Level.CENTRAL


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"planned_on": "2026-03-01"}, "planned_on", "Ngày kiểm tra phải trong thời hạn hiệu lực"),
        ({"kind": "periodic"}, "plan", "Kiểm tra định kỳ phải thuộc kế hoạch kiểm tra của năm."),
        ({"checks_criteria": False, "checks_mark": False}, "non_field_errors", "Hãy chọn ít nhất một nội dung"),
        ({"lead": "x" * 256}, "lead", ""),
        ({"certificate": 999999}, "certificate", "Không có giấy chứng nhận này trong phạm vi của bạn."),
    ],
)
def test_bad_input_is_a_translated_error_and_writes_nothing(api, certificate, province_staff, body, field, message):
    answer = api(province_staff).post(
        "/api/v1/inspections/",
        {"certificate": certificate.pk, "kind": "ad_hoc", "planned_on": "2026-09-01", "lead": LEAD, **body},
        format="json",
    )
    assert answer.status_code == 400
    assert message in answer.json()[field][0]
    assert not Inspection.objects.exists()


def test_a_bad_file_refuses_the_finding_through_the_api(api, certificate, province_staff):
    inspection = services.inspection_create(
        certificate=certificate, kind=InspectionKind.AD_HOC, planned_on=PLANNED, lead=LEAD, by=province_staff
    )
    answer = api(province_staff).post(
        f"/api/v1/inspections/{inspection.pk}/findings/",
        {"subject": "mark", "description": "Ảnh", "files": [SimpleUploadedFile("anh.png", b"not an image")]},
        format="multipart",
    )
    assert answer.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in answer.json()["file"][0]
    assert (InspectionFinding.objects.count(), FindingFile.objects.count()) == (0, 0)


def test_who_sees_an_inspection_through_the_api(
    api, certificate, province_staff, producer, other_producer, commune_officer, district_officer
):
    inspection = services.inspection_create(
        certificate=certificate, kind=InspectionKind.AD_HOC, planned_on=PLANNED, lead=LEAD, by=province_staff
    )
    url = f"/api/v1/inspections/{inspection.pk}/"
    other_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))
    planned = {
        who: api(user).get(url).status_code
        for who, user in {
            "staff": province_staff,
            "commune": commune_officer,
            "producer": producer,
            "other_producer": other_producer,
            "district": district_officer,
            "other_province": other_staff,
        }.items()
    }
    assert planned == {
        "staff": 200,
        "commune": 200,
        "producer": 404,  # not announced before its conclusion
        "other_producer": 404,
        "district": 403,
        "other_province": 404,
    }
    assert api(other_staff).get("/api/v1/inspections/").json()["count"] == 0
    services.inspection_conclude(inspection=inspection, concluded_on=PLANNED, conclusion="Đạt", by=province_staff)
    assert api(producer).get(url).status_code == 200
    assert api(commune_officer).post(url + "conclude/", {}, format="json").status_code == 403
    assert api(other_staff).post(
        "/api/v1/inspections/",
        {"certificate": certificate.pk, "kind": "ad_hoc", "planned_on": "2026-09-01", "lead": LEAD},
        format="json",
    ).json() == {"certificate": ["Không có giấy chứng nhận này trong phạm vi của bạn."]}


def test_a_report_links_to_an_inspection_of_its_certificate(api, world, certificate, province_staff):
    inspection = services.inspection_create(
        certificate=certificate, kind=InspectionKind.AD_HOC, planned_on=PLANNED, lead=LEAD, by=province_staff
    )
    other = misuse_report_create(certificate=world["other_certificate"], message="Nhãn giả")
    url = f"/api/v1/inspections/{inspection.pk}/link-report/"
    refused = api(province_staff).post(url, {"misuse_report": other.pk}, format="json")
    assert refused.status_code == 400
    assert "không về giấy chứng nhận của lần kiểm tra" in refused.json()["misuse_report"][0]
    own = misuse_report_create(certificate=certificate, message="Nhãn sai hạng sao")
    ok(api(province_staff).post(url, {"misuse_report": own.pk}, format="json"))
    assert MisuseReport.objects.get(pk=own.pk).inspection == inspection
    assert MisuseReport.objects.get(pk=other.pk).inspection is None


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("url", ["/api/v1/inspections/", "/api/v1/inspection-plans/"])
def test_list_query_count_does_not_grow(api, world, province, province_staff, url):
    client = api(province_staff)

    def make(n, start):
        for i in range(start, start + n):
            certificate = make_certificate(f.ProductFactory(producer=world["product"].producer, name=f"SP {i}"))
            services.inspection_create(
                certificate=certificate, kind=InspectionKind.AD_HOC, planned_on=PLANNED, lead=LEAD, by=province_staff
            )
            services.inspection_plan_create(province=province, year=2030 + i, title=f"Kế hoạch {i}", by=province_staff)

    make(1, 0)
    client.get(url)
    one = _count(client, url)
    make(24, 1)
    assert _count(client, url) == one
    assert client.get(url).json()["count"] == 25
