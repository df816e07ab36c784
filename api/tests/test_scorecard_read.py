"""Issue 18 (Also): reading one's scorecard through the API writes nothing. Before the first save
it answers with the card that saving would open (id null); the first save opens it."""

import pytest

from evaluation.enums import AssignmentState
from evaluation.models import ConflictDeclaration, CouncilAssignment, Scorecard
from evaluation.services.councils import council_assign
from evaluation.tests.test_councils import P55, accepted_dossier, make_council, score
from ocop_portal.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def before_council(province, district, commune, district_officer):
    council, (chair, _vice, seat, _fourth) = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    (assignment,) = council_assign(council=council, dossiers=[dossier], by=district_officer)
    return {"assignment": assignment, "seat": seat, "chair": chair}


def _url(assignment):
    return f"/api/v1/assignments/{assignment.pk}/scorecard/"


def test_reading_a_card_not_yet_opened_writes_nothing_and_the_first_save_opens_it(api, before_council):
    assignment, seat = before_council["assignment"], before_council["seat"]
    # A declaration made before declaring opened the card (or by another path): no card yet.
    ConflictDeclaration.objects.create(assignment=assignment, member=seat, has_conflict=False)
    client = api(seat.user)
    audit_before = AuditEntry.objects.count()

    first, second = client.get(_url(assignment)), client.get(_url(assignment))

    assert first.status_code == second.status_code == 200, first.content
    card = first.json()
    assert (card["id"], card["state"], card["revision"], card["answers"]) == (None, "draft", 1, [])
    assert card["progress"]["answered"] == 0 and len(card["criteria"]) == card["progress"]["total"] > 0
    assert not Scorecard.objects.filter(assignment=assignment, member=seat).exists()
    assert AuditEntry.objects.count() == audit_before

    criterion = card["criteria"][0]
    saved = client.post(
        f"{_url(assignment)}answers/",
        {"answers": [{"criterion": criterion["id"], "option": criterion["options"][-1]["id"], "comment": ""}]},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    opened = Scorecard.objects.get(assignment=assignment, member=seat)
    assert client.get(_url(assignment)).json()["id"] == opened.pk == saved.json()["id"]


def test_in_reconciliation_the_read_shows_the_carried_answers_without_opening_the_new_round(api, before_council):
    assignment, seat = before_council["assignment"], before_council["seat"]
    score(assignment, seat, P55)
    earlier = Scorecard.objects.get(assignment=assignment, member=seat)
    CouncilAssignment.objects.filter(pk=assignment.pk).update(revision=2, state=AssignmentState.RECONCILIATION)

    card = api(seat.user).get(_url(assignment)).json()

    assert (card["id"], card["revision"], card["state"]) == (None, 2, "draft")
    assert sorted(a["criterion"] for a in card["answers"]) == sorted(
        earlier.answers.values_list("criterion_id", flat=True)
    )
    assert card["total"] == str(earlier.total)
    assert list(Scorecard.objects.filter(assignment=assignment, member=seat).values_list("revision", flat=True)) == [1]


def test_the_read_refuses_as_opening_would(api, before_council, district_officer):
    assignment, seat = before_council["assignment"], before_council["seat"]
    undeclared = api(seat.user).get(_url(assignment))
    assert undeclared.status_code == 400 and "khai báo xung đột" in undeclared.content.decode()
    assert api(district_officer).get(_url(assignment)).status_code in (403, 404)
    ConflictDeclaration.objects.create(assignment=assignment, member=seat, has_conflict=False)
    CouncilAssignment.objects.filter(pk=assignment.pk).update(state=AssignmentState.CLOSED)
    closed = api(seat.user).get(_url(assignment))
    assert closed.status_code == 400 and "kết thúc" in closed.content.decode()
    assert not Scorecard.objects.filter(assignment=assignment, member=seat).exists()
