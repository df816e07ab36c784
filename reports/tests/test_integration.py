"""A real Celery worker on Redis renders the 2021 report requested through the service."""

import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from ocop_portal.celery import app
from ocop_portal.testing.celery import reset_broker_connections
from reports import services
from reports.enums import RequestState
from reports.models import ReportRequest

from .conftest import load_bac_giang
from .pdftext import pdf_text, read_file

BROKER_URL = os.environ.get("OCOP_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def real_worker():
    """A solo worker thread consuming a queue of its own; Redis down → the test fails."""
    queue = f"ocop-reports-test-{uuid.uuid4().hex[:10]}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=BROKER_URL, task_always_eager=False, task_default_queue=queue)
    reset_broker_connections()
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1)  # raises when Redis is unreachable
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            yield queue
    finally:
        app.conf.update(saved)
        reset_broker_connections()


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
