"""Notices as the framework's data: a QĐ 26/2026 certificate is told before its re-evaluation
window opens (210 days) and before it closes (135 days, relevant until the last day, 120); a QĐ
148 certificate keeps its 90/30-day notices. Each edge from both sides."""

import datetime

import pytest
from freezegun import freeze_time

from evaluation.enums import NoticeKind
from evaluation.models import Certificate, CertificateNotice
from evaluation.reference import load_frameworks
from evaluation.services.certificates import certificates_refresh_statuses
from ocop_portal.core.models import Notification

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db

VALID_UNTIL = datetime.date(2029, 7, 10)


@pytest.fixture
def certificate_26(producer, producer_record):
    load_frameworks()
    with freeze_time("2026-07-10 03:00"):
        certificate = issue(product_of(producer_record))
    Certificate.objects.filter(pk=certificate.pk).update(framework_id=_framework("26/2026"))
    return certificate


def _framework(code):
    from evaluation.models import Framework

    return Framework.objects.get(code=code).pk


def _kinds_sent_on(days_before: int) -> list[str]:
    day = VALID_UNTIL - datetime.timedelta(days=days_before)
    with freeze_time(f"{day.isoformat()} 03:00"):
        certificates_refresh_statuses(day)
    return list(CertificateNotice.objects.filter(sent_on=day).values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("days_before", "kinds"),
    [
        (211, []),
        (210, [NoticeKind.WINDOW_OPENS]),
        (136, [NoticeKind.WINDOW_OPENS]),  # a run that missed day 210 still tells them
        (135, [NoticeKind.WINDOW_CLOSES]),  # the opening notice is no longer relevant
        (120, [NoticeKind.WINDOW_CLOSES]),
        (119, []),  # the window has closed
        (90, []),  # no 90-day notice under 26/2026
    ],
)
def test_26_2026_notices_follow_the_window(certificate_26, days_before, kinds):
    assert _kinds_sent_on(days_before) == kinds


def test_the_opening_notice_gives_the_dates(certificate_26, producer):
    _kinds_sent_on(210)
    note = Notification.objects.get(recipient=producer)
    assert note.subject == f"Giấy chứng nhận OCOP {certificate_26.number}: nộp hồ sơ đánh giá lại từ ngày 11/01/2029"
    assert "từ ngày 11/01/2029 đến ngày 12/03/2029" in note.body
    assert "không được sử dụng biểu trưng OCOP" in note.body


def test_148_keeps_its_90_and_30_day_notices(producer, producer_record):
    load_frameworks()
    with freeze_time("2026-07-10 03:00"):
        issue(product_of(producer_record))
    assert (_kinds_sent_on(210), _kinds_sent_on(90), _kinds_sent_on(30)) == (
        [],
        [NoticeKind.DAYS_90],
        [NoticeKind.DAYS_30],
    )
