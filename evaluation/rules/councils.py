"""Who may act on councils, assignments, scorecards and decisions (django-rules).

Object predicates take (user, council) or (user, assignment). Visibility is a selector
(selectors/councils.py); these say what a user who can see the object may do with it.
"""

import rules

from ocop_portal.accounts.rules import is_district_officer, is_province_staff
from ocop_portal.core.jurisdiction import covers

from ..enums import Level
from ..selectors.councils import assignment_presiding_member


def manages_council(user, council) -> bool:
    """Province staff of the council's province; a district officer for their district's council."""
    if council is None or not user.is_authenticated:
        return False
    if covers(user.staff_province_id, council.province_id):
        return True
    return bool(
        council.level == Level.DISTRICT
        and user.officer_district_id
        and user.officer_district_id == council.jurisdiction_id
    )


manages_council = rules.predicate(manages_council)


def sits_on_council(user, council) -> bool:
    if council is None or not user.is_authenticated:
        return False
    return council.members.filter(user=user, active=True, is_support_team=False).exists()


sits_on_council = rules.predicate(sits_on_council)


def manages_assignment(user, assignment) -> bool:
    return bool(assignment is not None and manages_council(user, assignment.council))


manages_assignment = rules.predicate(manages_assignment)


def scores_assignment(user, assignment) -> bool:
    return bool(assignment is not None and sits_on_council(user, assignment.council))


scores_assignment = rules.predicate(scores_assignment)


def presides_assignment(user, assignment) -> bool:
    """The presiding member for this dossier (chair, or first vice-chair when the chair recused)."""
    if assignment is None or not user.is_authenticated:
        return False
    presiding = assignment_presiding_member(assignment)
    return bool(presiding and presiding.user_id == user.pk)


presides_assignment = rules.predicate(presides_assignment)


can_create_council = is_province_staff | is_district_officer
can_view_council = manages_council | sits_on_council
can_view_assignment = manages_assignment | scores_assignment
can_close_assignment = manages_assignment | presides_assignment
can_record_decision = is_province_staff | is_district_officer

rules.add_perm("evaluation.add_council", can_create_council)
rules.add_perm("evaluation.view_council", can_view_council)
rules.add_perm("evaluation.change_council", manages_council)
rules.add_perm("evaluation.view_councilassignment", can_view_assignment)
rules.add_perm("evaluation.score_councilassignment", scores_assignment)
rules.add_perm("evaluation.close_councilassignment", can_close_assignment)
rules.add_perm("evaluation.add_decision", can_record_decision)
