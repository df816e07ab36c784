"""Who may do what in the registry (django-rules). Seeing an object is a selector's job;
these decide the actions on objects already seen (403 when they say no).

Each predicate is a plain function wrapped by `name = rules.predicate(name)` after it, not
decorated: mutmut leaves decorated functions unmutated (docs/mutation.md)."""

import rules

from ocop_portal.accounts.rules import is_commune_officer, is_district_officer, is_producer_user, is_province_staff
from ocop_portal.core.jurisdiction import covers


def is_staff_of_province_of(user, obj) -> bool:
    """`obj` is a Producer or Product (both carry a denormalised province)."""
    return bool(user.is_authenticated and covers(user.staff_province_id, obj.province_id))


is_staff_of_province_of = rules.predicate(is_staff_of_province_of)


def _in_unit_of(unit_id, obj, field: str) -> bool:
    """`obj` (a Producer or Product) lies in unit `unit_id`, or its producer does."""
    if not unit_id:
        return False
    units = {getattr(obj, field)}
    producer = getattr(obj, "producer", None)
    if producer is not None:
        units.add(getattr(producer, field))
    return unit_id in units


def is_officer_of_district_of(user, obj) -> bool:
    return bool(user.is_authenticated and _in_unit_of(user.officer_district_id, obj, "district_id"))


is_officer_of_district_of = rules.predicate(is_officer_of_district_of)


def is_officer_of_commune_of(user, obj) -> bool:
    """The commune officer of the commune of `obj` (or of its producer's)."""
    return bool(user.is_authenticated and _in_unit_of(user.officer_commune_id, obj, "commune_id"))


is_officer_of_commune_of = rules.predicate(is_officer_of_commune_of)


def is_member_of_producer(user, obj) -> bool:
    """`obj` is the Producer itself or anything carrying a `producer_id`."""
    membership = getattr(user, "producer_membership", None)  # None for the anonymous visitor too
    if membership is None:
        return False
    producer_id = getattr(obj, "producer_id", None) or obj.pk
    return membership.producer_id == producer_id


is_member_of_producer = rules.predicate(is_member_of_producer)


def can_create_in_district(user, district) -> bool:
    """`district` is an AdministrativeUnit of district level."""
    if not user.is_authenticated or district is None:
        return False
    if user.is_superuser:
        return True
    return user.officer_district_id == district.pk or (
        user.staff_province_id is not None and user.staff_province_id == district.parent_id
    )


can_create_in_district = rules.predicate(can_create_in_district)


def can_place_in(user, place) -> bool:
    """`place` is a Producer or Product already placed (commune, district or None, province):
    the registry editors of that place — its province's staff, its district's officer (on the
    pre-2025 map), its commune's officer."""
    if not user.is_authenticated or place.province_id is None:
        return False
    if user.is_superuser:
        return True
    return (
        (user.staff_province_id is not None and user.staff_province_id == place.province_id)
        or (user.officer_district_id is not None and user.officer_district_id == place.district_id)
        or (user.officer_commune_id is not None and user.officer_commune_id == place.commune_id)
    )


can_place_in = rules.predicate(can_place_in)


def can_review_proposal_of(user, proposal) -> bool:
    return can_edit_producer.test(user, proposal.producer)


can_review_proposal_of = rules.predicate(can_review_proposal_of)


can_edit_producer = rules.is_superuser | is_staff_of_province_of | is_officer_of_district_of | is_officer_of_commune_of
can_edit_product = can_edit_producer
can_create_registry = rules.is_superuser | is_province_staff | is_district_officer | is_commune_officer
can_propose_edit = is_producer_user & is_member_of_producer
can_import_registry = is_province_staff

rules.add_perm("products.add_producer", can_create_registry)
rules.add_perm("products.change_producer", can_edit_producer)
rules.add_perm("products.add_product", can_create_registry)
rules.add_perm("products.change_product", can_edit_product)
rules.add_perm("products.add_productphoto", can_edit_product)
rules.add_perm("products.create_in_district", can_create_in_district)
rules.add_perm("products.place_in", can_place_in)
rules.add_perm("products.propose_edit", can_propose_edit)
rules.add_perm("products.review_proposal", can_review_proposal_of)
rules.add_perm("products.import_registry", can_import_registry)
