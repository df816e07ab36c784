"""Re-evaluation under a framework with a filing window (QĐ 26/2026 Art. 7.6): the producer files
no earlier than 180 and no later than 120 days before the certificate expires. The days are the
framework's data; a framework without them (QĐ 148) has no window."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from ocop_portal.core.jurisdiction import covers


@dataclass(frozen=True)
class FilingWindow:
    expiry: datetime.date
    opens: datetime.date  # the first day a filing is accepted
    closes: datetime.date  # the last day

    def contains(self, day: datetime.date) -> bool:
        return self.opens <= day <= self.closes


def filing_window(framework, expiry: datetime.date) -> FilingWindow | None:
    earliest, latest = framework.reevaluation_earliest_days, framework.reevaluation_latest_days
    if earliest is None or latest is None:
        return None
    return FilingWindow(
        expiry=expiry,
        opens=expiry - datetime.timedelta(days=earliest),
        closes=expiry - datetime.timedelta(days=latest),
    )


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def window_closed_before_the_law(framework, certificate) -> bool:
    """Art. 12.3: the certificate's window had closed before the framework came into force, so its
    producer could not meet it."""
    window = filing_window(framework, certificate.valid_until)
    return window is not None and window.closes < framework.valid_from


def extension_limit(framework, certificate) -> datetime.date | None:
    days = framework.clock("extension_max_days")
    return certificate.valid_until + datetime.timedelta(days=days) if days is not None else None


def check_reevaluation_filing(framework, certificate, day: datetime.date) -> None:
    """Refuse (ValidationError, with the dates) a re-evaluation filed outside the window. A
    certificate whose window closed before the framework came into force (Art. 12.3) may file
    until the end of its extension."""
    window = filing_window(framework, certificate.valid_until)
    if window is None or window.contains(day):
        return
    limit = extension_limit(framework, certificate)
    if day > window.closes and window_closed_before_the_law(framework, certificate) and limit and day <= limit:
        return
    values = {
        "opens": _date(window.opens),
        "closes": _date(window.closes),
        "expiry": _date(window.expiry),
        "number": certificate.number,
        "earliest": framework.reevaluation_earliest_days,
        "latest": framework.reevaluation_latest_days,
    }
    if day < window.opens:
        message = _(
            "Chưa đến thời hạn nộp hồ sơ đánh giá lại: giấy chứng nhận %(number)s hết hạn ngày %(expiry)s, "
            "hồ sơ được nộp từ %(opens)s đến %(closes)s (%(earliest)s đến %(latest)s ngày trước khi hết hạn)."
        )
    else:
        message = _(
            "Đã quá thời hạn nộp hồ sơ đánh giá lại: giấy chứng nhận %(number)s hết hạn ngày %(expiry)s, "
            "hồ sơ phải nộp từ %(opens)s đến %(closes)s (%(earliest)s đến %(latest)s ngày trước khi hết hạn)."
        )
    raise ValidationError(message % values)


def certificate_extend(*, certificate, framework, by, today: datetime.date):
    """Art. 12.3: keep a certificate valid past its expiry until its re-evaluation result, at most
    the framework's extension (180 days). Only for a certificate whose window closed before the
    framework came into force, with a re-evaluation dossier renewing it, by the province's staff.

    Side effects: status EXTENDED with `extended_until` (event, audit entry, public pages dropped
    from the cache). Raises PermissionDenied or ValidationError (nothing changes).
    """
    from django.core.exceptions import PermissionDenied

    from ..enums import CertificateStatus, DossierKind, DossierState
    from ..models import Dossier
    from .certificates.status import certificate_set_status

    if not (by.is_authenticated and covers(by.staff_province_id, certificate.province_id)):
        raise PermissionDenied(_("Chỉ cán bộ của tỉnh cấp giấy chứng nhận được gia hạn."))
    limit = extension_limit(framework, certificate)
    if limit is None or not window_closed_before_the_law(framework, certificate):
        raise ValidationError(
            _(
                "Giấy chứng nhận %(number)s không thuộc trường hợp gia hạn (Điều 12 khoản 3): chủ thể còn "
                "thời hạn nộp hồ sơ đánh giá lại theo quy định mới."
            )
            % {"number": certificate.number}
        )
    if today > limit:
        raise ValidationError(_("Đã quá thời hạn gia hạn tối đa (%(date)s).") % {"date": _date(limit)})
    renewing = Dossier.objects.filter(renews_certificate=certificate, kind=DossierKind.REEVALUATION).exclude(
        state=DossierState.WITHDRAWN
    )
    if not renewing.exists():
        raise ValidationError(_("Chưa có hồ sơ đánh giá lại cho giấy chứng nhận này."))
    if certificate.status not in (CertificateStatus.VALID, CertificateStatus.EXPIRING, CertificateStatus.EXPIRED):
        raise ValidationError(
            _("Giấy chứng nhận đang ở trạng thái “%(status)s”, không gia hạn được.")
            % {"status": certificate.get_status_display()}
        )
    return certificate_set_status(
        certificate=certificate,
        to=CertificateStatus.EXTENDED,
        on=today,
        reason=_("Gia hạn đến khi có kết quả đánh giá lại, chậm nhất ngày %(date)s (Điều 12 khoản 3)")
        % {"date": _date(limit)},
        by=by,
        extended_until=limit,
    )
