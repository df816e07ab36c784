"""The daily refresh around each boundary of a certificate decided on 10/07/2026, valid until
10/07/2029: statuses, the notices recorded, the e-mails sent, and re-runs that send nothing."""

import datetime

import pytest
from django.core import mail
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import NoticeKind
from evaluation.models import Certificate, CertificateNotice
from evaluation.services.certificates import certificates_refresh_statuses
from ocop_portal.core.models import Notification

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db

VALID_UNTIL = datetime.date(2029, 7, 10)
DAY_0 = datetime.date(2026, 7, 10)
DAYS_91_BEFORE = VALID_UNTIL - datetime.timedelta(days=91)  # 10/04/2029
DAYS_90_BEFORE = VALID_UNTIL - datetime.timedelta(days=90)  # 11/04/2029
DAYS_31_BEFORE = VALID_UNTIL - datetime.timedelta(days=31)
DAYS_30_BEFORE = VALID_UNTIL - datetime.timedelta(days=30)  # 10/06/2029
DAY_AFTER = VALID_UNTIL + datetime.timedelta(days=1)


@pytest.fixture
def people(province_staff, district_officer, other_district_officer, producer):
    """Everyone who might be told; the other district's officer never is."""
    return {
        "staff": province_staff,
        "officer": district_officer,
        "other_officer": other_district_officer,
        "producer": producer,
    }


@pytest.fixture
def certificate(people, producer_record):
    with freeze_time("2026-07-10 03:00"):
        return issue(product_of(producer_record))


def run(day: datetime.date, capture):
    """Run the job as on `day` (03:00 UTC is 10:00 in Hà Nội), with after-commit mail sent."""
    with freeze_time(f"{day.isoformat()} 03:00"), capture(execute=True):
        return certificates_refresh_statuses(day)


def notices(certificate):
    return list(CertificateNotice.objects.filter(certificate=certificate).order_by("id").values_list("kind", "sent_on"))


def addresses(*users):
    return sorted(user.email for user in users)


def mailed(subject_part=""):
    """Addresses the e-mails (one per recipient) went to, optionally only those whose subject
    contains `subject_part`."""
    return sorted(to for message in mail.outbox if subject_part in message.subject for to in message.to)


def test_valid_until_is_36_months_after_the_decision(certificate):
    assert (certificate.valid_from, certificate.valid_until) == (DAY_0, VALID_UNTIL)


@pytest.mark.parametrize("day", [DAY_0, DAYS_91_BEFORE])
def test_before_the_expiring_window_nothing_moves_and_nothing_is_sent(
    certificate, day, django_capture_on_commit_callbacks
):
    result = run(day, django_capture_on_commit_callbacks)

    certificate.refresh_from_db()
    assert (certificate.status, dict(result.moved), dict(result.notices)) == (S.VALID, {}, {})
    assert (notices(certificate), mail.outbox) == ([], [])


def test_90_days_before_it_turns_expiring_and_the_first_notice_goes_out(
    certificate, people, django_capture_on_commit_callbacks
):
    result = run(DAYS_90_BEFORE, django_capture_on_commit_callbacks)

    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRING
    assert (dict(result.moved), dict(result.notices)) == ({S.EXPIRING: 1}, {NoticeKind.DAYS_90: 1})
    assert list(certificate.events.values_list("date", "from_status", "to_status")) == [
        (DAY_0, "", S.VALID),
        (DAYS_90_BEFORE, S.VALID, S.EXPIRING),
    ]
    assert notices(certificate) == [(NoticeKind.DAYS_90, DAYS_90_BEFORE)]
    assert mailed() == addresses(people["producer"], people["officer"])
    assert {m.subject for m in mail.outbox} == {"Giấy chứng nhận OCOP OCOP-24-2026-0001 sẽ hết hạn ngày 10/07/2029"}
    assert "Chủ thể cần nộp hồ sơ đánh giá lại trước ngày 11/05/2029." in mail.outbox[0].body


def test_a_rerun_on_the_same_day_sends_nothing_twice(certificate, django_capture_on_commit_callbacks):
    run(DAYS_90_BEFORE, django_capture_on_commit_callbacks)
    again = run(DAYS_90_BEFORE, django_capture_on_commit_callbacks)

    assert (dict(again.moved), dict(again.notices)) == ({}, {})
    assert notices(certificate) == [(NoticeKind.DAYS_90, DAYS_90_BEFORE)]
    assert len(mail.outbox) == 2  # the producer's and the officer's copies of the first run
    assert certificate.events.count() == 2


def test_between_the_notices_nothing_new_is_sent(certificate, django_capture_on_commit_callbacks):
    run(DAYS_90_BEFORE, django_capture_on_commit_callbacks)
    result = run(DAYS_31_BEFORE, django_capture_on_commit_callbacks)

    assert dict(result.notices) == {}
    assert len(mail.outbox) == 2


def test_30_days_before_the_legal_notice_is_recorded_with_its_recipients(
    certificate, people, django_capture_on_commit_callbacks
):
    run(DAYS_90_BEFORE, django_capture_on_commit_callbacks)
    result = run(DAYS_30_BEFORE, django_capture_on_commit_callbacks)
    rerun = run(DAYS_30_BEFORE, django_capture_on_commit_callbacks)

    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRING
    assert (dict(result.notices), dict(rerun.notices)) == ({NoticeKind.DAYS_30: 1}, {})
    notice = CertificateNotice.objects.get(certificate=certificate, kind=NoticeKind.DAYS_30)
    producer, officer = people["producer"], people["officer"]
    assert (notice.sent_on, notice.recipients) == (
        DAYS_30_BEFORE,
        [
            {"id": producer.pk, "name": str(producer), "email": producer.email},
            {"id": officer.pk, "name": str(officer), "email": officer.email},
        ],
    )
    assert mailed("sẽ hết hạn") == addresses(producer, officer, producer, officer)
    assert Notification.objects.filter(recipient=producer).count() == 2


def test_on_the_expiry_day_it_is_still_in_force(certificate, django_capture_on_commit_callbacks):
    run(DAYS_90_BEFORE, django_capture_on_commit_callbacks)
    run(DAYS_30_BEFORE, django_capture_on_commit_callbacks)
    result = run(VALID_UNTIL, django_capture_on_commit_callbacks)

    certificate.refresh_from_db()
    assert (certificate.status, dict(result.moved), dict(result.notices)) == (S.EXPIRING, {}, {})


def test_the_day_after_it_expires_and_the_province_is_told_too(certificate, people, django_capture_on_commit_callbacks):
    run(DAYS_90_BEFORE, django_capture_on_commit_callbacks)
    run(DAYS_30_BEFORE, django_capture_on_commit_callbacks)
    result = run(DAY_AFTER, django_capture_on_commit_callbacks)
    rerun = run(DAY_AFTER, django_capture_on_commit_callbacks)

    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED
    assert (dict(result.moved), dict(result.notices)) == ({S.EXPIRED: 1}, {NoticeKind.EXPIRED: 1})
    assert (dict(rerun.moved), dict(rerun.notices)) == ({}, {})
    assert certificate.events.last().date == DAY_AFTER
    assert notices(certificate) == [
        (NoticeKind.DAYS_90, DAYS_90_BEFORE),
        (NoticeKind.DAYS_30, DAYS_30_BEFORE),
        (NoticeKind.EXPIRED, DAY_AFTER),
    ]
    assert mailed("OCOP-24-2026-0001 đã hết hạn ngày 10/07/2029") == addresses(
        people["producer"], people["officer"], people["staff"]
    )
    assert len(mail.outbox) == 2 + 2 + 3


def test_a_missed_90_day_notice_is_sent_late_while_still_relevant(certificate, django_capture_on_commit_callbacks):
    late = DAYS_90_BEFORE + datetime.timedelta(days=10)
    result = run(late, django_capture_on_commit_callbacks)

    assert dict(result.notices) == {NoticeKind.DAYS_90: 1}
    assert notices(certificate) == [(NoticeKind.DAYS_90, late)]
    # The status change keeps the date of the boundary, not of the late run.
    assert certificate.events.last().date == DAYS_90_BEFORE


def test_a_job_down_for_weeks_sends_only_the_30_day_notice(certificate, django_capture_on_commit_callbacks):
    late = DAYS_30_BEFORE + datetime.timedelta(days=20)
    result = run(late, django_capture_on_commit_callbacks)

    assert dict(result.notices) == {NoticeKind.DAYS_30: 1}
    assert notices(certificate) == [(NoticeKind.DAYS_30, late)]
    assert len(mail.outbox) == 2


def test_a_job_down_past_the_expiry_moves_through_each_boundary_and_sends_the_expiry_notice(
    certificate, django_capture_on_commit_callbacks
):
    late = VALID_UNTIL + datetime.timedelta(days=10)
    result = run(late, django_capture_on_commit_callbacks)

    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRED
    assert (dict(result.moved), dict(result.notices)) == ({S.EXPIRING: 1, S.EXPIRED: 1}, {NoticeKind.EXPIRED: 1})
    assert list(certificate.events.values_list("date", "to_status")) == [
        (DAY_0, S.VALID),
        (DAYS_90_BEFORE, S.EXPIRING),
        (DAY_AFTER, S.EXPIRED),
    ]


def test_an_expiry_long_past_is_not_mailed(certificate, django_capture_on_commit_callbacks):
    result = run(VALID_UNTIL + datetime.timedelta(days=31), django_capture_on_commit_callbacks)

    assert (dict(result.notices), mail.outbox) == ({}, [])
    assert Certificate.objects.get().status == S.EXPIRED


def test_superseded_and_revoked_certificates_get_no_notice(certificate, django_capture_on_commit_callbacks):
    Certificate.objects.filter(pk=certificate.pk).update(status=S.REVOKED)

    result = run(DAYS_30_BEFORE, django_capture_on_commit_callbacks)

    assert (dict(result.moved), dict(result.notices), mail.outbox) == ({}, {}, [])
