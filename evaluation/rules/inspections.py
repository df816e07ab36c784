"""Who may act on post-certification inspections (QĐ 26/2026 Art. 9), led by the province's OCOP
office. Seeing an inspection is the selector's job (`inspections_visible_to`: province staff of the
certificate's province, the officer of the product's commune read-only, the producer its own
concluded ones); these decide the actions on one already seen (403)."""

import rules
from rules import is_superuser

from ocop_portal.accounts.rules import is_commune_officer, is_producer_user, is_province_staff
from ocop_portal.core.jurisdiction import covers


def is_staff_of_inspection_province(user, obj) -> bool:
    """`obj` is an Inspection, an InspectionPlan or a Certificate: each has its province."""
    return bool(obj is not None and user.is_authenticated and covers(user.staff_province_id, obj.province_id))


is_staff_of_inspection_province = rules.predicate(is_staff_of_inspection_province)


can_view_inspections = is_province_staff | is_commune_officer | is_producer_user | is_superuser
can_manage_inspections = is_province_staff | is_superuser
can_manage_inspection = is_staff_of_inspection_province | is_superuser

rules.add_perm("evaluation.view_inspections", can_view_inspections)
rules.add_perm("evaluation.manage_inspections", can_manage_inspections)
rules.add_perm("evaluation.manage_inspection", can_manage_inspection)
