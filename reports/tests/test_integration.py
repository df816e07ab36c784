"""A real Celery worker on Redis renders the 2021 report requested through the service."""

import time

import pytest

from ocop_portal.celery import app
from reports import services
from reports.enums import RequestState
from reports.models import ReportRequest

from .conftest import load_bac_giang
from .pdftext import pdf_text, read_file


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_real_worker_generates_the_2021_report(real_worker, django_user_model):
    province = load_bac_giang()
    staff = django_user_model.objects.create(username="so-nn", staff_province=province)

    assert app.conf.task_always_eager is False  # the job goes through Redis to the worker thread
    report = services.report_request_create(province=province, year=2021, by=staff)

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.state in (RequestState.DONE, RequestState.FAILED):
            break
        time.sleep(0.5)
    assert (report.state, report.error) == (RequestState.DONE, "")
    assert (report.progress, report.attempts) == (100, 1)
    text = pdf_text(read_file(report.pdf))
    for phrase in [
        "đề xuất tham gia đánh giá: 63 sản phẩm",
        "Yên Thế 12",
        "Tân Yên 08",
        "61 sản phẩm (01 sản phẩm nâng hạng từ 3 sao lên 4 sao), trong đó: có 12 sản phẩm 4 sao; 49 sản phẩm 3 sao",
        "đạt 174% kế hoạch, vượt 26 sản phẩm",
        "155 sản phẩm OCOP còn hiệu lực, trong đó có 36 sản phẩm 4 sao và 119 sản phẩm 3 sao",
        "460.000.000 đồng",
        "73.600.000 đồng",
    ]:
        assert phrase in text
    assert ReportRequest.objects.filter(state=RequestState.DONE).count() == 1
