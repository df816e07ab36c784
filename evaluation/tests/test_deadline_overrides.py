"""Closing a scoring session and recording a decision keep the round's deadlines: the deadline
day itself is in time, the day after is refused — unless province staff say why, which the
audit log keeps. Pages and API alike (issue 23)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from evaluation.enums import AssignmentState, DossierState, Level
from evaluation.models import CouncilAssignment, Decision, RoundDeadline
from evaluation.services.councils import assignment_close, council_assign
from evaluation.tests.test_councils import P55, accepted_dossier, make_council, score
from evaluation.tests.test_decisions import _record
from ocop_portal.core.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def session(province, district, commune, district_officer):
    """A district session with three submitted cards (55 points), ready to close."""
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    for member in members[:3]:
        score(assignment, member, P55, comment="Thiếu hồ sơ")
    return assignment


def _deadline(dossier, **dates):
    RoundDeadline.objects.update_or_create(round=dossier.round, level=Level.DISTRICT, defaults=dates)


def _overrides():
    return list(AuditEntry.objects.filter(action="round.late_override").values_list("changes", "note"))


@pytest.mark.parametrize(("days_left", "closes"), [(0, True), (-1, False)])
def test_closing_on_the_scoring_deadline_is_in_time_the_day_after_is_refused(
    session, district_officer, days_left, closes
):
    _deadline(session.dossier, scoring=TODAY() + days_left * DAY)
    if closes:
        assert assignment_close(assignment=session, by=district_officer).state == AssignmentState.CLOSED
    else:
        with pytest.raises(ValidationError) as refused:
            assignment_close(assignment=session, by=district_officer)
        assert "late_reason" in refused.value.message_dict
        session.refresh_from_db()
        assert session.state == AssignmentState.SCORING
    assert _overrides() == []


def test_a_late_close_needs_province_staff_and_a_reason(session, district_officer, province_staff):
    _deadline(session.dossier, scoring=TODAY() - DAY)
    with pytest.raises(PermissionDenied):
        assignment_close(assignment=session, by=district_officer, late_reason="Hội đồng họp muộn")
    with pytest.raises(ValidationError) as refused:
        assignment_close(assignment=session, by=province_staff, late_reason="   ")
    assert "Cán bộ Sở vẫn có thể" in refused.value.message_dict["late_reason"][0]
    assert CouncilAssignment.objects.get(pk=session.pk).state == AssignmentState.SCORING
    assert _overrides() == []

    assignment_close(assignment=session, by=province_staff, late_reason="Hội đồng họp muộn do bão")
    session.refresh_from_db()
    assert (session.state, session.dossier.state) == (AssignmentState.CLOSED, DossierState.SCORED)
    deadline = (TODAY() - DAY).strftime("%d/%m/%Y")
    assert _overrides() == [
        (
            {"round": session.dossier.round_id, "level": "district", "step": "scoring", "deadline": deadline},
            "Hội đồng họp muộn do bão",
        )
    ]


@pytest.fixture
def scored(session):
    assignment_close(assignment=session, by=session.council.members.first().user)
    session.dossier.refresh_from_db()
    return session.dossier


@pytest.mark.parametrize(("days_left", "records"), [(0, True), (-1, False)])
def test_a_decision_on_its_deadline_is_in_time_the_day_after_is_refused(scored, district_officer, days_left, records):
    _deadline(scored, decision=TODAY() + days_left * DAY)
    if records:
        _record(scored, by=district_officer)
    else:
        with pytest.raises(ValidationError) as refused:
            _record(scored, by=district_officer)
        assert "late_reason" in refused.value.message_dict
    assert Decision.objects.count() == (1 if records else 0)
    scored.refresh_from_db()
    assert scored.state == (DossierState.DECIDED if records else DossierState.SCORED)


def test_a_late_decision_is_recorded_by_province_staff_with_a_reason(scored, district_officer, province_staff):
    _deadline(scored, decision=TODAY() - DAY)
    with pytest.raises(PermissionDenied):
        _record(scored, by=district_officer, late_reason="Chờ ý kiến Sở")
    assert Decision.objects.count() == 0
    decision = _record(scored, by=province_staff, late_reason="UBND huyện ký muộn")
    overrides = AuditEntry.objects.filter(action="round.late_override")
    assert [(e.object_id, e.changes["step"], e.note) for e in overrides] == [
        (str(decision.pk), "decision", "UBND huyện ký muộn")
    ]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_refuses_a_late_close_and_takes_province_staff_s_reason(session, district_officer, province_staff):
    _deadline(session.dossier, scoring=TODAY() - DAY)
    url = f"/api/v1/assignments/{session.pk}/close/"
    refused = api(district_officer).post(url, {}, format="json")
    assert refused.status_code == 400 and "late_reason" in refused.json()
    assert api(district_officer).post(url, {"late_reason": "Họp muộn"}, format="json").status_code == 403
    closed = api(province_staff).post(url, {"late_reason": "Họp muộn"}, format="json")
    assert (closed.status_code, closed.json()["state"]) == (200, "closed")
    assert [note for _changes, note in _overrides()] == ["Họp muộn"]


def test_the_close_page_takes_province_staff_s_reason(client, session, province_staff):
    _deadline(session.dossier, scoring=TODAY() - DAY)
    client.force_login(province_staff)
    detail = client.get(reverse("evaluation:assignment_detail", args=[session.pk]))
    assert b'name="late_reason"' in detail.content
    url = reverse("evaluation:assignment_close", args=[session.pk])
    client.post(url, {})
    assert CouncilAssignment.objects.get(pk=session.pk).state == AssignmentState.SCORING
    client.post(url, {"late_reason": "Họp muộn do bão"})
    assert CouncilAssignment.objects.get(pk=session.pk).state == AssignmentState.CLOSED
    assert [note for _changes, note in _overrides()] == ["Họp muộn do bão"]
