"""The daily refresh: statuses moved by the calendar and the expiry notices, whose days are the
certificate's framework's data (QĐ 148: 90 and 30 days; QĐ 26/2026: before the re-evaluation
window opens and before it closes), and the expiry notice."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from ocop_portal.core.jurisdiction import successors_of
from ocop_portal.core.services import notify

from ...enums import CertificateStatus as S
from ...enums import NoticeKind
from ...models import Certificate, CertificateNotice, Framework
from ...selectors.certificates import renewal_deadline
from ..reevaluation import filing_window
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
        | Q(status=S.EXTENDED, extended_until__lt=today)
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


def _notice_windows(today: datetime.date) -> dict[str, Q]:
    """Per notice kind, the certificates (by framework and expiry) whose notice is due today.

    The days are the framework's data: QĐ 148 certificates keep their 90/30-day notices; under
    QĐ 26/2026 the notices come before the re-evaluation window opens (210 days: "the window opens
    on …") and before it closes (135 days), each relevant until the next step of the window.
    """
    day = datetime.timedelta(days=1)
    windows: dict[str, Q] = {kind: Q(pk__in=[]) for kind in NoticeKind}
    for framework in Framework.objects.only("pk", "notices", "reevaluation_latest_days"):
        mine = Q(framework_id=framework.pk)
        by_kind = {notice.get("kind"): int(notice["days"]) for notice in framework.notices or [] if "days" in notice}
        before = sorted(
            (int(n["days"]) for n in framework.notices or [] if n.get("kind") == "before_expiry"), reverse=True
        )
        if not framework.notices:
            before = [NOTICE_DAYS_BEFORE[NoticeKind.DAYS_90], NOTICE_DAYS_BEFORE[NoticeKind.DAYS_30]]
        if len(before) == 2:
            far, near = before
            # Once the near notice is due the far one is no longer relevant.
            windows[NoticeKind.DAYS_90] |= mine & Q(
                valid_until__gt=today + near * day, valid_until__lte=today + far * day
            )
            windows[NoticeKind.DAYS_30] |= mine & Q(valid_until__gte=today, valid_until__lte=today + near * day)
        if "window_opens" in by_kind and "window_closes" in by_kind:
            opens, closes = by_kind["window_opens"], by_kind["window_closes"]
            last = framework.reevaluation_latest_days or 0
            windows[NoticeKind.WINDOW_OPENS] |= mine & Q(
                valid_until__gt=today + closes * day, valid_until__lte=today + opens * day
            )
            windows[NoticeKind.WINDOW_CLOSES] |= mine & Q(
                valid_until__gte=today + last * day, valid_until__lte=today + closes * day
            )
    # The status says it has expired (the refresh has just moved it): only the relevance bound,
    # from the last day in force (an Art. 12.3 extension's end, up to 180 days after valid_until).
    relevant_from = today - EXPIRED_NOTICE_RELEVANT_DAYS * day
    windows[NoticeKind.EXPIRED] = Q(valid_until__gte=relevant_from) | Q(extended_until__gte=relevant_from)
    return windows


def _notices_due(today: datetime.date) -> dict[str, list[Certificate]]:
    """Certificates per notice kind whose notice is due today and not yet recorded."""
    in_force = list(S.in_force())
    status_for = dict.fromkeys(NoticeKind, in_force)
    status_for[NoticeKind.DAYS_90] = status_for[NoticeKind.DAYS_30] = [S.EXPIRING]
    status_for[NoticeKind.EXPIRED] = [S.EXPIRED]
    due = {}
    for kind, window in _notice_windows(today).items():
        sent = CertificateNotice.objects.filter(certificate=OuterRef("pk"), kind=kind)
        due[kind] = list(
            Certificate.objects.filter(window, status__in=status_for[kind])
            .exclude(Exists(sent))
            .select_related("product", "producer", "framework")
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
        values["date"] = format_date(certificate.extended_until or certificate.valid_until)
        subject = _("Giấy chứng nhận OCOP %(number)s đã hết hạn ngày %(date)s") % values
        body = (
            _(
                "Giấy chứng nhận OCOP số %(number)s của sản phẩm %(product)s (%(producer)s) đã hết hiệu lực "
                "từ sau ngày %(date)s. Sản phẩm không được tiếp tục sử dụng nhãn OCOP cho đến khi được đánh giá lại."
            )
            % values
        )
    elif kind in (NoticeKind.WINDOW_OPENS, NoticeKind.WINDOW_CLOSES):
        window = filing_window(certificate.framework, certificate.valid_until)
        values.update(opens=format_date(window.opens), closes=format_date(window.closes))
        if kind == NoticeKind.WINDOW_OPENS:
            subject = _("Giấy chứng nhận OCOP %(number)s: nộp hồ sơ đánh giá lại từ ngày %(opens)s") % values
        else:
            subject = _("Giấy chứng nhận OCOP %(number)s: hạn cuối nộp hồ sơ đánh giá lại ngày %(closes)s") % values
        body = (
            _(
                "Giấy chứng nhận OCOP số %(number)s của sản phẩm %(product)s (%(producer)s) hết hiệu lực ngày "
                "%(date)s. Hồ sơ đánh giá lại được nộp từ ngày %(opens)s đến ngày %(closes)s. Sau ngày hết hạn, "
                "sản phẩm không được sử dụng biểu trưng OCOP."
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
        # A carried certificate keeps its predecessor province; the merged province's staff answer for it.
        carried = successors_of({c.province_id for c in certificates})
        answering = {c.province_id for c in certificates} | set(carried.values())
        for user in active.filter(staff_province_id__in=answering):
            by_province[user.staff_province_id].append(user)
        for predecessor, successor in carried.items():
            by_province[predecessor] += by_province.get(successor, [])
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
