"""The inspection pages (QĐ 26/2026 Art. 9): who sees what (the province's staff act; the officer
of the product's commune reads; the producer reads its own concluded inspections; another
province, commune or producer sees nothing), the flow through the pages from a misuse report to
a revocation on the finding's ground, bad input answered with the form's error and nothing
written, private evidence files, and list pages whose query count does not grow."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.enums import CertificateStatus
from evaluation.models import Certificate, FindingFile, Inspection, InspectionFinding, MisuseReport
from evaluation.models.inspections import InspectionKind, InspectionState
from evaluation.services import inspections as services
from evaluation.services.certificates import misuse_report_create
from ocop_portal.testing import factories as f

from .test_certificates_helpers import issue, product_of
from .test_inspections import LEAD, PDF, PLANNED

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(producer_record):
    return issue(product_of(producer_record))


@pytest.fixture
def concluded(certificate, province_staff):
    inspection = services.inspection_create(
        certificate=certificate, kind=InspectionKind.AD_HOC, planned_on=PLANNED, lead=LEAD, by=province_staff
    )
    finding = services.inspection_finding_add(
        inspection=inspection,
        subject="mark",
        breach=True,
        description="Dán nhãn 4 sao trên sản phẩm 3 sao",
        proposed_ground="art8_d",
        by=province_staff,
        files=[SimpleUploadedFile("anh.pdf", PDF)],
    )
    services.inspection_conclude(
        inspection=inspection,
        concluded_on=datetime.date(2026, 9, 3),
        conclusion="Sử dụng sai biểu trưng",
        by=province_staff,
    )
    return finding


def _status(client, url):
    return client.get(url).status_code


@pytest.fixture
def other_province_staff(db):
    return f.UserFactory(username="phutho", staff_province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))


@pytest.mark.parametrize(
    ("who", "detail", "file", "finding_add"),
    [
        ("province_staff", 200, 200, 200),
        ("commune_officer", 200, 200, 403),
        ("other_commune_officer", 404, 404, 404),
        ("producer", 200, 200, 403),
        ("other_producer", 404, 404, 404),
        ("district_officer", 403, 403, 403),
        ("other_province_staff", 404, 404, 404),
        ("plain_user", 403, 403, 403),
    ],
)
def test_who_opens_an_inspection(client_for, persona, concluded, who, detail, file, finding_add):
    client = client_for(persona(who))
    inspection = concluded.inspection
    record = concluded.files.get()
    urls = (
        reverse("evaluation:inspection_detail", args=[inspection.pk]),
        reverse("evaluation:inspection_file_download", args=[inspection.pk, record.pk]),
        reverse("evaluation:inspection_finding_add", args=[inspection.pk]),
    )
    answers = [client.get(url) for url in urls]
    for response in answers:
        if response.streaming:
            b"".join(response.streaming_content)
    assert [r.status_code for r in answers] == [detail, file, finding_add]


def test_the_commune_officer_and_the_producer_read_without_acting(client_for, commune_officer, producer, concluded):
    url = reverse("evaluation:inspection_detail", args=[concluded.inspection.pk])
    for user in (commune_officer, producer):
        body = client_for(user).get(url).content.decode()
        assert "Dán nhãn 4 sao trên sản phẩm 3 sao" in body
        assert reverse("evaluation:inspection_finding_revoke", args=[concluded.inspection.pk, concluded.pk]) not in body
    staff_view = client_for(concluded.inspection.created_by).get(url).content.decode()
    assert reverse("evaluation:inspection_finding_revoke", args=[concluded.inspection.pk, concluded.pk]) in staff_view


def test_the_producer_sees_no_inspection_before_its_conclusion(
    client_for, producer, commune_officer, certificate, province_staff
):
    inspection = services.inspection_create(
        certificate=certificate, kind=InspectionKind.AD_HOC, planned_on=PLANNED, lead=LEAD, by=province_staff
    )
    url = reverse("evaluation:inspection_detail", args=[inspection.pk])
    assert (_status(client_for(producer), url), _status(client_for(commune_officer), url)) == (404, 200)
    listing = client_for(producer).get(reverse("evaluation:inspection_list")).content.decode()
    assert url not in listing


def test_the_evidence_is_an_attachment_that_is_not_sniffed(client_for, producer, concluded):
    record = concluded.files.get()
    response = client_for(producer).get(
        reverse("evaluation:inspection_file_download", args=[concluded.inspection.pk, record.pk])
    )
    assert b"".join(response.streaming_content) == PDF
    assert (response["Content-Disposition"].startswith("attachment"), response["X-Content-Type-Options"]) == (
        True,
        "nosniff",
    )


def test_from_a_misuse_report_to_a_revocation_through_the_pages(client_for, province_staff, certificate):
    client = client_for(province_staff)
    report = misuse_report_create(certificate=certificate, message="Nhãn OCOP trên hàng không rõ nguồn gốc")
    assert (
        reverse("evaluation:misuse_report_inspection", args=[report.pk])
        in client.get(reverse("evaluation:misuse_report_list")).content.decode()
    )
    opened = client.post(
        reverse("evaluation:misuse_report_inspection", args=[report.pk]),
        {"inspection": "", "planned_on": "2026-09-01", "lead": LEAD},
    )
    inspection = Inspection.objects.get()
    assert opened.status_code == 302 and opened["Location"] == reverse(
        "evaluation:inspection_detail", args=[inspection.pk]
    )
    assert MisuseReport.objects.get().inspection == inspection

    added = client.post(
        reverse("evaluation:inspection_finding_add", args=[inspection.pk]),
        {
            "subject": "mark",
            "breach": "on",
            "description": "Dùng biểu trưng OCOP cho sản phẩm khác",
            "proposed_ground": "art8_d",
            "files": [SimpleUploadedFile("anh.pdf", PDF), SimpleUploadedFile("bien-ban.pdf", PDF)],
        },
    )
    assert added.status_code == 302
    finding = InspectionFinding.objects.get()
    assert finding.files.count() == 2
    concluded = client.post(
        reverse("evaluation:inspection_conclude", args=[inspection.pk]),
        {"concluded_on": "2026-09-03", "conclusion": "Sử dụng biểu trưng không đúng quy định"},
    )
    assert concluded.status_code == 302
    revoke_url = reverse("evaluation:inspection_finding_revoke", args=[inspection.pk, finding.pk])
    form_page = client.get(revoke_url).content.decode()
    assert "Sử dụng biểu trưng OCOP không đúng quy định (Điều 8 điểm d)" in form_page
    assert "03/09/2026" in form_page
    late = client.post(
        revoke_url,
        {
            "decision_number": "30/QĐ-UBND",
            "decision_date": "2026-09-19",
            "decision_signer": "Chủ tịch UBND tỉnh",
            "decision_authority": "UBND tỉnh",
        },
    )
    assert late.status_code == 200
    assert "trong 15 ngày kể từ ngày có kết luận (03/09/2026 – 18/09/2026)" in late.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID
    done = client.post(
        revoke_url,
        {
            "decision_number": "30/QĐ-UBND",
            "decision_date": "2026-09-18",
            "decision_signer": "Chủ tịch UBND tỉnh",
            "decision_authority": "UBND tỉnh",
        },
    )
    assert done.status_code == 302
    revoked = Certificate.objects.get(pk=certificate.pk)
    assert (revoked.status, revoked.revocation_ground) == (CertificateStatus.REVOKED, "art8_d")
    assert "30/QĐ-UBND" in client.get(reverse("evaluation:inspection_detail", args=[inspection.pk])).content.decode()


def test_a_bad_file_is_the_form_s_error_and_nothing_is_written(client_for, province_staff, certificate):
    inspection = services.inspection_create(
        certificate=certificate, kind=InspectionKind.AD_HOC, planned_on=PLANNED, lead=LEAD, by=province_staff
    )
    response = client_for(province_staff).post(
        reverse("evaluation:inspection_finding_add", args=[inspection.pk]),
        {"subject": "mark", "description": "Ảnh", "files": [SimpleUploadedFile("anh.png", b"not a png at all")]},
    )
    assert response.status_code == 200
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert (InspectionFinding.objects.count(), FindingFile.objects.count()) == (0, 0)


def test_a_periodic_inspection_from_the_certificate_page_needs_its_plan(client_for, province_staff, certificate):
    client = client_for(province_staff)
    assert (
        reverse("evaluation:inspection_create", args=[certificate.pk])
        in client.get(reverse("evaluation:certificate_detail", args=[certificate.pk])).content.decode()
    )
    response = client.post(
        reverse("evaluation:inspection_create", args=[certificate.pk]),
        {"kind": "periodic", "planned_on": "2026-09-01", "checks_criteria": "on", "lead": LEAD},
    )
    assert response.status_code == 200
    assert "Kiểm tra định kỳ phải thuộc kế hoạch kiểm tra của năm." in response.content.decode()
    assert not Inspection.objects.exists()
    plan = services.inspection_plan_create(
        province=certificate.province, year=2026, title="Kế hoạch 2026", by=province_staff
    )
    created = client.post(
        reverse("evaluation:inspection_create", args=[certificate.pk]),
        {"kind": "periodic", "plan": plan.pk, "planned_on": "2026-09-01", "checks_criteria": "on", "lead": LEAD},
    )
    assert created.status_code == 302
    assert Inspection.objects.get().plan == plan
    plan_page = client.get(reverse("evaluation:inspection_plan_detail", args=[plan.pk])).content.decode()
    assert certificate.number in plan_page


def test_a_plan_through_its_page(client_for, province_staff):
    client = client_for(province_staff)
    created = client.post(reverse("evaluation:inspection_plan_create"), {"year": 2026, "title": "Kế hoạch 2026"})
    assert created.status_code == 302
    again = client.post(reverse("evaluation:inspection_plan_create"), {"year": 2026, "title": "Lần hai"})
    assert "Năm 2026 đã có kế hoạch kiểm tra." in again.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _many(producer_record, staff, n, plan=None, start=0):
    for i in range(n):
        certificate = issue(product_of(producer_record, f"Sản phẩm {start + i:02d}"))
        inspection = services.inspection_create(
            certificate=certificate,
            kind=InspectionKind.PERIODIC if plan else InspectionKind.AD_HOC,
            planned_on=PLANNED,
            lead=LEAD,
            by=staff,
            plan=plan,
        )
        services.inspection_finding_add(
            inspection=inspection, subject="mark", breach=True, description="Nhãn sai", by=staff
        )


@pytest.mark.parametrize("who", ["province_staff", "commune_officer"])
def test_the_list_s_query_count_does_not_grow(client_for, persona, producer_record, province_staff, who):
    client = client_for(persona(who))
    url = reverse("evaluation:inspection_list")
    _many(producer_record, province_staff, 1)
    client.get(url)
    one = _queries(client, url)
    _many(producer_record, province_staff, 24, start=1)
    assert _queries(client, url) == one
    assert len(re.findall(r"Sản phẩm \d\d", client.get(url).content.decode())) == 25


def test_the_plan_s_query_count_does_not_grow(client_for, producer_record, province_staff):
    plan = services.inspection_plan_create(
        province=producer_record.province, year=2026, title="Kế hoạch 2026", by=province_staff
    )
    client = client_for(province_staff)
    url = reverse("evaluation:inspection_plan_detail", args=[plan.pk])
    _many(producer_record, province_staff, 1, plan=plan)
    client.get(url)
    one = _queries(client, url)
    _many(producer_record, province_staff, 24, plan=plan, start=1)
    assert _queries(client, url) == one


def test_the_state_filter(client_for, province_staff, concluded, certificate):
    client = client_for(province_staff)
    url = reverse("evaluation:inspection_list")
    detail = reverse("evaluation:inspection_detail", args=[concluded.inspection.pk])
    assert detail in client.get(url, {"state": InspectionState.CONCLUDED}).content.decode()
    assert detail not in client.get(url, {"state": InspectionState.PLANNED}).content.decode()


@pytest.mark.parametrize(("today", "late"), [("2026-09-18", False), ("2026-09-19", True)])
def test_the_inspection_page_shows_the_revocation_deadline(client_for, province_staff, concluded, today, late):
    """Concluded 03/09/2026: decide by 18/09 (day 15); from 19/09 (day 16) the page warns."""
    from freezegun import freeze_time

    with freeze_time(f"{today} 03:00"):
        body = (
            client_for(province_staff)
            .get(reverse("evaluation:inspection_detail", args=[concluded.inspection.pk]))
            .content.decode()
        )
    assert "Quyết định thu hồi ban hành chậm nhất ngày 18/09/2026" in body
    assert ("đã quá hạn: chỉ ghi nhận quyết định đã ban hành trong hạn" in body) is late
