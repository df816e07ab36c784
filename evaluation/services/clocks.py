"""The commune's clock (QĐ 26/2026 Art. 7.2): a dossier received at a level that only checks must
be checked and sent on within the framework's working days (15), counted from the day after
receipt on Vietnam's working days (ocop_portal.core.workdays). Shown on every queue and on the
dossier's page; a daily reminder goes to the people it binds before it runs out.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import notify
from ocop_portal.core.workdays import WARN_WORKING_DAYS, Clock, working_day_clock

from ..enums import DossierState
from ..models import Dossier, FrameworkLevel

CLOCK_NAME = "commune_check_working_days"


def check_levels() -> dict[int, tuple[str, int]]:
    """Framework id → (the level that only checks, its working days), for frameworks with the
    clock. One query, whatever the number of dossiers a page shows."""
    levels = (
        FrameworkLevel.objects.filter(scores=False, framework__clocks__has_key=CLOCK_NAME)
        .select_related("framework")
        .only("framework_id", "level", "order", "framework__clocks")
        .order_by("order")
    )
    result = {}
    for level in levels:
        days = level.framework.clock(CLOCK_NAME)
        if days:
            result.setdefault(level.framework_id, (level.level, days))
    return result


def dossier_clock(dossier: Dossier, levels: dict, today: datetime.date | None = None) -> Clock | None:
    """The running clock of a dossier waiting for the commune's check, else None."""
    found = levels.get(dossier.round.framework_id)
    if found is None or dossier.state != DossierState.SUBMITTED or not dossier.submitted_at:
        return None
    level, working_days = found
    if dossier.current_level != level:
        return None
    received = timezone.localtime(dossier.submitted_at).date()
    return working_day_clock(received, working_days, today or timezone.localdate())


def attach_clocks(dossiers) -> None:
    """Set `.clock` on each dossier of a page (None when no clock runs); no query unless one of
    them waits for a check."""
    levels = check_levels() if any(d.state == DossierState.SUBMITTED for d in dossiers) else {}
    today = timezone.localdate()
    for dossier in dossiers:
        dossier.clock = dossier_clock(dossier, levels, today)


def clock_reminders(today: datetime.date) -> int:
    """Remind the people who check a dossier when WARN_WORKING_DAYS working days are left and on
    the last day. Run once a day (beat); returns the number of dossiers reminded."""
    from ocop_portal.accounts.models import User

    levels = check_levels()
    waiting = Dossier.objects.filter(
        state=DossierState.SUBMITTED, round__framework_id__in=levels, submitted_at__isnull=False
    ).select_related("round", "product")
    reminded = 0
    for dossier in waiting:
        clock = dossier_clock(dossier, levels, today)
        if clock is None or clock.left not in (WARN_WORKING_DAYS, 0):
            continue
        # the commune's officers (their step), the province's staff, the district's officers
        recipients = list(
            User.objects.filter(
                Q(staff_province_id=dossier.province_id) | Q(officer_commune_id=dossier.product.commune_id),
                is_active=True,
            )
        )
        if dossier.district_id:
            recipients += list(User.objects.filter(is_active=True, officer_district_id=dossier.district_id))
        values = {
            "product": dossier.product.name,
            "left": clock.left,
            "deadline": formats.date_format(clock.deadline, "SHORT_DATE_FORMAT"),
        }
        if clock.left:
            subject = _("Hồ sơ “%(product)s”: còn %(left)s ngày làm việc để kiểm tra (hạn %(deadline)s)") % values
        else:
            subject = _("Hồ sơ “%(product)s”: hôm nay là hạn cuối kiểm tra (%(deadline)s)") % values
        notify(recipients=recipients, subject=subject, url=reverse("evaluation:dossier_detail", args=[dossier.pk]))
        reminded += 1
    return reminded
