"""Answers made offline, sent when the connection returns: saved only on the base the device
started from; every conflict answers 409 with the server's value and writes nothing."""

import pytest
from django.urls import reverse

from evaluation.enums import ScorecardState
from evaluation.models import ConflictDeclaration, ScorecardAnswer
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.scorecards import scorecard_answer, scorecard_open, sheet_criteria
from evaluation.tests.test_councils import P55, P85, accepted_dossier, make_council, score


@pytest.fixture
def scene(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    member = members[2]
    card = score(assignment, member, submit=False)
    ScorecardAnswer.objects.filter(scorecard=card).delete()  # an empty draft: nothing answered yet
    criteria = {c.code: c for c in sheet_criteria(dossier)}
    return {"assignment": assignment, "members": members, "member": member, "card": card, "criteria": criteria}


def option(criterion, points):
    return next(o.id for o in criterion.options if o.points == points)


def sync(client, scene, code, points, *, base=None, comment="", base_comment="", card=None, user=None):
    client.force_login(user or scene["member"].user)
    criterion = scene["criteria"][code]
    data = {
        "card": (card or scene["card"]).pk,
        "option": option(criterion, points) if points is not None else "",
        "comment": comment,
        "base_option": option(criterion, base) if base is not None else "",
        "base_comment": base_comment,
    }
    url = reverse("evaluation:scorecard_sync", args=[scene["assignment"].pk, criterion.id])
    return client.post(url, data)


def stored(scene, code):
    answer = ScorecardAnswer.objects.filter(scorecard=scene["card"], criterion_id=scene["criteria"][code].id).first()
    return (answer.points, answer.comment) if answer else None


def test_an_answer_made_on_the_base_the_server_still_holds_is_saved(client, scene):
    response = sync(client, scene, "1.1", 10, comment="Chưa có VietGAP")
    assert (response.status_code, response.json()["status"]) == (200, "saved")
    assert stored(scene, "1.1") == (10, "Chưa có VietGAP")
    scene["card"].refresh_from_db()
    assert scene["card"].total == 10


def test_an_answer_changed_elsewhere_comes_back_with_both_values_and_nothing_written(client, scene):
    criterion = scene["criteria"]["1.1"]
    card = scorecard_open(assignment=scene["assignment"], user=scene["member"].user)
    scorecard_answer(  # the member's laptop, while the phone was offline
        scorecard=card, criterion_id=criterion.id, option_id=option(criterion, 20), comment="Từ máy tính",
        by=scene["member"].user,
    )  # fmt: skip

    response = sync(client, scene, "1.1", 40)  # the phone's answer, made on "nothing answered yet"

    assert response.status_code == 409
    assert response.json() == {
        "status": "conflict",
        "reason": "changed",
        "message": "Câu trả lời này đã được sửa ở nơi khác sau khi bạn sửa trên máy này.",
        "server": {"option": option(criterion, 20), "comment": "Từ máy tính"},
    }
    assert stored(scene, "1.1") == (20, "Từ máy tính")
    # the member keeps the phone's value knowingly: sent against the server's value, it is saved
    kept = sync(client, scene, "1.1", 40, base=20, base_comment="Từ máy tính")
    assert (kept.status_code, stored(scene, "1.1")) == (200, (40, ""))


def test_the_same_answer_that_reached_the_server_another_way_is_not_a_conflict(client, scene):
    assert sync(client, scene, "4.1", 25).status_code == 200
    assert sync(client, scene, "4.1", 25).status_code == 200  # sent twice (a retry after a lost reply)
    assert stored(scene, "4.1") == (25, "")


@pytest.mark.parametrize("reason", ["submitted", "closed", "recused", "revision"])
def test_a_card_that_can_no_longer_change_refuses_with_the_reason(client, scene, reason):
    assignment, members, member = scene["assignment"], scene["members"], scene["member"]
    if reason == "submitted":
        score(assignment, member, P85)
    elif reason == "closed":
        for other in (members[0], members[1], members[3]):
            score(assignment, other, P85)
        assignment_close(assignment=assignment, by=members[0].user)
    elif reason == "recused":
        ConflictDeclaration.objects.filter(assignment=assignment, member=member).update(has_conflict=True)
    else:  # the others' spread opens reconciliation while the member's card is still a draft
        score(assignment, members[0], P85)
        score(assignment, members[1], P85)
        score(assignment, members[3], P55)
        assignment_close(assignment=assignment, by=members[0].user)  # 85 − 55 > 10: revision 2
    before = list(ScorecardAnswer.objects.filter(scorecard=scene["card"]).values_list("criterion_id", "points"))

    response = sync(client, scene, "6.1", 35, base=None)

    assert (response.status_code, response.json()["reason"]) == (409, reason)
    assert list(ScorecardAnswer.objects.filter(scorecard=scene["card"]).values_list("criterion_id", "points")) == before


def test_another_members_card_is_refused_and_unseen_assignments_are_404(client, scene, other_district_officer):
    other = score(scene["assignment"], scene["members"][3], submit=False)
    assert sync(client, scene, "1.1", 10, card=other).status_code == 403
    assert sync(client, scene, "1.1", 10, user=other_district_officer).status_code == 404
    assert other.state == ScorecardState.DRAFT and stored(scene, "1.1") is None


def test_bad_input_is_a_clear_400(client, scene):
    client.force_login(scene["member"].user)
    url = reverse("evaluation:scorecard_sync", args=[scene["assignment"].pk, scene["criteria"]["1.1"].id])
    response = client.post(url, {"card": "x", "option": "1"})
    assert (response.status_code, response.json()["status"]) == (400, "invalid")
    wrong = sync(client, scene, "1.1", None)  # clearing is allowed…
    assert wrong.status_code == 200
    foreign = client.post(url, {"card": scene["card"].pk, "option": 999999, "base_option": ""})
    assert (foreign.status_code, foreign.json()["message"]) == (400, "Phương án trả lời không thuộc tiêu chí này.")


def test_sign_out_tells_the_browser_to_clear_caches_and_storage(client, scene):
    client.force_login(scene["member"].user)
    response = client.post(reverse("accounts:logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_the_service_worker_is_served_from_the_root_for_the_whole_portal(client, db):
    response = client.get(reverse("core:service_worker"))
    assert (response.status_code, response["Service-Worker-Allowed"], response["Content-Type"]) == (
        200,
        "/",
        "text/javascript; charset=utf-8",
    )
    assert b"ocop-offline-v1" in response.content
