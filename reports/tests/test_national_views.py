"""The national summary's pages by persona: only superusers may ask for it and download it;
province staff (whose own reports share the request table) and everyone else are refused."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ocop_portal.testing import factories as f
from reports.enums import ReportKind, RequestState
from reports.models import ReportRequest

from .factories import YEAR

PERSONAS = ["superuser", "province_staff", "district_officer", "producer", "plain_user", "anonymous"]


@pytest.fixture
def superuser(db):
    return f.UserFactory(username="national-admin", is_superuser=True, is_staff=True)


@pytest.fixture
def national_done(db):
    report = ReportRequest.objects.create(
        kind=ReportKind.NATIONAL, year=YEAR, version=1, state=RequestState.DONE, progress=100, snapshot={"figures": {}}
    )
    report.pdf.save("national.pdf", ContentFile(b"%PDF-1.7 national"), save=False)
    report.xlsx.save("national.xlsx", ContentFile(b"PK national"), save=False)
    report.save()
    return report


def _expect(response, persona, *, superuser_status, others):
    if persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    elif persona == "superuser":
        assert response.status_code == superuser_status
    else:
        assert response.status_code == others


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_national_summary_page_by_persona(persona_name, persona, client_for, national_done):
    response = client_for(persona(persona_name)).get(reverse("reports:national_summary"), {"year": YEAR})

    _expect(response, persona_name, superuser_status=200, others=403)
    if persona_name == "superuser":
        body = response.content.decode()
        assert reverse("reports:download", args=[national_done.pk, "pdf"]) in body
        assert "Phiên bản 1" in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_national_summary_generate_by_persona(persona_name, persona, client_for):
    response = client_for(persona(persona_name)).post(reverse("reports:national_summary_generate", args=[YEAR]))

    _expect(response, persona_name, superuser_status=302, others=403)
    requested = list(ReportRequest.objects.values_list("kind", "province", "year", "state"))
    # The job is queued after commit; this test's transaction never commits, so it stays queued.
    assert requested == (
        [(ReportKind.NATIONAL, None, YEAR, RequestState.QUEUED)] if persona_name == "superuser" else []
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_national_summary_download_by_persona(persona_name, kind, persona, client_for, national_done):
    response = client_for(persona(persona_name)).get(reverse("reports:download", args=[national_done.pk, kind]))

    _expect(response, persona_name, superuser_status=200, others=404)
    if persona_name == "superuser":
        assert b"".join(response.streaming_content) == (b"%PDF-1.7 national" if kind == "pdf" else b"PK national")
        assert response["Content-Disposition"] == f'attachment; filename="bao-cao-ocop-toan-quoc-{YEAR}-v1.{kind}"'


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_national_summary_status_and_retry_by_persona(persona_name, persona, client_for):
    failed = ReportRequest.objects.create(
        kind=ReportKind.NATIONAL, year=YEAR, version=1, state=RequestState.FAILED, error="RuntimeError: hỏng"
    )
    client = client_for(persona(persona_name))

    status = client.get(reverse("reports:request_status", args=[failed.pk]))
    retry = client.post(reverse("reports:retry", args=[failed.pk]))

    _expect(status, persona_name, superuser_status=200, others=404)
    _expect(retry, persona_name, superuser_status=302, others=404)
    failed.refresh_from_db()
    if persona_name == "superuser":
        assert "RuntimeError: hỏng" in status.content.decode()
        assert retry.url == f"{reverse('reports:national_summary')}?year={YEAR}"
        assert failed.state == RequestState.QUEUED
    else:
        assert failed.state == RequestState.FAILED


@pytest.mark.django_db
def test_province_staff_page_does_not_list_national_summaries(client_for, province_staff, national_done):
    province_staff.is_superuser = True  # even a superuser who is also province staff
    province_staff.save()

    page = client_for(province_staff).get(reverse("reports:annual_report"), {"year": YEAR}).content.decode()

    assert reverse("reports:download", args=[national_done.pk, "pdf"]) not in page
    assert "Chưa có phiên bản nào." in page


@pytest.mark.django_db
def test_superuser_without_a_province_cannot_open_a_provinces_report(client_for, superuser, province):
    provincial = ReportRequest.objects.create(province=province, year=YEAR, version=1, state=RequestState.FAILED)

    client = client_for(superuser)

    assert client.get(reverse("reports:request_status", args=[provincial.pk])).status_code == 404
    assert client.post(reverse("reports:retry", args=[provincial.pk])).status_code == 404


@pytest.mark.integration
def test_superuser_generates_with_eager_celery_and_downloads(
    client_for, superuser, province, commune, django_capture_on_commit_callbacks
):
    from .factories import small_year

    small_year(province=province, commune=commune, n=2)
    client = client_for(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:national_summary_generate", args=[YEAR]))

    report = ReportRequest.objects.get()
    assert (report.kind, report.state, report.version) == (ReportKind.NATIONAL, RequestState.DONE, 1)
    page = client.get(response.url).content.decode()
    assert reverse("reports:download", args=[report.pk, "pdf"]) in page
    download = client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The Word twin has the same official frame (NĐ 30/2020), read back from the .docx.
    from ocop_portal.core.docx import docx_text

    assert reverse("reports:download", args=[report.pk, "docx"]) in page
    word = docx_text(client.get(reverse("reports:download", args=[report.pk, "docx"])).content)
    for phrase in (
        "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI TRUNG ƯƠNG Số: ……/BC-VPĐP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Hà Nội, ngày …… tháng …… năm",
        "BÁO CÁO TỔNG HỢP Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP)",
        "Nơi nhận: - Bộ trưởng (để báo cáo);",
        "CHÁNH VĂN PHÒNG",
    ):
        assert phrase in word, phrase


@pytest.mark.django_db
def test_national_summary_page_query_count_does_not_grow_with_versions(
    client_for, superuser, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(superuser)
    url = reverse("reports:national_summary")

    def add_versions(first, last):
        for version in range(first, last + 1):
            ReportRequest.objects.create(
                kind=ReportKind.NATIONAL, year=YEAR, version=version, state=RequestState.FAILED, requested_by=superuser
            )

    add_versions(1, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url, {"year": YEAR}).status_code == 200
    add_versions(2, 25)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url, {"year": YEAR})
    assert response.content.decode().count("Thử lại") == 25


@pytest.mark.django_db
def test_home_panel_links_superusers_to_the_national_summary_only(client_for, superuser, province_staff):
    from ocop_portal.core.dashboard import panels_for

    def national_links(user):
        return [p.url for p in panels_for(user) if p.url.startswith(reverse("reports:national_summary"))]

    assert len(national_links(superuser)) == 1
    assert national_links(province_staff) == []
    assert client_for(superuser).get(reverse("core:home")).status_code == 200
