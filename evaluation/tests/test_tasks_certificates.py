"""The daily certificate job: a thin task on the refresh service, scheduled by Celery beat."""

import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import NoticeKind
from evaluation.models import CertificateNotice
from evaluation.tasks import refresh_certificate_statuses
from ocop_portal.celery import app

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db


def test_the_job_is_scheduled_every_morning_in_the_province_time_zone():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-certificate-statuses"]
    assert (entry["task"], entry["schedule"]) == ("evaluation.refresh_certificate_statuses", crontab(hour=6, minute=0))
    assert (settings.CELERY_TIMEZONE, refresh_certificate_statuses.name in app.tasks) == ("Asia/Ho_Chi_Minh", True)


def test_the_task_refreshes_as_of_the_local_date(producer_record, producer, django_capture_on_commit_callbacks):
    with freeze_time("2026-07-10 03:00"):
        certificate = issue(product_of(producer_record))
    # 17:30 UTC on 10/04/2029 is already 11/04/2029 in Hà Nội: 90 days before 10/07/2029.
    with freeze_time("2029-04-10 17:30"), django_capture_on_commit_callbacks(execute=True):
        summary = refresh_certificate_statuses.delay().get()

    certificate.refresh_from_db()
    assert summary == {"date": "2029-04-11", "moved": {S.EXPIRING: 1}, "notices": {NoticeKind.DAYS_90: 1}}
    assert certificate.status == S.EXPIRING
    assert list(CertificateNotice.objects.values_list("kind", "sent_on")) == [
        (NoticeKind.DAYS_90, datetime.date(2029, 4, 11))
    ]


def test_the_task_replays_a_given_day_and_a_rerun_sends_nothing(producer_record, producer):
    with freeze_time("2026-07-10 03:00"):
        issue(product_of(producer_record))
    first = refresh_certificate_statuses.delay(on="2029-06-10").get()
    again = refresh_certificate_statuses.delay(on="2029-06-10").get()

    assert first["notices"] == {NoticeKind.DAYS_30: 1}
    assert (again["moved"], again["notices"]) == ({}, {})
