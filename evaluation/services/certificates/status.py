"""The certificate status machine: the one function that writes Certificate.status, its table
of allowed transitions, and the calendar boundaries (see the package docstring)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from ...enums import CertificateStatus as S
from ...models import Certificate, CertificateEvent, Decision
from ...verify_cache import verify_pages_invalidate_on_commit

VALIDITY = relativedelta(months=36)
MIN_CERTIFIED_STARS = 3
EXPIRING_WINDOW_DAYS = 90

TRANSITIONS: dict[str, set[str]] = {
    S.VALID: {S.EXPIRING, S.EXPIRED, S.SUPERSEDED, S.REVOKED, S.EXTENDED},
    S.EXPIRING: {S.EXPIRED, S.SUPERSEDED, S.REVOKED, S.EXTENDED},
    S.EXPIRED: {S.SUPERSEDED, S.REVOKED, S.EXTENDED},
    S.EXTENDED: {S.EXPIRED, S.SUPERSEDED, S.REVOKED},
    S.SUPERSEDED: set(),
    S.REVOKED: set(),
}
# Fields a status change may write along with the status, in the same save.
_STATUS_COMPANION_FIELDS = {
    "superseded_by",
    "revocation_decision",
    "revocation_ground",
    "revocation_note",
    "extended_until",
}


def valid_until_for(decision_date: datetime.date) -> datetime.date:
    return decision_date + VALIDITY


def status_by_date(valid_until: datetime.date, today: datetime.date) -> str:
    """The status the calendar alone gives a certificate in force (valid through valid_until)."""
    if today > valid_until:
        return S.EXPIRED
    if (valid_until - today).days <= EXPIRING_WINDOW_DAYS:
        return S.EXPIRING
    return S.VALID


def expiring_since(valid_until: datetime.date) -> datetime.date:
    return valid_until - datetime.timedelta(days=EXPIRING_WINDOW_DAYS)


def expired_since(valid_until: datetime.date) -> datetime.date:
    return valid_until + datetime.timedelta(days=1)


def certificate_set_status(
    *,
    certificate: Certificate,
    to: str,
    on: datetime.date,
    reason: str,
    decision: Decision | None = None,
    by=None,
    **companions,
) -> Certificate:
    """Move `certificate` to status `to` if TRANSITIONS allows it.

    `on` is the date the change takes effect (the decision's date, or the calendar boundary);
    `companions` are the revocation/supersession fields written in the same save.

    Side effects: locks the certificate row, saves it, one CertificateEvent, one audit entry, and
    after commit its cached public verification pages are dropped.
    Raises ValidationError for a transition the table forbids.
    """
    unknown = set(companions) - _STATUS_COMPANION_FIELDS
    if unknown:
        raise TypeError(f"certificate_set_status cannot write {sorted(unknown)}")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update(no_key=True).get(pk=certificate.pk)
        if to not in TRANSITIONS[locked.status]:
            raise ValidationError(
                _("Giấy chứng nhận %(number)s không thể chuyển từ “%(from)s” sang “%(to)s”.")
                % {"number": locked.number, "from": S(locked.status).label, "to": S(to).label}
            )
        previous = locked.status
        locked.status = to
        for name, value in companions.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", *companions])
        CertificateEvent.objects.create(
            certificate=locked, date=on, from_status=previous, to_status=to, reason=reason[:255], decision=decision
        )
        verify_pages_invalidate_on_commit(locked)
        audit_log(
            actor=by,
            action=f"certificate.{to}",
            obj=locked,
            changes={"status": [previous, to], **{k: ["", str(v)] for k, v in companions.items() if v}},
            note=reason,
        )
    for name in ("status", *companions):
        setattr(certificate, name, getattr(locked, name))
    return certificate


def advance_by_date(certificate: Certificate, today: datetime.date, *, by=None) -> list[str]:
    """Apply the calendar boundaries passed by `today`, each dated on its own boundary.

    Reads the status under the row lock first: a run in parallel (a second refresh, an issue)
    that moved it already leaves nothing to do here, instead of a transition the table refuses.
    """
    moved = []
    target = status_by_date(certificate.valid_until, today)
    with transaction.atomic():
        certificate.status = (
            Certificate.objects.select_for_update(no_key=True).values_list("status", flat=True).get(pk=certificate.pk)
        )
        if certificate.status == S.VALID and target in (S.EXPIRING, S.EXPIRED):
            certificate_set_status(
                certificate=certificate,
                to=S.EXPIRING,
                on=expiring_since(certificate.valid_until),
                reason=_("Còn không quá %(days)s ngày đến hạn") % {"days": EXPIRING_WINDOW_DAYS},
                by=by,
            )
            moved.append(S.EXPIRING)
        if certificate.status == S.EXPIRING and target == S.EXPIRED:
            certificate_set_status(
                certificate=certificate,
                to=S.EXPIRED,
                on=expired_since(certificate.valid_until),
                reason=_("Hết thời hạn hiệu lực ngày %(date)s") % {"date": format_date(certificate.valid_until)},
                by=by,
            )
            moved.append(S.EXPIRED)
        if certificate.status == S.EXTENDED and certificate.extended_until and today > certificate.extended_until:
            certificate_set_status(
                certificate=certificate,
                to=S.EXPIRED,
                on=certificate.extended_until + datetime.timedelta(days=1),
                reason=_("Hết thời hạn gia hạn ngày %(date)s") % {"date": format_date(certificate.extended_until)},
                by=by,
            )
            moved.append(S.EXPIRED)
    return moved


def detail_url(certificate: Certificate) -> str:
    return reverse("evaluation:certificate_detail", args=[certificate.pk])


def format_date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")
