"""The daily refresh: statuses moved by the calendar and the expiry notices (90, 30 days, expiry)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from ocop_portal.core.services import notify

from ...enums import CertificateStatus as S
from ...enums import NoticeKind
from ...models import Certificate, CertificateNotice
from ...selectors.certificates import renewal_deadline
from .status import EXPIRING_WINDOW_DAYS, advance_by_date, detail_url, format_date

# Notice kind → days before valid_until from which it is due. The 30-day notice is the legal duty.
NOTICE_DAYS_BEFORE = {NoticeKind.DAYS_90: 90, NoticeKind.DAYS_30: 30}
# An expiry notice is still worth sending this many days after the expiry (a job that missed
# runs catches up); older expiries — e.g. certificates entered from past rounds — are not mailed.
EXPIRED_NOTICE_RELEVANT_DAYS = 30


@dataclass
class RefreshResult:
    moved: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    notices: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def certificates_refresh_statuses(today: datetime.date) -> RefreshResult:
    """Move statuses by the calendar and send the expiry notices due on `today`.

    Idempotent: a second run on the same day changes and sends nothing. A notice whose day was
    missed (the job did not run) is sent on the next run while it is still relevant: the 90-day
    notice until the 30-day one is due, the 30-day notice until the expiry, the expiry notice for
    EXPIRED_NOTICE_RELEVANT_DAYS.

    Side effects: status changes (events, audit entries); per notice one CertificateNotice (its
    unique constraint makes concurrent runs safe) with the recipients, in-portal notifications
    and e-mails after commit — the producer's users and the district officers, plus the province
    staff for the expiry notice.
    """
    result = RefreshResult()
    due = Certificate.objects.filter(
        Q(status=S.VALID, valid_until__lte=today + datetime.timedelta(days=EXPIRING_WINDOW_DAYS))
        | Q(status=S.EXPIRING, valid_until__lt=today)
    ).order_by("id")
    for certificate in list(due):
        for status in advance_by_date(certificate, today):
            result.moved[status] += 1
    for kind, certificates in _notices_due(today).items():
        recipients = recipients_by_certificate(certificates, include_province_staff=kind == NoticeKind.EXPIRED)
        for certificate in certificates:
            if _send_notice(certificate, kind, today, recipients[certificate.pk]):
                result.notices[kind] += 1
    return result


def _notices_due(today: datetime.date) -> dict[str, list[Certificate]]:
    """Certificates per notice kind whose notice is due today and not yet recorded."""
    day = datetime.timedelta(days=1)
    days_90, days_30 = NOTICE_DAYS_BEFORE[NoticeKind.DAYS_90], NOTICE_DAYS_BEFORE[NoticeKind.DAYS_30]
    windows = {
        # Once the 30-day notice is due the 90-day one is no longer relevant.
        NoticeKind.DAYS_90: Q(valid_until__gt=today + days_30 * day, valid_until__lte=today + days_90 * day),
        NoticeKind.DAYS_30: Q(valid_until__gte=today, valid_until__lte=today + days_30 * day),
        # The status says it has expired (the refresh has just moved it): only the relevance bound.
        NoticeKind.EXPIRED: Q(valid_until__gte=today - EXPIRED_NOTICE_RELEVANT_DAYS * day),
    }
    status_for = {NoticeKind.DAYS_90: S.EXPIRING, NoticeKind.DAYS_30: S.EXPIRING, NoticeKind.EXPIRED: S.EXPIRED}
    due = {}
    for kind, window in windows.items():
        sent = CertificateNotice.objects.filter(certificate=OuterRef("pk"), kind=kind)
        due[kind] = list(
            Certificate.objects.filter(window, status=status_for[kind])
            .exclude(Exists(sent))
            .select_related("product", "producer")
            .order_by("valid_until", "id")
        )
    return due


def _send_notice(certificate: Certificate, kind: str, today: datetime.date, users: list) -> bool:
    """Record and send one notice unless it was already recorded; True when sent now."""
    with transaction.atomic():
        _, created = CertificateNotice.objects.get_or_create(
            certificate=certificate,
            kind=kind,
            defaults={
                "sent_on": today,
                "recipients": [{"id": u.pk, "name": str(u), "email": u.email} for u in users],
            },
        )
        if not created:
            return False
        subject, body = _notice_text(certificate, kind)
        notify(recipients=users, subject=subject, body=body, url=detail_url(certificate))
    return True


def _notice_text(certificate: Certificate, kind: str) -> tuple[str, str]:
    values = {
        "number": certificate.number,
        "product": certificate.product.name,
        "producer": certificate.producer.name,
        "date": format_date(certificate.valid_until),
    }
    if kind == NoticeKind.EXPIRED:
        subject = _("Giấy chứng nhận OCOP %(number)s đã hết hạn ngày %(date)s") % values
        body = (
            _(
                "Giấy chứng nhận OCOP số %(number)s của sản phẩm %(product)s (%(producer)s) đã hết hiệu lực "
                "từ sau ngày %(date)s. Sản phẩm không được tiếp tục sử dụng nhãn OCOP cho đến khi được đánh giá lại."
            )
            % values
        )
    else:
        values["deadline"] = format_date(renewal_deadline(certificate.valid_until))
        subject = _("Giấy chứng nhận OCOP %(number)s sẽ hết hạn ngày %(date)s") % values
        body = (
            _(
                "Giấy chứng nhận OCOP số %(number)s của sản phẩm %(product)s (%(producer)s) hết hiệu lực ngày "
                "%(date)s. Chủ thể cần nộp hồ sơ đánh giá lại trước ngày %(deadline)s."
            )
            % values
        )
    return subject, body


def recipients_by_certificate(certificates: list[Certificate], *, include_province_staff: bool) -> dict[int, list]:
    """Users to notify per certificate (its producer's users, its district's and its product's
    commune's officers, the province staff if asked), in three queries whatever the number."""
    from ocop_portal.accounts.models import User

    by_producer, by_district, by_province = defaultdict(list), defaultdict(list), defaultdict(list)
    by_commune = defaultdict(list)
    active = User.objects.filter(is_active=True).order_by("id")
    producer_ids = {c.producer_id for c in certificates}
    for user in active.filter(producer_membership__producer_id__in=producer_ids).select_related("producer_membership"):
        by_producer[user.producer_membership.producer_id].append(user)
    # The officers of the certificate's district (on the pre-2025 map) and of its product's commune.
    districts = {c.district_id for c in certificates if c.district_id}
    communes = {c.product.commune_id for c in certificates}
    for user in active.filter(Q(officer_district_id__in=districts) | Q(officer_commune_id__in=communes)):
        if user.officer_district_id in districts:
            by_district[user.officer_district_id].append(user)
        if user.officer_commune_id in communes:
            by_commune[user.officer_commune_id].append(user)
    if include_province_staff:
        for user in active.filter(staff_province_id__in={c.province_id for c in certificates}):
            by_province[user.staff_province_id].append(user)
    recipients = {}
    for certificate in certificates:
        users = [
            *by_producer[certificate.producer_id],
            *by_district.get(certificate.district_id, []),
            *by_commune.get(certificate.product.commune_id, []),
            *by_province.get(certificate.province_id, []),
        ]
        recipients[certificate.pk] = list({user.pk: user for user in users}.values())
    return recipients
