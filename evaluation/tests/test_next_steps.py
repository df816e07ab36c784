"""Issue 19, item 1: every state a dossier waits in shows, to whoever acts on it, a card on the home
page (the count and a link) and a button on the dossier's page that performs the step.

Table-driven both ways: every non-terminal `DossierState` has a step in `next_steps.STEPS`, and
every step has a builder here that puts a dossier in it — a new state or step without the other
fails."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import next_steps
from evaluation.enums import AdvisoryKind, AssignmentState, DossierState, Level, Outcome
from evaluation.models import AdvisoryRecord, CouncilAssignment, DecisionItem, MinistrySubmission, Scorecard
from evaluation.next_steps import STEPS, TERMINAL_STATES, awaiting_decision, waiting_counts
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, DossierFactory, RoundFactory, framework
from evaluation.tests.test_certificates_helpers import recognition_decision
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(province, district, commune, producer_record, producer, commune_officer, district_officer, province_staff):
    member = f.UserFactory(username="member", full_name="Thành viên Hội đồng")
    return {
        "producer_record": producer_record,
        "producer": producer,
        "commune": commune_officer,
        "district": district_officer,
        "province": province_staff,
        "member": member,
        "units": {"province": province, "district": district},
    }


def _dossier(world, state, level, *, code="148", name=None):
    units = world["units"]
    product = f.ProductFactory(producer=world["producer_record"], **({"name": name} if name else {}))
    round_ = RoundFactory(province=units["province"], framework=framework(code))
    return DossierFactory(product=product, round=round_, state=state, current_level=level)


def _council(world, level):
    units = world["units"]
    jurisdiction = units["district"] if level == Level.DISTRICT else units["province"]
    return CouncilFactory(province=units["province"], level=level, jurisdiction=jurisdiction)


def _assignment(world, dossier, level, *, state=AssignmentState.SCORING, outcome="", stars=None):
    council = _council(world, level)
    CouncilMemberFactory(council=council, user=world["member"])
    return CouncilAssignment.objects.create(
        council=council,
        dossier=dossier,
        level=level,
        state=state,
        outcome=outcome,
        final_stars=stars,
        mean_score=Decimal("81.75") if state == AssignmentState.CLOSED else None,
        closed_at=timezone.now() if state == AssignmentState.CLOSED else None,
    )


def _scoring(level):
    def build(world):
        dossier = _dossier(world, DossierState.IN_SCORING, level)
        _assignment(world, dossier, level)
        return dossier

    return build


def _scored(level, outcome=Outcome.RECOGNISE, stars=None):
    stars = stars or (3 if level == Level.DISTRICT else 4)

    def build(world):
        dossier = _dossier(world, DossierState.SCORED, level)
        _assignment(world, dossier, level, state=AssignmentState.CLOSED, outcome=outcome, stars=stars)
        return dossier

    return build


def _at_the_ministry(*, code="26/2026", approved=False, sent=False):
    def build(world):
        dossier = _dossier(world, DossierState.FORWARDED, Level.CENTRAL, code=code)
        _assignment(world, dossier, Level.PROVINCE, state=AssignmentState.CLOSED, outcome=Outcome.FORWARD, stars=5)
        if approved:
            MinistrySubmission.objects.create(
                dossier=dossier,
                approval_number="12/QĐ-UBND",
                approval_date=datetime.date(2026, 11, 1),
                approval_signer="Lê Văn Chủ tịch",
                approved_by=world["province"],
                sent_at=timezone.now() if sent else None,
                sent_by=world["province"] if sent else None,
            )
        return dossier

    return build


def _advisory(world):
    dossier = _dossier(world, DossierState.IN_SCORING, Level.PROVINCE, code="26/2026")
    _assignment(world, dossier, Level.PROVINCE)
    return dossier


BUILDERS = {
    "draft_submit": lambda world: _dossier(world, DossierState.DRAFT, Level.DISTRICT),
    "returned_resubmit": lambda world: _dossier(world, DossierState.RETURNED, Level.DISTRICT),
    "commune_intake": lambda world: _dossier(world, DossierState.SUBMITTED, Level.COMMUNE, code="26/2026"),
    "district_check": lambda world: _dossier(world, DossierState.SUBMITTED, Level.DISTRICT),
    "province_check": lambda world: _dossier(world, DossierState.SUBMITTED, Level.PROVINCE),
    "accepted_district_council": lambda world: _dossier(world, DossierState.ACCEPTED, Level.DISTRICT),
    "accepted_province_council": lambda world: _dossier(world, DossierState.ACCEPTED, Level.PROVINCE),
    "forwarded_district_council": lambda world: _dossier(world, DossierState.FORWARDED, Level.DISTRICT),
    "forwarded_province_council": lambda world: _dossier(world, DossierState.FORWARDED, Level.PROVINCE),
    "scoring_member": _scoring(Level.DISTRICT),
    "scoring_district_close": _scoring(Level.DISTRICT),
    "scoring_province_close": _scoring(Level.PROVINCE),
    "advisory_report": _advisory,
    "decide_district": _scored(Level.DISTRICT),
    "decide_province": _scored(Level.PROVINCE),
    "decide_central": _at_the_ministry(code="148"),
    "five_star_approve": _at_the_ministry(),
    "five_star_send": _at_the_ministry(approved=True),
    "five_star_outcome": _at_the_ministry(approved=True, sent=True),
}


def test_every_waiting_state_has_a_step_and_every_step_a_builder():
    waiting = {state for state in DossierState if state not in TERMINAL_STATES}
    assert waiting <= {step.state for step in STEPS}, "a waiting state without a next step"
    assert {step.state for step in STEPS}.isdisjoint(TERMINAL_STATES)
    assert set(BUILDERS) == {step.key for step in STEPS}
    assert len({step.key for step in STEPS}) == len(STEPS)


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.key)
def test_the_actor_sees_a_card_and_a_button_that_performs_the_step(step, world, client_for):
    dossier = BUILDERS[step.key](world)
    actor = world[step.actor]

    counts = {s.key: count for s, count in waiting_counts(actor)}
    assert counts[step.key] == 1

    home = client_for(actor).get(reverse("core:home"))
    assert home.status_code == 200
    assert str(step.card) in home.content.decode()

    page = client_for(actor).get(reverse("evaluation:dossier_detail", args=[dossier.pk]))
    assert page.status_code == 200
    found = {n.step.key: n.url for n in page.context["next_steps"]}
    assert step.key in found
    html = page.content.decode()
    assert f'data-next-step="{step.key}"' in html
    assert str(step.button) in html
    # the button's target is a page of the portal that answers this actor
    target = found[step.key].split("#")[0]
    if step.post:
        assert target == reverse("evaluation:dossier_submit", args=[dossier.pk])
    else:
        # (a member who has not declared on conflicts is led to the declaration first)
        assert client_for(actor).get(target, follow=True).status_code == 200


@pytest.mark.parametrize("step", STEPS, ids=lambda step: step.key)
def test_others_see_no_button_for_a_step_not_theirs(step, world, client_for, plain_user):
    dossier = BUILDERS[step.key](world)
    for key in ("producer", "commune", "district", "province", "member"):
        user = world[key]
        if key == step.actor:
            continue
        assert step.key not in {n.step.key for n in next_steps.next_steps(dossier, user)}


def test_decided_and_withdrawn_wait_on_no_one(world):
    for state in TERMINAL_STATES:
        dossier = _dossier(world, state, Level.PROVINCE, name=f"Sản phẩm {state}")
        for key in ("producer", "commune", "district", "province", "member"):
            assert next_steps.next_steps(dossier, world[key]) == []


def test_the_council_button_preselects_the_dossier_on_the_councils_form(world, client_for):
    dossier = _dossier(world, DossierState.FORWARDED, Level.PROVINCE)
    council = _council(world, Level.PROVINCE)
    [found] = next_steps.next_steps(dossier, world["province"])
    assert found.url == f"{reverse('evaluation:council_assign', args=[council.pk])}?dossier={dossier.pk}"
    form = client_for(world["province"]).get(found.url).context["form"]
    assert form["dossiers"].initial == [dossier.pk]
    # without a council in office the button opens the form that creates one
    council.term_end = timezone.localdate() - datetime.timedelta(days=1)
    council.save()
    [found] = next_steps.next_steps(dossier, world["province"])
    assert found.url.startswith(reverse("evaluation:council_create"))


def test_a_decided_result_no_longer_waits_for_a_decision(world):
    dossier = _scored(Level.PROVINCE)(world)
    units = world["units"]
    assert list(awaiting_decision(next_steps.ACTORS["province"].scope(world["province"]), Level.PROVINCE)) == [dossier]
    DecisionItem.objects.create(
        decision=recognition_decision(province=units["province"], level=Level.PROVINCE),
        dossier=dossier,
        recognised_stars=4,
    )
    assert list(awaiting_decision(next_steps.ACTORS["province"].scope(world["province"]), Level.PROVINCE)) == []


def test_a_member_who_submitted_or_recused_is_no_longer_waited_on(world):
    dossier = _scoring(Level.DISTRICT)(world)
    assignment = dossier.assignments.get()
    seat = assignment.council.members.get(user=world["member"])
    assert [s.key for s in (n.step for n in next_steps.next_steps(dossier, world["member"]))] == ["scoring_member"]
    Scorecard.objects.create(assignment=assignment, member=seat, sheet=dossier.sheet, state="submitted")
    assert next_steps.next_steps(dossier, world["member"]) == []


def test_the_advisory_step_ends_with_the_teams_report(world):
    dossier = _advisory(world)
    keys = {n.step.key for n in next_steps.next_steps(dossier, world["province"])}
    assert "advisory_report" in keys
    AdvisoryRecord.objects.create(
        dossier=dossier, kind=AdvisoryKind.REPORT, on=timezone.localdate(), text="Báo cáo", by=world["province"]
    )
    keys = {n.step.key for n in next_steps.next_steps(dossier, world["province"])}
    assert "advisory_report" not in keys and "scoring_province_close" in keys


def test_the_cards_cost_the_same_queries_for_1_and_4_waiting_dossiers(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.dashboard import next_step_panels

    staff = world["province"]
    _scored(Level.PROVINCE)(world)
    next_step_panels(staff)
    with CaptureQueriesContext(connection) as one:
        next_step_panels(staff)
    for _ in range(3):
        _scored(Level.PROVINCE)(world)
        _dossier(world, DossierState.FORWARDED, Level.PROVINCE)
    with CaptureQueriesContext(connection) as many:
        panels = {panel.title: panel.count for panel in next_step_panels(staff)}
    assert panels["Kết quả cấp tỉnh chờ ra quyết định công nhận"] == 4
    assert panels["Hồ sơ đã chuyển lên, chờ Hội đồng cấp tỉnh"] == 3
    assert len(many) == len(one) <= len([s for s in STEPS if s.actor == "province"]) + 2


def test_the_dossier_page_costs_the_same_queries_however_many_dossiers_wait(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dossier = _scored(Level.PROVINCE)(world)
    client = client_for(world["province"])
    url = reverse("evaluation:dossier_detail", args=[dossier.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        _scored(Level.PROVINCE)(world)
        _dossier(world, DossierState.FORWARDED, Level.PROVINCE)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert [n.step.key for n in response.context["next_steps"]] == ["decide_province"]
    assert len(many) == len(one)
