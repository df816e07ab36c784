"""The expiry notices (evaluation/services/certificates/notices.py): what the mutation run of issue
24 found no test for (docs/mutation.md) — the counts of a run with several certificates, the last
day an expiry is still mailed, the words and link of each notice, who is told and who is not (an
inactive account, another district's officer, another province's staff), and that the daily run
locks only the certificates the calendar moves."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import NoticeKind
from evaluation.models import Certificate, CertificateNotice, Framework
from evaluation.reference import load_frameworks
from evaluation.services.certificates import certificates_refresh_statuses
from evaluation.services.certificates.notices import recipients_by_certificate
from ocop_portal.core.models import Notification
from ocop_portal.testing import factories as f

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db
D = datetime.date
VALID_UNTIL = D(2029, 7, 10)


@pytest.fixture
def certificate(producer_record, producer, district_officer):
    with freeze_time("2026-07-10 03:00"):
        return issue(product_of(producer_record))


def run(day, capture=None):
    with freeze_time(f"{day.isoformat()} 03:00"):
        if capture is None:
            return certificates_refresh_statuses(day)
        with capture(execute=True):
            return certificates_refresh_statuses(day)


def told(subject_part):
    return sorted(
        Notification.objects.filter(subject__contains=subject_part).values_list("recipient__username", flat=True)
    )


def test_a_run_counts_every_certificate_it_moves_and_tells(producer_record):
    with freeze_time("2026-07-10 03:00"):
        issue(product_of(producer_record, "Gà đồi"))
        issue(product_of(producer_record, "Mật ong"))
    day_90 = VALID_UNTIL - datetime.timedelta(days=90)
    result = run(day_90)
    assert (dict(result.moved), dict(result.notices)) == ({S.EXPIRING: 2}, {NoticeKind.DAYS_90: 2})
    result = run(VALID_UNTIL + datetime.timedelta(days=1))
    assert (dict(result.moved), dict(result.notices)) == ({S.EXPIRED: 2}, {NoticeKind.EXPIRED: 2})


@pytest.mark.parametrize(("days_after", "sent"), [(30, True), (31, False)])
def test_an_expiry_is_mailed_up_to_30_days_late(certificate, days_after, sent):
    result = run(VALID_UNTIL + datetime.timedelta(days=days_after))
    assert dict(result.notices) == ({NoticeKind.EXPIRED: 1} if sent else {})


def test_the_expiry_notice_says_the_label_may_no_longer_be_used(certificate, producer):
    run(VALID_UNTIL + datetime.timedelta(days=1))
    note = Notification.objects.get(recipient=producer)
    assert note.subject == f"Giấy chứng nhận OCOP {certificate.number} đã hết hạn ngày 10/07/2029"
    assert note.body == (
        f"Giấy chứng nhận OCOP số {certificate.number} của sản phẩm Gà đồi Yên Thế (HTX Gà đồi Yên Thế) đã hết "
        "hiệu lực từ sau ngày 10/07/2029. Sản phẩm không được tiếp tục sử dụng nhãn OCOP cho đến khi được đánh "
        "giá lại."
    )
    assert note.url == reverse("evaluation:certificate_detail", args=[certificate.pk])


def test_the_30_day_notice_names_product_producer_expiry_and_filing_deadline(certificate, producer):
    run(VALID_UNTIL - datetime.timedelta(days=30))
    note = Notification.objects.get(recipient=producer)
    assert note.subject == f"Giấy chứng nhận OCOP {certificate.number} sẽ hết hạn ngày 10/07/2029"
    assert note.body == (
        f"Giấy chứng nhận OCOP số {certificate.number} của sản phẩm Gà đồi Yên Thế (HTX Gà đồi Yên Thế) hết "
        "hiệu lực ngày 10/07/2029. Chủ thể cần nộp hồ sơ đánh giá lại trước ngày 11/05/2029."
    )


def test_the_closing_notice_gives_the_last_filing_day(certificate, producer):
    load_frameworks()
    Certificate.objects.filter(pk=certificate.pk).update(framework=Framework.objects.get(code="26/2026"))
    run(VALID_UNTIL - datetime.timedelta(days=135))
    note = Notification.objects.get(recipient=producer)
    assert note.subject == (
        f"Giấy chứng nhận OCOP {certificate.number}: hạn cuối nộp hồ sơ đánh giá lại ngày 12/03/2029"
    )
    assert note.body == (
        f"Giấy chứng nhận OCOP số {certificate.number} của sản phẩm Gà đồi Yên Thế (HTX Gà đồi Yên Thế) hết "
        "hiệu lực ngày 10/07/2029. Hồ sơ đánh giá lại được nộp từ ngày 11/01/2029 đến ngày 12/03/2029. Sau ngày "
        "hết hạn, sản phẩm không được sử dụng biểu trưng OCOP."
    )


def test_the_recorded_recipients_are_the_active_users_each_once(
    certificate, producer, producer_record, district_officer, other_district_officer, commune
):
    gone = f.UserFactory(username="nghi_viec", officer_district=district_officer.officer_district, is_active=False)
    both = f.UserFactory(username="ca_hai", officer_district=district_officer.officer_district, officer_commune=commune)
    run(VALID_UNTIL - datetime.timedelta(days=90))
    notice = CertificateNotice.objects.get(certificate=certificate)
    assert [r["id"] for r in notice.recipients] == [producer.pk, district_officer.pk, both.pk]
    assert gone.pk not in [r["id"] for r in notice.recipients]
    assert other_district_officer.pk not in [r["id"] for r in notice.recipients]
    assert notice.recipients[0] == {"id": producer.pk, "name": str(producer), "email": producer.email}


def test_the_province_is_told_of_the_expiry_only_and_not_another_province(
    certificate, province_staff, producer, district_officer
):
    stranger = f.UserFactory(username="so_khac", staff_province=f.ProvinceFactory(code="98", name="Tỉnh Khác"))
    run(VALID_UNTIL - datetime.timedelta(days=90))
    assert told("sẽ hết hạn") == sorted([producer.username, district_officer.username])
    run(VALID_UNTIL + datetime.timedelta(days=1))
    assert told("đã hết hạn") == sorted([producer.username, district_officer.username, province_staff.username])
    assert stranger.username not in told("")


def test_recipients_are_per_certificate(producer_record, other_producer_record, producer, other_producer):
    with freeze_time("2026-07-10 03:00"):
        mine = issue(product_of(producer_record))
        theirs = issue(f.ProductFactory(producer=other_producer_record))
    users = recipients_by_certificate([mine, theirs], include_province_staff=False)
    assert (users[mine.pk], users[theirs.pk]) == ([producer], [other_producer])
    assert len(mail.outbox) == 0


@pytest.mark.parametrize(
    ("status", "day", "extended_until"),
    [
        (S.VALID, D(2026, 8, 1), None),  # years before its expiry
        (S.EXPIRING, VALID_UNTIL - datetime.timedelta(days=60), None),  # expiring, not yet expired
        (S.REVOKED, VALID_UNTIL - datetime.timedelta(days=10), None),  # near its expiry, but out of force
        (S.SUPERSEDED, VALID_UNTIL + datetime.timedelta(days=10), None),
        (S.EXTENDED, VALID_UNTIL + datetime.timedelta(days=10), VALID_UNTIL + datetime.timedelta(days=100)),
        (S.EXPIRED, VALID_UNTIL + datetime.timedelta(days=120), VALID_UNTIL + datetime.timedelta(days=100)),
    ],
)
def test_the_daily_run_locks_no_certificate_the_calendar_does_not_move(certificate, status, day, extended_until):
    """Each certificate the run visits is locked (advance_by_date), holding back a revocation or an
    issue of it meanwhile: the run visits only those a calendar boundary may move."""
    Certificate.objects.filter(pk=certificate.pk).update(status=status, extended_until=extended_until)
    with CaptureQueriesContext(connection) as queries, freeze_time(f"{day.isoformat()} 03:00"):
        result = certificates_refresh_statuses(day)
    assert dict(result.moved) == {}
    assert [q["sql"] for q in queries.captured_queries if "FOR NO KEY UPDATE" in q["sql"]] == []
    assert Certificate.objects.get(pk=certificate.pk).status == status


def test_an_extension_ends_on_the_daily_run_after_its_last_day(certificate):
    last_day = VALID_UNTIL + datetime.timedelta(days=100)
    Certificate.objects.filter(pk=certificate.pk).update(status=S.EXTENDED, extended_until=last_day)
    assert dict(run(last_day).moved) == {}
    assert dict(run(last_day + datetime.timedelta(days=1)).moved) == {S.EXPIRED: 1}
    assert Certificate.objects.get(pk=certificate.pk).status == S.EXPIRED


def _notices_sent(day):
    run(day)
    return list(CertificateNotice.objects.filter(sent_on=day).values_list("kind", flat=True))


def test_a_framework_without_notice_days_keeps_the_90_and_30_day_notices(certificate):
    Framework.objects.filter(pk=certificate.framework_id).update(notices=[])
    assert _notices_sent(VALID_UNTIL - datetime.timedelta(days=91)) == []
    assert _notices_sent(VALID_UNTIL - datetime.timedelta(days=90)) == [NoticeKind.DAYS_90]
    assert _notices_sent(VALID_UNTIL - datetime.timedelta(days=30)) == [NoticeKind.DAYS_30]


def test_the_first_notice_comes_on_the_frameworks_day_not_when_the_certificate_turns_expiring(certificate):
    notices = [{"days": 60, "kind": "before_expiry"}, {"days": 30, "kind": "before_expiry"}]
    Framework.objects.filter(pk=certificate.framework_id).update(notices=notices)
    assert _notices_sent(VALID_UNTIL - datetime.timedelta(days=90)) == []  # expiring from today
    assert _notices_sent(VALID_UNTIL - datetime.timedelta(days=61)) == []
    assert _notices_sent(VALID_UNTIL - datetime.timedelta(days=60)) == [NoticeKind.DAYS_90]


def test_a_framework_with_half_its_window_notices_sends_none_and_the_run_goes_on(certificate):
    """A framework edited with an opening notice but no closing one (the pair makes a window
    notice): no window notice, and the daily run still moves its certificates."""
    Framework.objects.filter(pk=certificate.framework_id).update(notices=[{"days": 210, "kind": "window_opens"}])
    assert dict(run(VALID_UNTIL - datetime.timedelta(days=210)).notices) == {}
    result = run(VALID_UNTIL - datetime.timedelta(days=90))
    assert (dict(result.moved), dict(result.notices)) == ({S.EXPIRING: 1}, {})


def test_the_window_notices_of_two_frameworks_each_go_out(certificate, producer_record):
    """Two frameworks with a re-evaluation window (a province's own next to QĐ 26/2026): the
    certificates of each are told when their window opens and before it closes."""
    with freeze_time("2026-07-10 03:00"):
        other = issue(product_of(producer_record, "Mật ong"))
    load_frameworks()
    qd26 = Framework.objects.get(code="26/2026")
    Certificate.objects.filter(pk=other.pk).update(framework=qd26)
    Framework.objects.filter(pk=certificate.framework_id).update(
        notices=qd26.notices,
        reevaluation_earliest_days=qd26.reevaluation_earliest_days,
        reevaluation_latest_days=qd26.reevaluation_latest_days,
    )
    assert certificate.framework_id != qd26.pk
    day = VALID_UNTIL - datetime.timedelta(days=210)
    assert dict(run(day).notices) == {NoticeKind.WINDOW_OPENS: 2}
    day = VALID_UNTIL - datetime.timedelta(days=135)
    assert dict(run(day).notices) == {NoticeKind.WINDOW_CLOSES: 2}


def test_a_notice_sent_for_one_certificate_does_not_stop_another_ones(certificate, producer_record):
    with freeze_time("2026-09-10 03:00"):
        later = issue(product_of(producer_record, "Mật ong"), on=D(2026, 8, 20))
    assert dict(run(VALID_UNTIL - datetime.timedelta(days=90)).notices) == {NoticeKind.DAYS_90: 1}
    assert dict(run(later.valid_until - datetime.timedelta(days=90)).notices) == {NoticeKind.DAYS_90: 1}
    assert set(CertificateNotice.objects.values_list("certificate", "kind")) == {
        (certificate.pk, NoticeKind.DAYS_90),
        (later.pk, NoticeKind.DAYS_90),
    }
