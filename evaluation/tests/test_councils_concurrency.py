"""Two members submitting at the same instant while the chair (and the province staff) close:
no score is lost and the result is computed once. Real parallel connections on PostgreSQL."""

import threading
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from evaluation import scoring
from evaluation.enums import AssignmentState, DossierState, MemberRole, ScorecardState
from evaluation.models import CouncilAssignment, DossierTransition, Scorecard
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.scorecards import scorecard_submit
from evaluation.tests.test_councils import P75, P85, accepted_dossier, make_council, score
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.integration


def _in_thread(barrier, outcomes, name, action):
    def run():
        try:
            barrier.wait()
            action()
            outcomes[name] = "ok"
        except ValidationError as error:
            outcomes[name] = error.messages[0]
        finally:
            connection.close()  # each thread had its own connection

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_submit_and_close_at_the_same_instant(attempt):
    province = f.ProvinceFactory()
    district = f.DistrictFactory(parent=province)
    commune = f.CommuneFactory(parent=district)
    officer = f.UserFactory(officer_district=district)
    staff = f.UserFactory(staff_province=province)
    # Eight members, six cards in before the race: ceil(75 % × 8) = 6, so a close always has a
    # result to compute whichever of the last two cards go in first.
    roles = (MemberRole.CHAIR, MemberRole.VICE_CHAIR) + (MemberRole.MEMBER,) * 6
    council, (chair, vice, *others, m1, m2) = make_council(province=province, jurisdiction=district, roles=roles)
    dossier = accepted_dossier(commune=commune, checker=officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=officer)[0]
    for member in (chair, vice, *others):
        score(assignment, member, P85)
    cards = {m.pk: score(assignment, m, P75, submit=False) for m in (m1, m2)}

    barrier = threading.Barrier(4)
    outcomes: dict = {}
    threads = [
        _in_thread(barrier, outcomes, "m1", lambda: scorecard_submit(scorecard=cards[m1.pk], by=m1.user)),
        _in_thread(barrier, outcomes, "m2", lambda: scorecard_submit(scorecard=cards[m2.pk], by=m2.user)),
        _in_thread(barrier, outcomes, "chair", lambda: assignment_close(assignment=assignment, by=chair.user)),
        _in_thread(barrier, outcomes, "staff", lambda: assignment_close(assignment=assignment, by=staff)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assignment = CouncilAssignment.objects.get(pk=assignment.pk)
    submitted = {
        c.member_id: c.total for c in Scorecard.objects.filter(assignment=assignment, state=ScorecardState.SUBMITTED)
    }
    closes = [outcomes["chair"], outcomes["staff"]]
    # Exactly one close computes the result; the other finds it closed.
    assert sorted(closes) == ["Hồ sơ này đã có kết quả chấm.", "ok"]
    assert assignment.state == AssignmentState.CLOSED
    assert AuditEntry.objects.filter(action="assignment.closed", object_id=str(assignment.pk)).count() == 1
    assert DossierTransition.objects.filter(dossier=dossier, to_state=DossierState.SCORED).count() == 1
    # Every card submitted is in the result, and every card in the result was submitted.
    counted = {row["member"]: D(row["counted"]) for row in assignment.result["members"] if row["present"]}
    assert counted == submitted
    # A submit either went in before the close (and counts) or was refused after it: never lost silently.
    for name, member in (("m1", m1), ("m2", m2)):
        if outcomes[name] == "ok":
            assert counted[member.pk] == D("75.00")
        else:
            assert (outcomes[name], member.pk in counted) == (
                "Hội đồng đã kết thúc chấm hồ sơ này; phiếu không được nộp.",
                False,
            )
    assert assignment.mean_score == scoring.mean(counted.values(), 2)
