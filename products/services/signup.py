"""Sign-up by business registration number (QĐ 26/2026: the producer files in the portal).

Someone without an account gives the producer's business registration number, their name and
e-mail. The public page answers the same whatever was given (no account or register
enumeration): only a request that names a producer of the chosen province is kept, and it reaches
the officers of that producer's commune, who compare it with the register and confirm — an account
bound to the producer, with a one-time link to choose a password — or refuse with a reason sent to
the requester. Nothing is filed before that: a user without a producer link has no producer role.
Requests, confirmations and refusals are audited.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.accounts.services import set_password_link
from ocop_portal.core.jurisdiction import in_province
from ocop_portal.core.services import audit_log, notify

from ..enums import SignupState
from ..models import Producer, ProducerMembership, ProducerSignup

logger = logging.getLogger(__name__)


def normalise_registration_number(value: str) -> str:
    return "".join((value or "").split()).upper()


def signup_request(
    *, province, registration_number: str, full_name: str, email: str, phone: str = "", position: str = ""
) -> None:
    """Record a sign-up request if `registration_number` names a producer of `province` (or of a
    province carried into it). Returns nothing on purpose: the caller must answer the same way
    whether or not anything was recorded. Side effects (only on a match, and once per producer and
    e-mail while pending): a ProducerSignup, an audit entry, a notification to the commune's
    officers."""
    number = normalise_registration_number(registration_number)
    producer = (
        Producer.objects.filter(in_province(province.pk), registration_number__iexact=number)
        .select_related("commune")
        .first()
    )
    if producer is None:
        logger.info("producer sign-up for an unknown registration number in province %s", province.pk)
        return
    signup = ProducerSignup(
        producer=producer,
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        position=position.strip(),
    )
    try:
        with transaction.atomic():
            signup.save()
            audit_log(
                actor=None,
                action="producer.signup_requested",
                obj=signup,
                changes={"producer": ["", producer.registration_number], "email": ["", signup.email]},
            )
    except IntegrityError:
        return  # the same e-mail already waits for this producer's commune
    officers = get_user_model().objects.filter(officer_commune_id=producer.commune_id, is_active=True)
    notify(
        recipients=officers,
        subject=_("Đề nghị mở tài khoản chủ thể “%(producer)s” chờ xã xác nhận") % {"producer": producer.name},
        body=_("%(name)s (%(email)s) đề nghị mở tài khoản cho chủ thể số đăng ký %(number)s.")
        % {"name": signup.full_name, "email": signup.email, "number": producer.registration_number},
        url=reverse("products:signup_decide", args=[signup.pk]),
    )


def signups_for(user) -> QuerySet[ProducerSignup]:
    """The requests a user may see and decide: a commune officer's own commune's."""
    if not (user.is_authenticated and user.officer_commune_id):
        return ProducerSignup.objects.none()
    return ProducerSignup.objects.filter(producer__commune_id=user.officer_commune_id).select_related("producer")


def _locked_pending(signup: ProducerSignup, by) -> ProducerSignup:
    if not (by.is_authenticated and by.officer_commune_id and by.officer_commune_id == signup.producer.commune_id):
        raise PermissionDenied(_("Chỉ cán bộ UBND xã nơi chủ thể đăng ký được xác nhận đề nghị này."))
    locked = ProducerSignup.objects.select_for_update(no_key=True).get(pk=signup.pk)
    if locked.state != SignupState.PENDING:
        raise ValidationError(_("Đề nghị này đã được xử lý (%(state)s).") % {"state": locked.get_state_display()})
    return locked


def signup_confirm(*, signup: ProducerSignup, by, base_url: str):
    """Confirm the link between the requester and the producer record.

    Side effects: a User (no usable password; username = the e-mail) bound to the producer, the
    request marked confirmed, an audit entry, after commit an e-mail with a one-time link to choose
    a password. Raises PermissionDenied for anyone but the officer of the producer's commune,
    ValidationError for a request already decided or an e-mail that already has an account.
    """
    user_model = get_user_model()
    with transaction.atomic():
        locked = _locked_pending(signup, by)
        email = locked.email.strip()
        username = email.lower()[:150]
        if user_model.objects.filter(Q(email__iexact=email) | Q(username__iexact=username)).exists():
            raise ValidationError(
                _(
                    "Thư điện tử %(email)s đã có tài khoản trên Cổng: hãy đề nghị Sở gắn tài khoản đó với chủ thể, "
                    "hoặc từ chối đề nghị này."
                )
                % {"email": email}
            )
        user = user_model(username=username, email=email, full_name=locked.full_name, phone=locked.phone)
        user.set_unusable_password()
        user.save()
        ProducerMembership.objects.create(user=user, producer=locked.producer)
        locked.state, locked.user = SignupState.CONFIRMED, user
        locked.decided_at, locked.decided_by = timezone.now(), by
        locked.save(update_fields=["state", "user", "decided_at", "decided_by"])
        audit_log(
            actor=by,
            action="producer.signup_confirmed",
            obj=locked,
            changes={"state": [SignupState.PENDING, SignupState.CONFIRMED], "user": ["", username]},
        )
        link = set_password_link(user, base_url=base_url)
        subject = _("Tài khoản Cổng OCOP của chủ thể %(producer)s") % {"producer": locked.producer.name}
        body = _(
            "UBND xã đã xác nhận bạn là người của chủ thể “%(producer)s”. Tên đăng nhập: %(username)s.\n\n"
            "Mở liên kết sau để chọn mật khẩu (liên kết chỉ dùng được một lần):\n%(link)s\n"
        ) % {"producer": locked.producer.name, "username": username, "link": link}
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return user


def signup_reject(*, signup: ProducerSignup, by, reason: str) -> ProducerSignup:
    """Refuse the request with a reason the requester receives by e-mail.

    Side effects: the request marked refused with its reason, an audit entry, the e-mail after
    commit. Raises PermissionDenied / ValidationError as signup_confirm, and for an empty reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi rõ lý do không xác nhận.")})
    with transaction.atomic():
        locked = _locked_pending(signup, by)
        locked.state, locked.reason = SignupState.REJECTED, reason[:1000]
        locked.decided_at, locked.decided_by = timezone.now(), by
        locked.save(update_fields=["state", "reason", "decided_at", "decided_by"])
        audit_log(
            actor=by,
            action="producer.signup_rejected",
            obj=locked,
            changes={"state": [SignupState.PENDING, SignupState.REJECTED]},
            note=locked.reason,
        )
        subject = _("Đề nghị mở tài khoản Cổng OCOP chưa được xác nhận")
        body = _(
            "UBND xã chưa xác nhận đề nghị mở tài khoản của bạn cho chủ thể “%(producer)s”.\n\nLý do: %(reason)s\n"
        ) % {
            "producer": locked.producer.name,
            "reason": locked.reason,
        }
        email = locked.email
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return locked
