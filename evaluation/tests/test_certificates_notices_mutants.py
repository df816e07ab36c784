"""The expiry notices (evaluation/services/certificates/notices.py): what the mutation run of issue
24 found no test for (docs/mutation.md) — the counts of a run with several certificates, the last
day an expiry is still mailed, the words and link of each notice, who is told and who is not (an
inactive account, another district's officer, another province's staff)."""

import datetime

import pytest
from django.core import mail
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
