"""The province's calendar-day clocks under QĐ 26/2026, shown on the queues and the dossier's page:

- **re-evaluation (Art. 7.6):** the council decides a re-evaluation dossier within the framework's
  `reevaluation_days` (45) from the complete dossier — the day the checked dossier reached the
  province (its first forwarding to the province's level);
- **transition (Art. 12):** a dossier filed (first submitted) before a framework came into force
  finishes under its old framework within `transition_new_days` (60: new, upgrade) or
  `transition_reevaluation_days` (30: re-evaluation) from that day.

Days are counted as the Civil Code counts a period in days (Art. 147): the starting day is not
counted, so a 45-day clock started on 1/9 ends on 16/9 — day 45 is still in time, day 46 is late.
A daily reminder (beat) goes to the province's staff when WARN_DAYS are left and on the last day.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Min
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import notify

from ..enums import DossierKind, DossierState, Level
from ..models import Dossier, DossierTransition, Framework

WARN_DAYS = 7
REEVALUATION = "reevaluation"
TRANSITION = "transition"
# Filed and not finished: the states a transition deadline binds.
FILED_STATES = (
    DossierState.SUBMITTED,
    DossierState.RETURNED,
    DossierState.ACCEPTED,
    DossierState.FORWARDED,
    DossierState.IN_SCORING,
    DossierState.SCORED,
)
# At the province's council: the states the re-evaluation clock binds.
COUNCIL_STATES = (DossierState.FORWARDED, DossierState.IN_SCORING, DossierState.SCORED)


@dataclass(frozen=True)
class DayClock:
    kind: str  # REEVALUATION or TRANSITION
    started: datetime.date
    days: int
    today: datetime.date
    framework: str = ""  # the old framework a transition dossier finishes under

    @property
    def deadline(self) -> datetime.date:
        return self.started + datetime.timedelta(days=self.days)

    @property
    def left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def day(self) -> int:
        """The day of the period today is (1 the day after the start)."""
        return (self.today - self.started).days

    @property
    def overdue(self) -> bool:
        return self.today > self.deadline

    @property
    def warn(self) -> bool:
        return not self.overdue and self.left <= WARN_DAYS


def _frameworks() -> dict[int, Framework]:
    return {fw.pk: fw for fw in Framework.objects.only("pk", "code", "valid_from", "clocks", "procedure")}


def _successor(old: Framework, frameworks) -> Framework | None:
    """The earliest framework with transition clocks that came into force after `old`."""
    later = [
        fw
        for fw in frameworks.values()
        if fw.valid_from > old.valid_from and fw.clock("transition_new_days") is not None
    ]
    return min(later, key=lambda fw: fw.valid_from) if later else None


def _candidates(dossiers) -> list:
    return [d for d in dossiers if d.state in FILED_STATES]


def dossier_day_clocks(dossiers, today: datetime.date | None = None) -> dict[int, list[DayClock]]:
    """Dossier id → its running calendar-day clocks. Two queries at most (frameworks, then the
    dates from the transitions of the dossiers concerned), none when no dossier is filed and open."""
    today = today or timezone.localdate()
    candidates = _candidates(dossiers)
    if not candidates:
        return {}
    frameworks = _frameworks()
    transition_ids, reevaluation_ids = [], []
    for dossier in candidates:
        framework = frameworks[dossier.round.framework_id]
        successor = _successor(framework, frameworks)
        # created before the successor came into force: it may have been filed before as well
        if successor is not None and timezone.localtime(dossier.created_at).date() < successor.valid_from:
            transition_ids.append(dossier.pk)
        if (
            dossier.kind == DossierKind.REEVALUATION
            and dossier.state in COUNCIL_STATES
            and framework.clock("reevaluation_days")
        ):
            reevaluation_ids.append(dossier.pk)
    if not (transition_ids or reevaluation_ids):
        return {}
    dates = (
        DossierTransition.objects.filter(
            dossier_id__in=transition_ids + reevaluation_ids,
            to_state__in=[DossierState.SUBMITTED, DossierState.FORWARDED],
        )
        .values("dossier_id", "to_state", "level")
        .annotate(first=Min("at"))
        .order_by()
    )
    filed, complete = {}, {}
    for row in dates:
        day = timezone.localtime(row["first"]).date()
        if row["to_state"] == DossierState.SUBMITTED:
            filed[row["dossier_id"]] = min(day, filed.get(row["dossier_id"], day))
        if row["to_state"] == DossierState.FORWARDED and row["level"] == Level.PROVINCE:
            complete[row["dossier_id"]] = min(day, complete.get(row["dossier_id"], day))
    clocks: dict[int, list[DayClock]] = {}
    for dossier in candidates:
        framework = frameworks[dossier.round.framework_id]
        if dossier.pk in transition_ids and dossier.pk in filed:
            successor = _successor(framework, frameworks)
            if filed[dossier.pk] < successor.valid_from:
                name = (
                    "transition_reevaluation_days"
                    if dossier.kind == DossierKind.REEVALUATION
                    else "transition_new_days"
                )
                clocks.setdefault(dossier.pk, []).append(
                    DayClock(TRANSITION, successor.valid_from, successor.clock(name), today, framework.code)
                )
        if dossier.pk in reevaluation_ids and dossier.pk in complete:
            clocks.setdefault(dossier.pk, []).append(
                DayClock(REEVALUATION, complete[dossier.pk], framework.clock("reevaluation_days"), today)
            )
    return clocks


def attach_day_clocks(dossiers, today: datetime.date | None = None) -> None:
    """Set `.day_clocks` (a list, maybe empty) on each dossier of a page."""
    clocks = dossier_day_clocks(dossiers, today)
    for dossier in dossiers:
        dossier.day_clocks = clocks.get(dossier.pk, [])


def day_clock_reminders(today: datetime.date) -> int:
    """Remind the province's staff of a running clock WARN_DAYS before its end and on its last
    day. Run once a day (beat); returns the number of reminders."""
    from ocop_portal.accounts.models import User

    open_dossiers = list(
        Dossier.objects.filter(state__in=FILED_STATES).select_related("round", "product").order_by("pk")
    )
    clocks = dossier_day_clocks(open_dossiers, today)
    sent = 0
    for dossier in open_dossiers:
        for clock in clocks.get(dossier.pk, []):
            if clock.left not in (WARN_DAYS, 0):
                continue
            values = {
                "product": dossier.product.name,
                "left": clock.left,
                "deadline": formats.date_format(clock.deadline, "SHORT_DATE_FORMAT"),
                "days": clock.days,
                "framework": clock.framework,
            }
            if clock.kind == REEVALUATION:
                subject = (
                    _(
                        "Hồ sơ đánh giá lại “%(product)s”: còn %(left)s ngày để Hội đồng quyết định "
                        "(%(days)s ngày, hạn %(deadline)s)"
                    )
                    % values
                )
            else:
                subject = (
                    _(
                        "Hồ sơ “%(product)s” nộp theo %(framework)s: còn %(left)s ngày để hoàn thành theo quy định cũ "
                        "(hạn %(deadline)s)"
                    )
                    % values
                )
            recipients = User.objects.filter(is_active=True, staff_province_id=dossier.province_id)
            notify(
                recipients=list(recipients),
                subject=subject,
                url=reverse("evaluation:dossier_detail", args=[dossier.pk]),
            )
            sent += 1
    return sent
