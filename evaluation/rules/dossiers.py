"""Who may act on a dossier or a round. Dossier predicates take (user, dossier); round predicates
take (user, round). Seeing an object is the selectors' job (404 when unseen); these decide the
actions on objects already seen (403 when they say no)."""

import rules

from ocop_portal.accounts.rules import is_commune_officer, is_district_officer, is_producer_user, is_province_staff
from ocop_portal.core.jurisdiction import covers

from ..enums import DossierState, Level
from ..models import CouncilMember


def is_province_staff_for(user, dossier) -> bool:
    return bool(is_province_staff(user) and covers(user.staff_province_id, dossier.province_id))


is_province_staff_for = rules.predicate(is_province_staff_for)


def is_district_officer_for(user, dossier) -> bool:
    return bool(user.is_authenticated and user.officer_district_id and user.officer_district_id == dossier.district_id)


is_district_officer_for = rules.predicate(is_district_officer_for)


def is_commune_officer_for(user, dossier) -> bool:
    """The officer of the commune the dossier's product is made in."""
    return bool(
        user.is_authenticated and user.officer_commune_id and user.officer_commune_id == dossier.product.commune_id
    )


is_commune_officer_for = rules.predicate(is_commune_officer_for)


def is_at_commune_level(user, dossier) -> bool:
    return dossier.current_level == Level.COMMUNE


is_at_commune_level = rules.predicate(is_at_commune_level)


def is_producer_of(user, dossier) -> bool:
    membership = getattr(user, "producer_membership", None)  # None for the anonymous visitor too
    return bool(membership and membership.producer_id == dossier.product.producer_id)


is_producer_of = rules.predicate(is_producer_of)


def is_council_member_for(user, dossier) -> bool:
    """An active seat on a council the dossier is assigned to (at any level)."""
    if not user.is_authenticated:
        return False
    return CouncilMember.objects.filter(user=user, active=True, council__assignments__dossier_id=dossier.pk).exists()


is_council_member_for = rules.predicate(is_council_member_for)


def dossier_is_editable(user, dossier) -> bool:
    return dossier.state in DossierState.editable_states()


dossier_is_editable = rules.predicate(dossier_is_editable)


can_prepare_dossier = is_district_officer_for | is_province_staff_for | is_commune_officer_for | is_producer_of
# The commune officer does the commune's step (intake and check) wherever a chain has one.
can_check_dossier = is_district_officer_for | is_province_staff_for | (is_commune_officer_for & is_at_commune_level)
can_view_dossier = can_prepare_dossier | is_council_member_for
# Evidence and registration data change only while the dossier is being prepared.
can_edit_dossier = can_prepare_dossier & dossier_is_editable

# Roles that own a dossier queue (the completeness check); producers have "my dossiers" instead.
has_dossier_queue = is_province_staff | is_district_officer | is_commune_officer
may_open_dossiers = is_province_staff | is_district_officer | is_commune_officer | is_producer_user


def is_province_staff_of_round(user, round_) -> bool:
    return bool(is_province_staff(user) and covers(user.staff_province_id, round_.province_id))


is_province_staff_of_round = rules.predicate(is_province_staff_of_round)


can_manage_round = is_province_staff_of_round

rules.add_perm("evaluation.view_dossier", can_view_dossier)
rules.add_perm("evaluation.prepare_dossier", can_prepare_dossier)
rules.add_perm("evaluation.edit_dossier", can_edit_dossier)
rules.add_perm("evaluation.check_dossier", can_check_dossier)
rules.add_perm("evaluation.manage_round", can_manage_round)
