"""The report request lifecycle: generate, fail and retry, idempotency, freeze, sweeper."""

import datetime

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.utils import timezone

from ocop_portal.celery import app
from reports import services
from reports.enums import RequestState
from reports.models import ReportRequest
from reports.tasks import generate_annual_report, sweep_lost_report_requests

from .factories import YEAR, small_year
from .pdftext import pdf_text, read_file


@pytest.fixture
def year_data(province, commune):
    return small_year(province=province, commune=commune, n=3, target=2)


def _generate(province, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request_create(province=province, year=YEAR, by=user)
    report.refresh_from_db()
    return report


@pytest.mark.integration
def test_generate_eager_completes_with_frozen_figures_and_files(
    year_data, province, province_staff, django_capture_on_commit_callbacks
):
    report = _generate(province, province_staff, django_capture_on_commit_callbacks)

    assert (report.state, report.progress, report.attempts, report.version) == (RequestState.DONE, 100, 1, 1)
    assert report.snapshot["figures"]["recognised"]["total"] == 3
    text = pdf_text(read_file(report.pdf))
    assert "Số sản phẩm được đánh giá đạt OCOP từ 3 sao trở lên: 3 sản phẩm" in text
    assert "đạt 150% kế hoạch, vượt 1 sản phẩm" in text
    assert report.xlsx.name.endswith(".xlsx")
    assert report.started_at <= report.finished_at


@pytest.mark.integration
def test_snapshot_is_frozen_and_regenerating_makes_a_new_version(
    year_data, province, commune, province_staff, django_capture_on_commit_callbacks
):
    first = _generate(province, province_staff, django_capture_on_commit_callbacks)
    first_pdf = read_file(first.pdf)

    small_year(province=province, commune=commune, n=2, start=10)  # the data changes after generating
    first.refresh_from_db()

    assert read_file(first.pdf) == first_pdf
    assert first.snapshot["figures"]["recognised"]["total"] == 3
    assert "trở lên: 3 sản phẩm" in pdf_text(first_pdf)
    second = _generate(province, province_staff, django_capture_on_commit_callbacks)
    assert (second.version, second.snapshot["figures"]["recognised"]["total"]) == (2, 5)
    assert "trở lên: 5 sản phẩm" in pdf_text(read_file(second.pdf))


@pytest.mark.integration
def test_failed_render_stores_the_error_and_retry_completes(
    year_data, province, province_staff, django_capture_on_commit_callbacks, monkeypatch
):
    def broken_write_pdf(*args, **kwargs):
        raise RuntimeError("Pango could not load a font")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken_write_pdf)
    report = _generate(province, province_staff, django_capture_on_commit_callbacks)

    assert report.state == RequestState.FAILED
    assert report.error == "RuntimeError: Pango could not load a font"
    assert not report.pdf

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_request_retry(report=report, by=province_staff)
    report.refresh_from_db()
    assert (report.state, report.error, report.attempts, report.version) == (RequestState.DONE, "", 2, 1)
    assert "trở lên: 3 sản phẩm" in pdf_text(read_file(report.pdf))


@pytest.mark.integration
def test_transient_database_error_is_retried_by_the_task(
    year_data, province, province_staff, django_capture_on_commit_callbacks, monkeypatch
):
    real_write_pdf = weasyprint.HTML.write_pdf
    calls = []

    def flaky_write_pdf(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", flaky_write_pdf)
    # An eager run that propagates errors re-raises Retry instead of running again (as a worker would).
    app.conf.task_eager_propagates = False
    try:
        report = _generate(province, province_staff, django_capture_on_commit_callbacks)
    finally:
        app.conf.task_eager_propagates = True

    assert (report.state, report.attempts, len(calls)) == (RequestState.DONE, 2, 2)


@pytest.mark.integration
def test_task_does_not_render_a_done_request_again(
    year_data, province, province_staff, django_capture_on_commit_callbacks
):
    report = _generate(province, province_staff, django_capture_on_commit_callbacks)
    before = (report.pdf.name, report.finished_at, report.attempts)

    generate_annual_report.delay(request_id=report.pk)

    report.refresh_from_db()
    assert (report.pdf.name, report.finished_at, report.attempts) == before


@pytest.mark.django_db
def test_task_for_a_deleted_request_returns_quietly():
    assert generate_annual_report.delay(request_id=987654).get() is None


@pytest.mark.django_db
def test_create_returns_the_active_request_instead_of_queuing_twice(province, province_staff):
    first = services.report_request_create(province=province, year=YEAR, by=province_staff)
    second = services.report_request_create(province=province, year=YEAR, by=province_staff)

    assert (second.pk, second.state, ReportRequest.objects.count()) == (first.pk, RequestState.QUEUED, 1)


@pytest.mark.django_db
def test_sweeper_fails_lost_jobs_and_leaves_live_ones(province, province_staff):
    now = timezone.now()
    stuck = ReportRequest.objects.create(province=province, year=2023, version=1, state=RequestState.RUNNING)
    forgotten = ReportRequest.objects.create(province=province, year=2024, version=1, state=RequestState.QUEUED)
    live = ReportRequest.objects.create(province=province, year=2022, version=1, state=RequestState.RUNNING)
    ReportRequest.objects.filter(pk=stuck.pk).update(updated_at=now - datetime.timedelta(minutes=31))
    ReportRequest.objects.filter(pk=forgotten.pk).update(updated_at=now - datetime.timedelta(hours=3))

    assert sweep_lost_report_requests.delay().get() == 2

    states = dict(ReportRequest.objects.values_list("pk", "state"))
    assert states == {stuck.pk: RequestState.FAILED, forgotten.pk: RequestState.FAILED, live.pk: RequestState.RUNNING}
    stuck.refresh_from_db()
    assert stuck.error.startswith("Mất tiến trình: yêu cầu không tiến triển từ ")
    assert stuck.finished_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        (RequestState.QUEUED, RequestState.RUNNING, True),
        (RequestState.RUNNING, RequestState.RUNNING, True),
        (RequestState.RUNNING, RequestState.DONE, True),
        (RequestState.RUNNING, RequestState.FAILED, True),
        (RequestState.QUEUED, RequestState.FAILED, True),
        (RequestState.FAILED, RequestState.QUEUED, True),
        (RequestState.DONE, RequestState.QUEUED, False),
        (RequestState.DONE, RequestState.RUNNING, False),
        (RequestState.QUEUED, RequestState.DONE, False),
        (RequestState.FAILED, RequestState.RUNNING, False),
    ],
)
def test_transition_table(province, start, to, allowed):
    report = ReportRequest.objects.create(province=province, year=YEAR, version=1, state=start)
    if allowed:
        assert services.report_request_transition(report, to).state == to
    else:
        with pytest.raises(ValidationError):
            services.report_request_transition(report, to)
        report.refresh_from_db()
        assert report.state == start


@pytest.mark.django_db
def test_narrative_save_keeps_other_sections_and_counts_revisions(province, province_staff):
    services.narrative_save(province=province, year=YEAR, data={"leadership": "Chỉ đạo"}, by=province_staff)
    narrative = services.narrative_save(
        province=province, year=YEAR, data={"difficulties": "Khó khăn"}, by=province_staff
    )

    assert (narrative.leadership, narrative.difficulties, narrative.revision) == ("Chỉ đạo", "Khó khăn", 2)
