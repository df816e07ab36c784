"""Role predicates shared by every app (django-rules)."""

import rules


@rules.predicate
def is_province_staff(user) -> bool:
    return bool(user.is_authenticated and user.staff_province_id)


@rules.predicate
def is_district_officer(user) -> bool:
    return bool(user.is_authenticated and user.officer_district_id)


@rules.predicate
def is_producer_user(user) -> bool:
    return bool(user.is_authenticated and hasattr(user, "producer_membership"))


is_registry_editor = is_province_staff | is_district_officer
