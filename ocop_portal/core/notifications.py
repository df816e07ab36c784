"""The notification list, grouped the way people read it: by day, then notices of one kind."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

NOTIFICATIONS_PER_PAGE = 50


@dataclass
class NoticeGroup:
    """Notices of one day with the same subject (e.g. ten "Hồ sơ mới nộp"), newest first."""

    subject: str
    notes: list = field(default_factory=list)

    @property
    def unread(self) -> int:
        return sum(1 for note in self.notes if note.read_at is None)


@dataclass
class NoticeDay:
    day: date
    groups: list[NoticeGroup] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()

    @property
    def is_yesterday(self) -> bool:
        return self.day == timezone.localdate() - timedelta(days=1)


def notification_days(notes) -> list[NoticeDay]:
    """Group `notes` (newest first) by local day, and within a day by subject, keeping the order
    in which each subject first appears."""
    days: list[NoticeDay] = []
    for note in notes:
        day = timezone.localtime(note.created_at).date()
        if not days or days[-1].day != day:
            days.append(NoticeDay(day))
        groups = days[-1].groups
        group = next((g for g in groups if g.subject == note.subject), None)
        if group is None:
            group = NoticeGroup(note.subject)
            groups.append(group)
        group.notes.append(note)
    return days
