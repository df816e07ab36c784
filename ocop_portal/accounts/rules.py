"""Role predicates shared by every app (django-rules)."""

import rules


@rules.predicate
def is_province_staff(user) -> bool:
    return bool(user.is_authenticated and user.staff_province_id)


@rules.predicate
def is_district_officer(user) -> bool:
    return bool(user.is_authenticated and user.officer_district_id)


@rules.predicate
def is_commune_officer(user) -> bool:
    return bool(user.is_authenticated and user.officer_commune_id)


@rules.predicate
def is_producer_user(user) -> bool:
    return bool(user.is_authenticated and hasattr(user, "producer_membership"))


is_registry_editor = is_province_staff | is_district_officer | is_commune_officer


# The shared reference data (product groups and sets, score sheets) is every province's: one
# province's staff must not retire the sheet version another province scores on, nor rename the
# groups printed on its certificates. Writing it is a national role, granted as this Django
# permission (admin: user or group permissions), or the superuser's.
SHARED_REFERENCE_PERMISSION = "products.edit_shared_reference"


@rules.predicate
def edits_shared_reference(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(SHARED_REFERENCE_PERMISSION))


def require_shared_reference_editor(user) -> None:
    """For the services writing shared reference data: PermissionDenied unless `user` holds the
    national role. None is the system itself (the shipped-data loader at deployment)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    if user is not None and not edits_shared_reference.test(user):
        raise PermissionDenied(_("Dữ liệu dùng chung toàn quốc chỉ do cán bộ được giao vai trò quốc gia sửa."))
