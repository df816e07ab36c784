"""Public reports of misuse of the OCOP mark."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop_portal.core.jurisdiction import staff_provinces_of
from ocop_portal.core.services import audit_log, notify
from ocop_portal.core.text import defang_links

from ...models import Certificate, MisuseReport


def misuse_report_create(
    *, certificate: Certificate, message: str, where_seen: str = "", reporter_name: str = "", reporter_contact: str = ""
) -> MisuseReport:
    """Store a public report of misuse of the OCOP mark for the province staff.

    Side effects: one MisuseReport, and an in-portal notification to the certificate province's
    staff (no e-mail address of the reporter is ever sent on).
    """
    from ocop_portal.accounts.models import User

    report = MisuseReport(
        certificate=certificate,
        code=certificate.public_code,
        message=message,
        where_seen=where_seen,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
        staff = User.objects.filter(is_active=True, staff_province_id__in=staff_provinces_of([certificate.province_id]))
        notify(
            recipients=staff,
            subject=_("Phản ánh sử dụng sai nhãn OCOP: %(number)s") % {"number": certificate.number},
            # Relayed to every staff member's mailbox: no link in it may be clickable.
            body=defang_links(message[:500]),
            url=reverse("evaluation:misuse_report_list"),
        )
    return report


def misuse_report_mark_handled(*, report: MisuseReport, by) -> MisuseReport:
    """Side effects: the report's `handled` flag and one audit entry."""
    if not report.handled:
        report.handled = True
        report.save(update_fields=["handled"])
        audit_log(
            actor=by, action="certificate.misuse_report_handled", obj=report, changes={"handled": ["False", "True"]}
        )
    return report
