"""Who sees fairness figures, criterion analytics and background jobs (django-rules).

Per-member figures are for the department (province staff of the province), never for other
members; the presiding member's view of one session is in selectors/fairness.session_fairness.
"""

import rules

from ..enums import JobKind
from .councils import manages_council, sits_on_council


def sees_member_fairness(user, province) -> bool:
    """Province staff of `province` (a unit, or its id)."""
    if province is None or not user.is_authenticated or not user.staff_province_id:
        return False
    return user.staff_province_id == getattr(province, "pk", province)


sees_member_fairness = rules.predicate(sees_member_fairness)


def sees_job(user, job) -> bool:
    """Fairness tables and dossier bundles: the province's staff. A council pack: whoever manages
    the council or sits on it (members read the pack offline)."""
    if job is None or not user.is_authenticated:
        return False
    if job.kind == JobKind.COUNCIL_PACK:
        return bool(manages_council(user, job.council) or sits_on_council(user, job.council))
    return bool(user.staff_province_id and user.staff_province_id == job.province_id)


sees_job = rules.predicate(sees_job)


rules.add_perm("evaluation.view_member_fairness", sees_member_fairness)
rules.add_perm("evaluation.view_job", sees_job)
