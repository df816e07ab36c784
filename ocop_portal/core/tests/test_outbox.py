import pytest
from django.core import mail

from ocop_portal.celery import app
from ocop_portal.core.models import Notification
from ocop_portal.core.services import notifications_send_emails, notify
from ocop_portal.testing.celery import reset_broker_connections


@pytest.fixture
def broker_down():
    """A real Celery app whose broker address answers nothing (as when Redis is stopped)."""
    saved = (app.conf.task_always_eager, app.conf.broker_url, app.conf.broker_connection_retry_on_startup)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_connection_retry_on_startup = False
    app.conf.task_publish_retry_policy = {"max_retries": 0}
    reset_broker_connections()
    yield
    app.conf.task_always_eager, app.conf.broker_url, app.conf.broker_connection_retry_on_startup = saved
    app.conf.task_publish_retry_policy = {"max_retries": 3, "interval_start": 0, "interval_step": 0.2}
    reset_broker_connections()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_action_succeeds_and_mail_waits_in_the_outbox(broker_down, district_officer):
    [note] = notify(recipients=[district_officer], subject="Hồ sơ đã nộp", body="Kiểm tra giúp")

    note.refresh_from_db()
    assert (note.email_pending, note.emailed_at, len(mail.outbox)) == (True, None, 0)

    assert notifications_send_emails() == 1
    note.refresh_from_db()
    assert note.email_pending is False
    assert [(m.subject, m.to) for m in mail.outbox] == [("Hồ sơ đã nộp", [district_officer.email])]


@pytest.mark.django_db(transaction=True)
def test_flushing_twice_sends_each_mail_once(district_officer, province_staff):
    notify(recipients=[district_officer, province_staff], subject="Đợt 2 đã mở")
    notifications_send_emails()
    assert notifications_send_emails() == 0
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(email_pending=True).exists()
