"""Re-evaluation under QĐ 26/2026 at the province (Art. 7.6, 12): the council decides by written
opinions — members score as usual, a spread within the council's rule closes without a meeting,
beyond it a meeting (reconciliation) — within 45 days of the complete dossier, a clock shown on
the queues and the dossier's page with a reminder (day 45 in time, day 46 late); and the Art. 12
transition: a dossier filed before 22/05/2026 finishes under its old framework within 60 days
(new, upgrade) or 30 (re-evaluation), each boundary pinned from both sides."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import AssignmentState, DossierKind, DossierState, Level
from evaluation.models import Dossier
from evaluation.services.councils import assignment_close
from evaluation.services.province_clocks import REEVALUATION, TRANSITION, day_clock_reminders, dossier_day_clocks
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory, RoundFactory, framework
from evaluation.tests.test_councils import score
from evaluation.tests.test_province_advisory import before_council, province_dossier
from ocop_portal.core.models import Notification
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date.fromisoformat

# 4.1 has a 14-point option so that a total of 89 is possible: 100 − 90 = 10 (within), 100 − 89 = 11.
SPEC = [
    ("A", 1, "1.1", [(0, None), (10, 3), (20, 4), (40, None)]),
    ("B", 4, "4.1", [(0, None), (14, None), (15, None), (25, None)]),
    ("C", 6, "6.1", [(0, None), (5, 3), (20, None), (35, None)]),
]


def reevaluation(province, commune, staff, kind=DossierKind.REEVALUATION):
    return province_dossier(
        province=province, commune=commune, staff=staff, group="I", set_code="01", spec=SPEC, kind=kind
    )


@pytest.mark.parametrize(
    ("last", "state", "method"),
    [("15", AssignmentState.CLOSED, "written"), ("14", AssignmentState.RECONCILIATION, None)],
)
def test_written_opinions_settle_when_the_last_member_sends_theirs(
    province, commune, province_staff, last, state, method
):
    dossier = reevaluation(province, commune, province_staff)
    assignment, members, _helper = before_council(province, dossier, province_staff)
    for member in members[:3]:
        score(assignment, member)  # 100 each
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SCORING  # one opinion still awaited: nothing settles
    score(assignment, members[3], {"4.1": last})  # 90 (spread 10) or 89 (spread 11)
    assignment.refresh_from_db()
    dossier.refresh_from_db()
    assert assignment.state == state
    if method:
        assert (assignment.result["method"], assignment.mean_score, dossier.state) == (
            "written",
            97.5,
            DossierState.FORWARDED,
        )
    else:
        assert (assignment.revision, dossier.state) == (2, DossierState.IN_SCORING)
        notice = Notification.objects.filter(recipient=members[0].user).latest("id")
        assert "Hội đồng họp để thống nhất" in notice.subject


def test_after_the_meeting_the_result_says_so(province, commune, province_staff):
    dossier = reevaluation(province, commune, province_staff)
    assignment, members, _helper = before_council(province, dossier, province_staff)
    for member in members[:3]:
        score(assignment, member)
    score(assignment, members[3], {"4.1": "14"})
    assignment.refresh_from_db()
    for member in members:
        score(assignment, member)  # revised at the meeting: 100 each
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.RECONCILIATION  # the meeting's chair closes it
    assignment_close(assignment=assignment, by=members[0].user)
    assignment.refresh_from_db()
    assert (assignment.state, assignment.result["method"]) == (AssignmentState.CLOSED, "meeting")


def test_the_result_page_says_how_the_council_decided(client_for, province, commune, province_staff):
    dossier = reevaluation(province, commune, province_staff)
    assignment, members, _helper = before_council(province, dossier, province_staff)
    for member in members:
        score(assignment, member)
    page = client_for(province_staff).get(reverse("evaluation:assignment_result", args=[assignment.pk]))
    assert "bằng ý kiến bằng văn bản: chênh lệch trong mức cho phép, không họp" in page.content.decode()


def test_a_new_dossier_is_not_decided_by_written_opinions(province, commune, province_staff):
    dossier = reevaluation(province, commune, province_staff, kind=DossierKind.NEW)
    assignment, members, _helper = before_council(province, dossier, province_staff)
    for member in members:
        score(assignment, member)
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SCORING
    assignment_close(assignment=assignment, by=members[0].user)
    assignment.refresh_from_db()
    assert "method" not in assignment.result


# --- the 45-day clock ----------------------------------------------------------------------------


@pytest.fixture
def complete_on_1_september(province, commune, province_staff):
    with freeze_time("2026-09-01 09:00:00+07:00"):
        return reevaluation(province, commune, province_staff)


@pytest.mark.parametrize(
    ("today", "left", "overdue"),
    [("2026-09-02", 44, False), ("2026-10-16", 0, False), ("2026-10-17", -1, True)],
)
def test_the_45_day_clock_day_45_in_time_day_46_late(complete_on_1_september, today, left, overdue):
    (clock,) = dossier_day_clocks([complete_on_1_september], D(today))[complete_on_1_september.pk]
    assert (clock.kind, clock.started, clock.deadline) == (REEVALUATION, D("2026-09-01"), D("2026-10-16"))
    assert (clock.day, clock.left, clock.overdue) == ((D(today) - D("2026-09-01")).days, left, overdue)


def test_the_clock_stops_once_decided_or_not_yet_at_the_province(
    province, commune, province_staff, complete_on_1_september
):
    at_commune = DossierFactory(
        kind=DossierKind.REEVALUATION, state=DossierState.SUBMITTED, current_level=Level.COMMUNE
    )
    decided = Dossier.objects.get(pk=complete_on_1_september.pk)
    decided.state = DossierState.DECIDED
    assert dossier_day_clocks([at_commune, decided], D("2026-09-10")) == {}


@pytest.mark.parametrize(
    ("today", "sent"), [("2026-10-08", 0), ("2026-10-09", 1), ("2026-10-10", 0), ("2026-10-16", 1), ("2026-10-17", 0)]
)
def test_reminders_seven_days_before_and_on_the_last_day(complete_on_1_september, province_staff, today, sent):
    assert day_clock_reminders(D(today)) == sent
    subjects = list(
        Notification.objects.filter(recipient=province_staff, subject__contains="Hội đồng quyết định").values_list(
            "subject", flat=True
        )
    )
    assert len(subjects) == sent


def test_the_clock_on_the_queue_and_the_dossier_page(client_for, complete_on_1_september, province_staff):
    client = client_for(province_staff)
    with freeze_time("2026-10-12"):
        queue = client.get(reverse("evaluation:dossier_queue")).content.decode()
        page = client.get(reverse("evaluation:dossier_detail", args=[complete_on_1_september.pk])).content.decode()
        work = client.get(reverse("evaluation:province_work")).content.decode()
    for body in (queue, page, work):
        assert 'data-day-clock="reevaluation" data-clock-state="warn"' in body
        assert "còn 4 ngày trong hạn 45 ngày (16/10/2026)" in body


# --- Art. 12 transition ----------------------------------------------------------------------------


def old_dossier(province, commune, staff, filed: str, kind=DossierKind.NEW, code="148"):
    with freeze_time(f"{filed} 10:00:00+07:00"):
        product = f.ProductFactory(producer=f.ProducerFactory(commune=commune))
        dossier = DossierFactory(
            product=product, kind=kind, round=RoundFactory(framework=framework(code), province=province)
        )
        dossier_transition(dossier, DossierState.SUBMITTED, by=staff)
    return dossier


@pytest.mark.parametrize(
    ("filed", "kind", "deadline"),
    [
        ("2026-05-21", DossierKind.NEW, "2026-07-21"),
        ("2026-05-21", DossierKind.UPGRADE, "2026-07-21"),
        ("2026-05-21", DossierKind.REEVALUATION, "2026-06-21"),
        ("2026-05-22", DossierKind.NEW, None),  # filed on the day the new framework came into force
        ("2026-05-22", DossierKind.REEVALUATION, None),
    ],
)
def test_transition_binds_dossiers_filed_before_22_may(province, commune, province_staff, filed, kind, deadline):
    dossier = old_dossier(province, commune, province_staff, filed, kind)
    clocks = dossier_day_clocks([dossier], D("2026-06-01")).get(dossier.pk, [])
    if deadline is None:
        assert clocks == []
        return
    (clock,) = clocks
    assert (clock.kind, clock.framework, clock.deadline) == (TRANSITION, "148", D(deadline))


@pytest.mark.parametrize(
    ("kind", "last_day"), [(DossierKind.NEW, "2026-07-21"), (DossierKind.REEVALUATION, "2026-06-21")]
)
def test_transition_deadline_both_sides(province, commune, province_staff, kind, last_day):
    dossier = old_dossier(province, commune, province_staff, "2026-05-20", kind)
    last = D(last_day)
    (on_time,) = dossier_day_clocks([dossier], last)[dossier.pk]
    (late,) = dossier_day_clocks([dossier], last + datetime.timedelta(days=1))[dossier.pk]
    assert (on_time.left, on_time.overdue, late.left, late.overdue) == (0, False, -1, True)


def test_the_first_filing_counts_not_a_resubmission(province, commune, province_staff):
    dossier = old_dossier(province, commune, province_staff, "2026-05-21")
    with freeze_time("2026-05-25 10:00:00+07:00"):
        dossier_transition(dossier, DossierState.RETURNED, by=province_staff, note="Thiếu minh chứng")
        dossier_transition(dossier, DossierState.SUBMITTED, by=province_staff)
    (clock,) = dossier_day_clocks([dossier], D("2026-06-01"))[dossier.pk]
    assert clock.deadline == D("2026-07-21")


def test_a_decided_dossier_has_no_transition_deadline(province, commune, province_staff):
    dossier = old_dossier(province, commune, province_staff, "2026-05-21")
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.DECIDED)
    dossier.refresh_from_db()
    assert dossier_day_clocks([dossier], D("2026-06-01")) == {}


def test_transition_deadline_shown_on_the_queue_and_the_page(client_for, province, commune, province_staff):
    dossier = old_dossier(province, commune, province_staff, "2026-05-21")
    client = client_for(province_staff)
    with freeze_time("2026-07-25"):
        queue = client.get(reverse("evaluation:dossier_queue")).content.decode()
        page = client.get(reverse("evaluation:dossier_detail", args=[dossier.pk])).content.decode()
    for body in (queue, page):
        assert 'data-day-clock="transition" data-clock-state="overdue"' in body
        assert "Chuyển tiếp, theo 148: đã quá thời hạn 60 ngày (hạn 21/07/2026)" in body
