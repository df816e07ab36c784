"""Who may do what with support money (django-rules).

Object predicates take the object the action is about; they are declared on the models
(`Meta.rules_permissions`) and, for pages that are not about one object, added below.

Each predicate is a plain function wrapped by `name = rules.predicate(name)` after it, not
decorated: mutmut leaves decorated functions unmutated (docs/mutation.md)."""

import rules

from ocop_portal.accounts.rules import is_district_officer, is_producer_user, is_province_staff
from ocop_portal.core.jurisdiction import covers


def is_staff_of_object_province(user, obj) -> bool:
    """Province staff of the province a budget line or award policy belongs to."""
    return bool(obj is not None and user.is_authenticated and covers(user.staff_province_id, obj.province_id))


is_staff_of_object_province = rules.predicate(is_staff_of_object_province)


def is_staff_of_grant_province(user, grant) -> bool:
    return bool(
        grant is not None and user.is_authenticated and covers(user.staff_province_id, grant.budget_line.province_id)
    )


is_staff_of_grant_province = rules.predicate(is_staff_of_grant_province)


can_manage_support = is_province_staff
can_propose_grant = is_province_staff | is_district_officer
can_view_support_reports = is_province_staff | is_district_officer
can_view_grants = is_province_staff | is_district_officer | is_producer_user

rules.add_perm("support.view_budget_overview", can_manage_support)
rules.add_perm("support.view_support_reports", can_view_support_reports)
rules.add_perm("support.view_grants", can_view_grants)
