"""Every reports view, for every persona; the htmx pieces; the eager end-to-end path."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ocop_portal.testing import factories as f
from reports.enums import RequestState
from reports.models import ReportNarrative, ReportRequest, YearPlan

from .factories import YEAR

PERSONAS = ["province_staff", "district_officer", "producer", "plain_user", "anonymous"]


@pytest.fixture
def done_request(province):
    report = ReportRequest.objects.create(
        province=province, year=YEAR, version=1, state=RequestState.DONE, progress=100, snapshot={"figures": {}}
    )
    report.pdf.save("v1.pdf", ContentFile(b"%PDF-1.7 report"), save=False)
    report.xlsx.save("v1.xlsx", ContentFile(b"PK workbook"), save=False)
    report.save()
    return report


@pytest.fixture
def failed_request(province):
    return ReportRequest.objects.create(
        province=province, year=YEAR, version=2, state=RequestState.FAILED, error="RuntimeError: hỏng"
    )


def _expect(response, persona, *, staff_status, others=403):
    if persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    elif persona == "province_staff":
        assert response.status_code == staff_status
    else:
        assert response.status_code == others


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_annual_report_page_by_persona(persona_name, persona, client_for, done_request):
    response = client_for(persona(persona_name)).get(reverse("reports:annual_report"), {"year": YEAR})

    _expect(response, persona_name, staff_status=200)
    if persona_name == "province_staff":
        body = response.content.decode()
        assert reverse("reports:download", args=[done_request.pk, "pdf"]) in body
        assert "Phiên bản 1" in body
        assert 'hx-trigger="every 1s"' not in body  # nothing running: no polling


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_dashboard_by_persona(persona_name, persona, client_for):
    response = client_for(persona(persona_name)).get(reverse("reports:dashboard"), {"year": YEAR})

    _expect(response, persona_name, staff_status=200)
    if persona_name == "province_staff":
        body = response.content.decode()
        assert body.count("<svg") == 4
        assert "<script" not in body.split("<main")[1].split("</main>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_narrative_autosave_by_persona(persona_name, persona, client_for, province):
    response = client_for(persona(persona_name)).post(
        reverse("reports:narrative_save", args=[YEAR]),
        {"leadership": "Tỉnh ủy chỉ đạo sát sao.", "difficulties": "Dịch bệnh."},
        HTTP_HX_REQUEST="true",
    )

    _expect(response, persona_name, staff_status=200)
    saved = ReportNarrative.objects.filter(province=province, year=YEAR).values_list("leadership", flat=True)
    if persona_name == "province_staff":
        assert "Đã tự động lưu lúc" in response.content.decode()
        assert list(saved) == ["Tỉnh ủy chỉ đạo sát sao."]
    else:
        assert list(saved) == []


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_plan_save_by_persona(persona_name, persona, client_for, province):
    response = client_for(persona(persona_name)).post(
        reverse("reports:plan_save", args=[YEAR + 1]),
        {"report_year": YEAR, "next-target_products": "30", "next-province_round1_deadline": "2026-07-30"},
    )

    _expect(response, persona_name, staff_status=302)
    targets = list(YearPlan.objects.filter(province=province, year=YEAR + 1).values_list("target_products", flat=True))
    assert targets == ([30] if persona_name == "province_staff" else [])


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", ["district_officer", "producer", "plain_user", "anonymous"])
def test_generate_refused_to_non_staff(persona_name, persona, client_for):
    response = client_for(persona(persona_name)).post(reverse("reports:generate", args=[YEAR]))

    _expect(response, persona_name, staff_status=302)
    assert ReportRequest.objects.count() == 0


@pytest.mark.integration
def test_generate_as_staff_with_eager_celery_ends_with_a_download(
    client_for, province_staff, commune, province, django_capture_on_commit_callbacks
):
    from .factories import small_year

    small_year(province=province, commune=commune, n=1, target=1)
    client = client_for(province_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:generate", args=[YEAR]))
    assert response.status_code == 302

    report = ReportRequest.objects.get()
    assert (report.state, report.version) == (RequestState.DONE, 1)
    page = client.get(response.url).content.decode()
    assert reverse("reports:download", args=[report.pk, "pdf"]) in page
    download = client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The Word twin of the same version, read back: the frame and the frozen figures.
    from ocop_portal.core.docx import docx_text

    assert reverse("reports:download", args=[report.pk, "docx"]) in page
    word = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert word["Content-Disposition"] == f'attachment; filename="bao-cao-ocop-{YEAR}-v1.docx"'
    text = docx_text(word.content)
    assert "Số: ……/BC-SNN" in text
    assert "Số sản phẩm được đánh giá đạt OCOP từ 3 sao trở lên: 1 sản phẩm" in text
    assert "Bản PDF do Cổng thông tin OCOP tạo là bản ghi số liệu" in text


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_the_word_twin_is_for_the_provinces_staff_only(persona_name, persona, client_for, done_request):
    response = client_for(persona(persona_name)).get(reverse("reports:download", args=[done_request.pk, "docx"]))

    # done_request's snapshot has no figures: even its staff get a 404, never a broken file.
    _expect(response, persona_name, staff_status=404, others=404)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_download_by_persona(persona_name, kind, persona, client_for, done_request):
    response = client_for(persona(persona_name)).get(reverse("reports:download", args=[done_request.pk, kind]))

    _expect(response, persona_name, staff_status=200, others=404)
    if persona_name == "province_staff":
        assert b"".join(response.streaming_content) == (b"%PDF-1.7 report" if kind == "pdf" else b"PK workbook")
        assert response["Content-Disposition"] == f'attachment; filename="bao-cao-ocop-{YEAR}-v1.{kind}"'


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_status_fragment_by_persona(persona_name, persona, client_for, province):
    running = ReportRequest.objects.create(
        province=province, year=YEAR, version=1, state=RequestState.RUNNING, progress=40
    )

    response = client_for(persona(persona_name)).get(reverse("reports:request_status", args=[running.pk]))

    _expect(response, persona_name, staff_status=200, others=404)
    if persona_name == "province_staff":
        body = response.content.decode()
        assert 'hx-trigger="every 1s"' in body
        assert 'value="40"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_retry_by_persona(persona_name, persona, client_for, failed_request):
    response = client_for(persona(persona_name)).post(reverse("reports:retry", args=[failed_request.pk]))

    _expect(response, persona_name, staff_status=302, others=404)
    failed_request.refresh_from_db()
    # The job is queued after commit; this test's transaction never commits, so it stays queued.
    assert failed_request.state == (RequestState.QUEUED if persona_name == "province_staff" else RequestState.FAILED)


@pytest.mark.django_db
def test_staff_of_another_province_cannot_see_this_provinces_reports(client_for, done_request):
    other_province = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn")
    outsider = f.UserFactory(staff_province=other_province)
    client = client_for(outsider)

    assert client.get(reverse("reports:download", args=[done_request.pk, "pdf"])).status_code == 404
    assert client.get(reverse("reports:request_status", args=[done_request.pk])).status_code == 404
    page = client.get(reverse("reports:annual_report"), {"year": YEAR}).content.decode()
    assert reverse("reports:download", args=[done_request.pk, "pdf"]) not in page


@pytest.mark.django_db
def test_annual_report_page_query_count_does_not_grow_with_versions(
    client_for, province, province_staff, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(province_staff)
    url = reverse("reports:annual_report")

    def add_versions(first, last):
        for version in range(first, last + 1):
            ReportRequest.objects.create(
                province=province, year=YEAR, version=version, state=RequestState.FAILED, requested_by=province_staff
            )

    add_versions(1, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url, {"year": YEAR}).status_code == 200
    add_versions(2, 25)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url, {"year": YEAR})
    assert response.content.decode().count("Thử lại") == 25


@pytest.mark.django_db
def test_saving_the_years_target_keeps_its_deadlines(client_for, province, province_staff):
    import datetime

    YearPlan.objects.create(province=province, year=YEAR, province_round1_deadline=datetime.date(YEAR, 7, 30))

    client_for(province_staff).post(
        reverse("reports:plan_save", args=[YEAR]), {"report_year": YEAR, "plan-target_products": "35"}
    )

    plan = YearPlan.objects.get(province=province, year=YEAR)
    assert (plan.target_products, plan.province_round1_deadline) == (35, datetime.date(YEAR, 7, 30))


@pytest.mark.django_db
def test_staff_enter_the_years_standing_and_next_years_need_on_the_page_with_an_audit_entry(
    client_for, province, province_staff
):
    from ocop_portal.core.models import AuditEntry

    client = client_for(province_staff)
    page = client.get(reverse("reports:annual_report") + f"?year={YEAR}").content.decode()
    assert 'name="plan-national_rank"' in page and 'name="next-budget_need"' in page

    client.post(
        reverse("reports:plan_save", args=[YEAR]),
        {"report_year": YEAR, "plan-national_rank": "7", "plan-regional_rank": "2", "plan-region": "Miền núi phía Bắc"},
    )
    client.post(
        reverse("reports:plan_save", args=[YEAR + 1]),
        {"report_year": YEAR, "next-budget_need": "6400000000", "next-budget_need_sources": "Ngân sách Trung ương"},
    )

    standing = YearPlan.objects.get(province=province, year=YEAR)
    need = YearPlan.objects.get(province=province, year=YEAR + 1)
    assert (standing.national_rank, standing.regional_rank, standing.region) == (7, 2, "Miền núi phía Bắc")
    assert (need.budget_need, need.budget_need_sources) == (6_400_000_000, "Ngân sách Trung ương")
    changes = [entry.changes for entry in AuditEntry.objects.filter(action="year_plan.changed").order_by("id")]
    assert changes[0]["national_rank"] == ["None", "7"] and changes[1]["budget_need"] == ["None", "6400000000"]


@pytest.mark.django_db
def test_a_regional_rank_needs_its_region(client_for, province, province_staff):
    client_for(province_staff).post(
        reverse("reports:plan_save", args=[YEAR]), {"report_year": YEAR, "plan-regional_rank": "2"}
    )

    assert not YearPlan.objects.filter(province=province, year=YEAR, regional_rank=2).exists()


def _facts_post(**rows):
    """A POST of the four programme-fact formsets with `rows` ({prefix: [ {field: value} ]})."""
    data = {}
    for prefix in ("budget", "events", "projects", "funding"):
        given = rows.get(prefix, [])
        data.update({f"{prefix}-TOTAL_FORMS": str(len(given)), f"{prefix}-INITIAL_FORMS": "0"})
        for index, values in enumerate(given):
            data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})
    return data


@pytest.mark.django_db
def test_staff_enter_the_years_programme_facts_on_a_page_with_an_audit_entry(client_for, province, province_staff):
    from ocop_portal.core.models import AuditEntry
    from reports.models import BudgetAllocation, PromotionEvent

    other = f.ProvinceFactory(code="45", name="Tỉnh Quảng Trị")
    PromotionEvent.objects.create(province=other, year=YEAR, name="Hội chợ của tỉnh khác")
    client = client_for(province_staff)
    url = reverse("reports:programme_facts", args=[YEAR])

    page = client.get(url).content.decode()
    response = client.post(
        url,
        _facts_post(
            budget=[
                {"amount": "500000000", "source": "Sự nghiệp Ngân sách Trung ương", "decision_number": "649/QĐ-UBND"}
            ],
            events=[{"name": "Hội chợ hàng Việt Đà Nẵng 2018", "place": "Đà Nẵng"}],
        ),
    )

    assert "Hội chợ của tỉnh khác" not in page  # another province's facts are not on the page
    assert response.status_code == 302
    allocation = BudgetAllocation.objects.get(province=province, year=YEAR)
    assert (allocation.amount, allocation.decision_number) == (500_000_000, "649/QĐ-UBND")
    assert PromotionEvent.objects.filter(province=province, year=YEAR).count() == 1
    assert AuditEntry.objects.filter(action="programme_fact.created").count() == 2


@pytest.mark.django_db
def test_a_programme_fact_with_an_error_is_not_saved(client_for, province, province_staff):
    from reports.models import BudgetAllocation

    response = client_for(province_staff).post(
        reverse("reports:programme_facts", args=[YEAR]), _facts_post(budget=[{"amount": "", "source": "NTM"}])
    )

    assert response.status_code == 200 and not BudgetAllocation.objects.exists()


@pytest.mark.django_db
def test_the_programme_facts_page_query_count_does_not_grow_with_rows(
    client_for, province, province_staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import PromotionEvent

    client = client_for(province_staff)
    url = reverse("reports:programme_facts", args=[YEAR])
    PromotionEvent.objects.create(province=province, year=YEAR, name="Hội chợ 1")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    PromotionEvent.objects.bulk_create(
        [PromotionEvent(province=province, year=YEAR, name=f"Hội chợ {n}") for n in range(2, 12)]
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
def test_programme_facts_by_persona(persona_name, persona, client_for, province):
    from reports.models import PromotionEvent

    client = client_for(persona(persona_name))
    url = reverse("reports:programme_facts", args=[YEAR])

    _expect(client.get(url), persona_name, staff_status=200)
    _expect(client.post(url, _facts_post(events=[{"name": "Hội chợ"}])), persona_name, staff_status=302)
    saved = PromotionEvent.objects.filter(province=province, year=YEAR).exists()
    assert saved == (persona_name == "province_staff")
