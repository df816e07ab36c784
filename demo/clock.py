"""The demo's own timeline: the steps of a past dossier happen on the days of its round, not on
the day the demo is loaded (issue 19.13: a 2023 dossier must not say it was submitted today).

The services stamp their rows with `django.utils.timezone.now()` (submitted_at, transitions,
uploads, scorecards, closing a council, notifications); while `Story.step()` is active that
answers the story's current day, a minute later at each call so the order of events is kept.
The audit log keeps the real time of writing: its timestamps are fixed when the row is built.
"""

import datetime
import itertools
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

# Days after the story's start at which each step happens, and the gap kept before the decision.
STEP_DAYS = {"open": 0, "fill": 2, "submit": 5, "accept": 12, "return": 12, "score": 22}
SECOND_SCORE_DAYS = 10
BEFORE_DECISION = 3


@contextmanager
def as_of(day: datetime.date):
    """timezone.now() answers `day` from 08:00 local time on, a minute later at each call."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))
    minutes = itertools.count()

    def now():
        return start + datetime.timedelta(minutes=next(minutes))

    with mock.patch("django.utils.timezone.now", now):
        yield


class Story:
    """One past dossier's days, counted back from the decision that ends it: opened `days` before
    it, then filled, submitted, checked and scored on the STEP_DAYS, never later than a few days
    before the decision."""

    def __init__(self, ends: datetime.date, days: int = 50):
        self.start = ends - datetime.timedelta(days=days)
        self.last = ends - datetime.timedelta(days=BEFORE_DECISION)
        self.scores = 0

    def day(self, step: str) -> datetime.date:
        offset = STEP_DAYS[step]
        if step == "score":
            offset += SECOND_SCORE_DAYS * self.scores
            self.scores += 1
        return min(self.start + datetime.timedelta(days=offset), self.last)

    @contextmanager
    def step(self, name: str):
        with as_of(self.day(name)):
            yield
