"""Accounts managed in the portal (issue 23): province staff invite their province's users, bind
their roles within the province and deactivate them; superusers (the national role) do so in any
province. Every change goes to the audit log. Pages (accounts/views_manage.py) and the API
(api/views/accounts.py) both call these functions.

Roles are where a user is bound (accounts.User): province staff of a province, district officer
of a district, commune officer of a commune (on the 2025 map a commune answers to its province; a
pre-2025 one to a district of it), a producer user through products.ProducerMembership. Council seats are set on the
council (evaluation.services.councils). Those two belong to apps above accounts, which register
them in ocop_portal/accounts/roles.py; this module never imports them (issue 22). A province's
staff never see or change an account bound anywhere outside their province, nor a superuser's
or a Django-admin user's.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.services import audit_log

from . import roles

User = get_user_model()

PROFILE_FIELDS = ("full_name", "email", "phone")
ROLE_FIELDS = ("staff_province", "officer_district", "officer_commune", "producer")


def may_manage_accounts(by) -> bool:
    return bool(by.is_authenticated and (by.is_superuser or by.staff_province_id))


def accounts_visible_to(by) -> QuerySet:
    """The accounts `by` manages: every one for a superuser; for province staff, the accounts bound
    in their province (a role, or a seat on one of its councils) and nowhere else (never a
    superuser's or an admin user's)."""
    queryset = User.objects.select_related(
        "staff_province", "officer_district", "officer_commune", "producer_membership__producer"
    )
    queryset = queryset.order_by("username", "id")
    if not may_manage_accounts(by):
        return queryset.none()
    if by.is_superuser:
        return queryset
    province = by.staff_province_id
    inside = (
        Q(staff_province_id=province)
        | Q(officer_district__parent_id=province)
        | _commune_in(province)
        | Q(producer_membership__producer__province_id=province)
        | roles.seats_inside(province)
    )
    outside = (
        (Q(staff_province__isnull=False) & ~Q(staff_province_id=province))
        | (Q(officer_district__isnull=False) & ~Q(officer_district__parent_id=province))
        | (Q(officer_commune__isnull=False) & ~_commune_in(province))
        | (Q(producer_membership__isnull=False) & ~Q(producer_membership__producer__province_id=province))
        | roles.seats_outside(province)
    )
    return queryset.filter(inside).exclude(outside).exclude(is_superuser=True).exclude(is_staff=True)


def _commune_in(province_id) -> Q:
    """Accounts whose commune answers to `province_id`: directly (2025 map) or through a district
    of it (a pre-2025 commune)."""
    return Q(officer_commune__parent_id=province_id) | Q(officer_commune__parent__parent_id=province_id)


def _require_manager(by, user=None) -> None:
    if not may_manage_accounts(by):
        raise PermissionDenied(_("Chỉ cán bộ Sở NN&PTNT hoặc quản trị hệ thống được quản lý tài khoản."))
    if user is not None and not accounts_visible_to(by).filter(pk=user.pk).exists():
        raise PermissionDenied(_("Tài khoản này không thuộc tỉnh của bạn."))


def _province_id(unit) -> int | None:
    province = unit.district_and_province()[1]
    return province.pk if province is not None else None


def _check_roles(by, *, staff_province, officer_district, officer_commune, producer, commune_before=None) -> None:
    """Each binding of the right level and, for province staff, inside their own province. An
    account may be invited with none (a council member, seated next on a council of the province,
    which brings it into the province's view)."""
    errors = {}
    if staff_province is not None and staff_province.level != UnitLevel.PROVINCE:
        errors["staff_province"] = _("Hãy chọn một tỉnh.")
    if officer_district is not None and officer_district.level != UnitLevel.DISTRICT:
        errors["officer_district"] = _("Hãy chọn một huyện.")
    if officer_commune is not None and officer_commune.level != UnitLevel.COMMUNE:
        errors["officer_commune"] = _("Hãy chọn một xã.")
    elif officer_commune not in (None, commune_before) and not officer_commune.in_force_on(timezone.localdate()):
        # A new binding is to a commune of today's map; one made before a reform is kept as it is.
        errors["officer_commune"] = _("Xã %(commune)s không còn trên bản đồ hành chính hiện hành.") % {
            "commune": officer_commune
        }
    if not by.is_superuser:
        outside = _("Chỉ được gán vai trò trong tỉnh của bạn.")
        if staff_province is not None and staff_province.pk != by.staff_province_id:
            errors["staff_province"] = outside
        if officer_district is not None and officer_district.parent_id != by.staff_province_id:
            errors["officer_district"] = outside
        if officer_commune is not None and _province_id(officer_commune) != by.staff_province_id:
            errors["officer_commune"] = outside
        if producer is not None and producer.province_id != by.staff_province_id:
            errors["producer"] = outside
    if errors:
        raise ValidationError(errors)


def _roles_of(user) -> dict:
    membership = getattr(user, "producer_membership", None)
    return {
        "staff_province": user.staff_province,
        "officer_district": user.officer_district,
        "officer_commune": user.officer_commune,
        "producer": membership.producer if membership is not None else None,
    }


def _role_text(roles: dict) -> dict:
    return {name: str(value.pk) if value is not None else "" for name, value in roles.items()}


def _bind_producer(user, producer) -> None:
    roles.bind_producer(user, producer)


def set_password_link(user, *, base_url: str) -> str:
    """The one-time link with which an invited user chooses a password (Django's reset token:
    it stops working once a password is set)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{base_url.rstrip('/')}{path}"


def _send_invitation(user, *, base_url: str, by) -> None:
    link = set_password_link(user, base_url=base_url)
    subject = _("Tài khoản Cổng OCOP của bạn")
    body = _(
        "%(inviter)s đã tạo tài khoản “%(username)s” cho bạn trên Cổng thông tin OCOP.\n\n"
        "Mở liên kết sau để chọn mật khẩu (liên kết chỉ dùng được một lần):\n%(link)s\n"
    ) % {"inviter": by, "username": user.username, "link": link}
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))


def account_invite(
    *,
    by,
    username: str,
    email: str,
    full_name: str = "",
    phone: str = "",
    staff_province=None,
    officer_district=None,
    officer_commune=None,
    producer=None,
    base_url: str,
) -> User:
    """Create an account with its roles and e-mail the person a link to choose their password.

    Side effects: the User (no usable password until they set one), its ProducerMembership if
    bound to a producer, an audit entry, the invitation e-mail after commit. Raises
    PermissionDenied for someone who may not manage accounts, ValidationError for a taken
    username, a missing e-mail or a role outside the manager's province.
    """
    _require_manager(by)
    roles = {
        "staff_province": staff_province,
        "officer_district": officer_district,
        "officer_commune": officer_commune,
        "producer": producer,
    }
    _check_roles(by, **roles)
    user = User(username=username.strip(), email=email.strip(), full_name=full_name.strip(), phone=phone.strip())
    user.staff_province, user.officer_district = staff_province, officer_district
    user.officer_commune = officer_commune
    user.set_unusable_password()
    if not user.email:
        raise ValidationError({"email": _("Cần địa chỉ thư điện tử để gửi liên kết đặt mật khẩu.")})
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
            _bind_producer(user, producer)
            audit_log(
                actor=by,
                action="account.invite",
                obj=user,
                changes={name: ["", value] for name, value in _role_text(roles).items() if value},
                note=user.email,
            )
            _send_invitation(user, base_url=base_url, by=by)
    except IntegrityError as error:
        raise ValidationError({"username": _("Tên đăng nhập đã được dùng.")}) from error
    return user


def account_update(*, by, user, **values) -> User:
    """Change an account's profile (full name, e-mail, phone) and/or roles; fields not given are
    kept. The same jurisdiction rules as the invitation. Side effects: the User (and its
    ProducerMembership), one audit entry listing what changed."""
    _require_manager(by, user)
    unknown = set(values) - set(PROFILE_FIELDS) - set(ROLE_FIELDS)
    if unknown:
        raise ValueError(f"account_update got unknown fields: {sorted(unknown)}")
    before = _roles_of(user)
    roles = {name: values.get(name, before[name]) for name in ROLE_FIELDS}
    _check_roles(by, **roles, commune_before=before["officer_commune"])
    before_profile = {name: getattr(user, name) for name in PROFILE_FIELDS}
    with transaction.atomic():
        locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        for name in PROFILE_FIELDS:
            if name in values:
                setattr(locked, name, (values[name] or "").strip())
        locked.staff_province, locked.officer_district = roles["staff_province"], roles["officer_district"]
        locked.officer_commune = roles["officer_commune"]
        locked.full_clean(exclude=["password"])
        locked.save()
        _bind_producer(locked, roles["producer"])
        changes = {
            name: [str(before_profile[name]), str(getattr(locked, name))]
            for name in PROFILE_FIELDS
            if before_profile[name] != getattr(locked, name)
        }
        old, new = _role_text(before), _role_text(roles)
        changes |= {name: [old[name], new[name]] for name in ROLE_FIELDS if old[name] != new[name]}
        if changes:
            audit_log(actor=by, action="account.update", obj=locked, changes=changes)
        if not accounts_visible_to(by).filter(pk=locked.pk).exists():
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "Tài khoản cần một vai trò hoặc một ghế Hội đồng trong tỉnh của bạn; "
                        "để ngừng sử dụng, hãy khóa tài khoản."
                    )
                }
            )
    return User.objects.select_related("producer_membership__producer").get(pk=user.pk)


def account_set_active(*, by, user, active: bool, note: str = "") -> User:
    """Deactivate (the person can no longer sign in, their API keys stop working) or reactivate
    an account. No one deactivates themselves. Side effects: User.is_active, an audit entry."""
    _require_manager(by, user)
    if user.pk == by.pk:
        raise ValidationError(_("Bạn không thể tự khóa tài khoản của mình."))
    with transaction.atomic():
        locked = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        if locked.is_active != active:
            locked.is_active = active
            locked.save(update_fields=["is_active"])
            audit_log(
                actor=by,
                action="account.activate" if active else "account.deactivate",
                obj=locked,
                changes={"is_active": [str(not active), str(active)]},
                note=note,
            )
    user.refresh_from_db()
    return user


def account_resend_invitation(*, by, user, base_url: str) -> None:
    """E-mail a new set-password link to an account that has not chosen a password yet."""
    _require_manager(by, user)
    if user.has_usable_password():
        raise ValidationError(_("Tài khoản đã đặt mật khẩu; người dùng có thể tự đặt lại mật khẩu khi quên."))
    if not user.is_active:
        raise ValidationError(_("Tài khoản đang bị khóa."))
    with transaction.atomic():
        audit_log(actor=by, action="account.invite_resent", obj=user, note=user.email)
        _send_invitation(user, base_url=base_url, by=by)
