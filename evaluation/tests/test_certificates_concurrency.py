"""Certificates under parallel requests, on real PostgreSQL connections: each test holds the first
call's transaction open until the second is blocked (ocop_portal.testing.concurrency), the
moment a missing row lock or unique guard would let the second act on what it read before."""

import datetime

import pytest
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import NoticeKind, RevocationGround
from evaluation.models import Certificate, CertificateNotice
from evaluation.services.certificates import (
    certificate_revoke,
    certificates_issue_for_decision,
    certificates_refresh_statuses,
)
from ocop_portal.core.models import Notification
from ocop_portal.testing.concurrency import second_waits_for_first

from .test_certificates_helpers import issue, product_of, recognition_decision, recognition_item
from .test_certificates_services import revocation_decision

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@freeze_time("2026-07-15 03:00")
def test_two_decisions_issued_at_once_get_consecutive_numbers(producer_record):
    issue(product_of(producer_record, "Đã cấp"))  # the province's 2026 sequence exists: OCOP-24-2026-0001
    decisions = []
    for name in ("Gà đồi", "Mật ong"):
        decision = recognition_decision(province=producer_record.province, issuer_unit=producer_record.district)
        recognition_item(decision, product_of(producer_record, name), stars=3)
        decisions.append(decision)

    first, second = second_waits_for_first(
        lambda: certificates_issue_for_decision(decision=decisions[0], by=decisions[0].created_by),
        lambda: certificates_issue_for_decision(decision=decisions[1], by=decisions[1].created_by),
    )

    assert (first.kind, second.kind) == ("ok", "ok"), second.value
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [
        "OCOP-24-2026-0001",
        "OCOP-24-2026-0002",
        "OCOP-24-2026-0003",
    ]


@freeze_time("2027-03-05 03:00")
def test_a_second_revocation_at_the_same_moment_is_refused(producer_record, province_staff):
    certificate = issue(product_of(producer_record), on=datetime.date(2026, 7, 10))
    by_first = revocation_decision(producer_record.province, number="12/QĐ-UBND")
    by_second = revocation_decision(producer_record.province, number="13/QĐ-UBND")

    def revoke(decision, ground):
        return lambda: certificate_revoke(
            certificate=Certificate.objects.get(pk=certificate.pk),
            decision=decision,
            ground=ground,
            note="",
            by=province_staff,
        )

    first, second = second_waits_for_first(
        revoke(by_first, RevocationGround.FOOD_SAFETY), revoke(by_second, RevocationGround.QUALITY)
    )

    assert (first.kind, second.kind) == ("ok", "refused")
    assert second.messages == [
        f"Giấy chứng nhận {certificate.number} không thể chuyển từ “Đã thu hồi” sang “Đã thu hồi”."
    ]
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_decision, certificate.revocation_ground) == (
        S.REVOKED,
        by_first,
        RevocationGround.FOOD_SAFETY,
    )
    assert certificate.events.filter(to_status=S.REVOKED).count() == 1


def test_two_refresh_runs_at_once_move_and_notify_once(producer_record, producer):
    """Beat fires the daily job while a run started by hand is still going: the second run finds
    the status moved and the notice recorded, and neither fails nor sends anything twice."""
    with freeze_time("2026-07-10 03:00"):
        certificate = issue(product_of(producer_record))
    day = certificate.valid_until - datetime.timedelta(days=90)
    with freeze_time(f"{day.isoformat()} 03:00"):
        first, second = second_waits_for_first(
            lambda: certificates_refresh_statuses(day), lambda: certificates_refresh_statuses(day)
        )

    assert (first.kind, second.kind) == ("ok", "ok"), second.value
    assert [(dict(o.value.moved), dict(o.value.notices)) for o in (first, second)] == [
        ({S.EXPIRING: 1}, {NoticeKind.DAYS_90: 1}),
        ({}, {}),
    ]
    assert list(certificate.events.values_list("to_status", flat=True)) == [S.VALID, S.EXPIRING]
    assert CertificateNotice.objects.filter(certificate=certificate).count() == 1
    assert Notification.objects.filter(recipient=producer).count() == 1


def test_two_refresh_runs_at_once_record_and_send_a_notice_once(producer_record, producer):
    """Both runs see the notice as due (the first has not committed it): the unique notice row
    makes the second one's insert wait, and it sends nothing."""
    with freeze_time("2026-07-10 03:00"):
        certificate = issue(product_of(producer_record))
    day = certificate.valid_until - datetime.timedelta(days=90)
    Certificate.objects.filter(pk=certificate.pk).update(status=S.EXPIRING)  # moved by an earlier run
    with freeze_time(f"{day.isoformat()} 03:00"):
        first, second = second_waits_for_first(
            lambda: certificates_refresh_statuses(day), lambda: certificates_refresh_statuses(day)
        )

    assert (first.kind, second.kind) == ("ok", "ok"), second.value
    assert (dict(first.value.notices), dict(second.value.notices)) == ({NoticeKind.DAYS_90: 1}, {})
    assert CertificateNotice.objects.filter(certificate=certificate).count() == 1
    assert Notification.objects.filter(recipient=producer).count() == 1


@freeze_time("2026-07-15 03:00")
def test_one_decision_issued_twice_at_once_issues_its_certificates_once(producer_record):
    """The decision page and a retried job issue the same decision at the same moment."""
    decision = recognition_decision(province=producer_record.province, issuer_unit=producer_record.district)
    recognition_item(decision, product_of(producer_record), stars=3)

    first, second = second_waits_for_first(
        lambda: certificates_issue_for_decision(decision=decision, by=decision.created_by),
        lambda: certificates_issue_for_decision(decision=decision, by=decision.created_by),
    )

    assert (first.kind, second.kind) == ("ok", "ok"), second.value
    assert (len(first.value), second.value) == (1, [])
    assert list(Certificate.objects.values_list("number", flat=True)) == ["OCOP-24-2026-0001"]


@freeze_time("2026-07-15 03:00")
def test_two_recognitions_of_one_product_at_once_leave_one_certificate_in_force(producer_record):
    """Decisions of two years (two number sequences, so nothing else makes them wait) recorded
    at the same moment for one product: the second supersedes the first's certificate."""
    product = product_of(producer_record)
    decisions = []
    for stars, decided_on in ((3, datetime.date(2025, 12, 20)), (4, datetime.date(2026, 7, 10))):
        decision = recognition_decision(
            province=producer_record.province, issuer_unit=producer_record.district, on=decided_on
        )
        recognition_item(decision, product, stars=stars)
        decisions.append(decision)

    first, second = second_waits_for_first(
        lambda: certificates_issue_for_decision(decision=decisions[0], by=decisions[0].created_by),
        lambda: certificates_issue_for_decision(decision=decisions[1], by=decisions[1].created_by),
    )

    assert (first.kind, second.kind) == ("ok", "ok"), second.value
    earlier, later = first.value[0], second.value[0]
    earlier.refresh_from_db()
    assert (earlier.status, earlier.superseded_by, later.stars) == (S.SUPERSEDED, later, 4)
    assert list(Certificate.objects.filter(status__in=S.in_force())) == [later]
