"""Who may act on a dossier. Predicates take (user, dossier)."""

import rules

from ocop_portal.accounts.rules import is_province_staff


@rules.predicate
def is_province_staff_for(user, dossier) -> bool:
    return bool(is_province_staff(user) and user.staff_province_id == dossier.province_id)


@rules.predicate
def is_district_officer_for(user, dossier) -> bool:
    return bool(user.is_authenticated and user.officer_district_id and user.officer_district_id == dossier.district_id)


@rules.predicate
def is_producer_of(user, dossier) -> bool:
    membership = getattr(user, "producer_membership", None) if user.is_authenticated else None
    return bool(membership and membership.producer_id == dossier.product.producer_id)


can_prepare_dossier = is_district_officer_for | is_province_staff_for | is_producer_of
can_check_dossier = is_district_officer_for | is_province_staff_for
