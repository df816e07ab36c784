"""Faults on the real services: the database connection dropped under the portal, the Celery
worker killed in the middle of the annual report, and scorecard drafts across a restart."""

import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.urls import reverse

from evaluation.models import ScorecardAnswer
from evaluation.services.councils import conflict_declare, council_assign
from evaluation.tests.test_councils import accepted_dossier, make_council
from ocop_portal.celery import app
from ocop_portal.testing.celery import reset_broker_connections

pytestmark = pytest.mark.integration

BROKER_URL = os.environ.get("OCOP_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
CELERY = Path(sys.executable).with_name("celery")
VISIBILITY_TIMEOUT = 5


def wsgi_get(path: str) -> int:
    """One request through Django's real WSGI handler, which (unlike the test client) runs the
    request_started/finished connection housekeeping production runs."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    response = WSGIHandler()(environ, lambda code, headers, exc_info=None: status.append(code))
    b"".join(response)
    response.close()
    return int(status[0].split()[0])


def _terminate_backend(pid: int) -> None:
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as second, second.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
    second.close()


@pytest.mark.django_db(transaction=True)
def test_request_after_the_database_dropped_the_connection_succeeds(settings, province):
    # Persistent connections, as a production DB_CONN_MAX_AGE would give: the dead one would be
    # reused without CONN_HEALTH_CHECKS.
    connection.settings_dict["CONN_MAX_AGE"] = 600
    settings.OCOP_VERIFY_CACHE_SECONDS = 0  # the list must be rendered from the database each time
    try:
        assert wsgi_get(reverse("public:certified_products")) == 200
        connection.ensure_connection()
        old_pid = connection.connection.get_backend_pid()
        _terminate_backend(old_pid)

        status = wsgi_get(reverse("public:certified_products"))

        assert (status, connection.connection.get_backend_pid() != old_pid) == (200, True)
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()


# --- scorecard drafts ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_scorecard_draft_survives_a_server_restart(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    member = members[2]
    conflict_declare(assignment=assignment, member=member, has_conflict=False, reason="", by=member.user)
    criterion = dossier.sheet.criteria.order_by("order").first()
    option = criterion.options.order_by("-points").first()

    before_restart = Client()
    before_restart.force_login(member.user)
    before_restart.get(reverse("evaluation:scorecard", args=[assignment.pk]))
    saved = before_restart.post(
        reverse("evaluation:scorecard_answer", args=[assignment.pk, criterion.pk]),
        {"option": option.pk, "comment": "Đủ hồ sơ"},
        HTTP_HX_REQUEST="true",
    )
    # The restart: every connection and the process's caches gone, a new browser session.
    connection.close()
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    after_restart = Client()
    after_restart.force_login(member.user)
    page = after_restart.get(reverse("evaluation:scorecard", args=[assignment.pk]))

    answers = {c.id: a for c, a, *_self_assessed in page.context["rows"] if a is not None}
    assert saved.status_code == 200
    assert (answers[criterion.pk].option_id, answers[criterion.pk].comment) == (option.pk, "Đủ hồ sơ")
    assert ScorecardAnswer.objects.filter(scorecard__member=member).count() == 1


# --- the worker killed in the middle of a report --------------------------------------------------


def _start_worker(queue: str, log: Path) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # How long an unacknowledged job waits before the broker gives it to another worker.
        # Production keeps it above the longest job; here it is short so the test is quick.
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "AXES_ENABLED": "false",
    }
    command = [str(CELERY), "-A", "ocop_portal", "worker", "-P", "solo", "-Q", queue, "--loglevel=INFO"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)


def _wait_for(report, states, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.state in states:
            return report.state
        time.sleep(0.05)
    return report.state


def _stop(process: subprocess.Popen) -> int | None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    return process.returncode


@pytest.fixture
def report_queue():
    queue = f"ocop-hardening-{uuid.uuid4().hex[:10]}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=BROKER_URL, task_always_eager=False, task_default_queue=queue)
    reset_broker_connections()
    try:
        yield queue
    finally:
        app.conf.update(saved)
        reset_broker_connections()


@pytest.mark.django_db(transaction=True)
def test_report_job_runs_again_after_its_worker_is_killed(report_queue, tmp_path, django_user_model):
    from reports import services
    from reports.enums import RequestState
    from reports.tests.conftest import load_bac_giang

    province = load_bac_giang()
    staff = django_user_model.objects.create(username="so-nn", staff_province=province)
    log = tmp_path / "workers.log"
    first = _start_worker(report_queue, log)
    second = None
    try:
        report = services.report_request_create(province=province, year=2021, by=staff)
        state_when_killed = _wait_for(report, {RequestState.RUNNING, RequestState.DONE}, timeout=120)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert state_when_killed == RequestState.RUNNING, log.read_text()[-2000:]

        # The broker hands an unacknowledged job to another worker once the visibility timeout
        # has passed; the new worker looks for such jobs as it starts.
        time.sleep(VISIBILITY_TIMEOUT + 1)
        second = _start_worker(report_queue, log)
        final = _wait_for(report, {RequestState.DONE}, timeout=60)

        assert (final, report.error) == (RequestState.DONE, ""), log.read_text()[-3000:]
        assert (report.attempts >= 2, bool(report.pdf)) == (True, True)
    finally:
        first.kill() if first.poll() is None else None
        exit_code = _stop(second) if second else None
    assert exit_code in (None, 0)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_submitting_a_dossier_while_redis_is_down_succeeds_and_mails_later(
    province, district, commune, producer_record, district_officer, province_staff
):
    """The broker address answers nothing, as when Redis is stopped: the submission still lands,
    its notifications wait in the outbox, and the flush sends them once the broker is back."""
    from django.core import mail

    from evaluation.enums import DossierState
    from evaluation.services.dossiers import dossier_submit
    from evaluation.tests.factories import DossierFactory, RoundFactory, build_sheet, framework
    from evaluation.tests.test_dossiers_fixtures import make_complete
    from ocop_portal.core.models import Notification
    from ocop_portal.core.services import notifications_send_emails
    from ocop_portal.testing import factories as f

    product = f.ProductFactory(producer=producer_record)
    sheet = build_sheet(framework_obj=framework(), product_set=product.product_set)
    round_obj = RoundFactory(province=province, framework=sheet.framework, year=2026, number=1)
    dossier = make_complete(
        DossierFactory(product=product, round=round_obj, sheet=sheet, created_by=district_officer), district_officer
    )

    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.task_publish_retry_policy = {"max_retries": 0}
    reset_broker_connections()
    try:
        dossier_submit(dossier=dossier, by=district_officer)
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app.conf.task_publish_retry_policy = {"max_retries": 3, "interval_start": 0, "interval_step": 0.2}
        reset_broker_connections()

    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    pending = Notification.objects.filter(email_pending=True)
    assert pending.count() >= 2  # the officer of the district and the province staff
    assert mail.outbox == []

    sent = notifications_send_emails()
    assert sent == pending.model.objects.filter(emailed_at__isnull=False).count()
    assert {m.to[0] for m in mail.outbox} >= {district_officer.email, province_staff.email}
