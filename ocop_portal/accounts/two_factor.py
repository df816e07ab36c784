"""Two-factor sign-in (TOTP, django-otp) — issue 18, Also.

Province staff and superusers can certify and revoke: with settings.OCOP_REQUIRE_TWO_FACTOR (on
whenever DEBUG is off) they reach no page but this one and signing out until their session is
verified with a code from an authenticator app, enrolling one first if they have none. Anyone
else may enrol from the profile page; once enrolled, their sessions need the code too.
"""

import base64
from binascii import unhexlify

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from ocop_portal.core.qr import qr_svg
from ocop_portal.core.services import audit_log

DEVICE_NAME = "authenticator"


PENDING_SESSION = "two_factor_pending"


def two_factor_required(request) -> bool:
    """Whether this session must be verified before any other page. Read from the user's roles and
    the session only: no query on every request (sign-in marks an enrolled user's session)."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if request.session.get(PENDING_SESSION):
        return True
    return bool(settings.OCOP_REQUIRE_TWO_FACTOR and (user.is_superuser or user.staff_province_id))


@receiver(user_logged_in)
def _mark_enrolled_sessions(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and user_has_device(user):
        request.session[PENDING_SESSION] = True


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã 6 số trong ứng dụng xác thực"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
    )


PENDING_KEY = "two_factor_pending_key"


def _pending_key(request) -> str:
    """The key offered for enrolment, kept in the session until its first good code: showing the
    page writes nothing to the database."""
    key = request.session.get(PENDING_KEY)
    if not key:
        key = request.session[PENDING_KEY] = random_hex(20)
    return key


def _enrolment_code_ok(key: str, code: str) -> bool:
    return TOTP(unhexlify(key.encode())).verify(int(code), tolerance=1)


@login_required
def two_factor_view(request):
    """Verify this session with a code; with no confirmed device, enrol one first (QR code and
    key shown; the device is stored, confirmed, with its first good code)."""
    user = request.user
    enrolled = user_has_device(user)
    key = None if enrolled else _pending_key(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if enrolled:
            verified = next(
                (d for d in TOTPDevice.objects.filter(user=user, confirmed=True) if d.verify_token(code)), None
            )
        elif _enrolment_code_ok(key, code):
            with transaction.atomic():
                verified = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True)
                audit_log(actor=user, action="account.two_factor_enrolled", obj=user)
            request.session.pop(PENDING_KEY, None)
        else:
            verified = None
        if verified is None:
            form.add_error("code", _("Mã không đúng hoặc đã hết hạn."))
        else:
            otp_login(request, verified)
            request.session.pop(PENDING_SESSION, None)
            return redirect(_safe_next(request))
    context = {"form": form, "enrolled": enrolled}
    if key is not None:
        device = TOTPDevice(user=user, name=DEVICE_NAME, key=key)
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["qr"] = base64.b64encode(qr_svg(device.config_url, scale=4)).decode()
    return render(request, "accounts/two_factor.html", context)


def _safe_next(request) -> str:
    target = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("core:home")


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: an unverified session that needs the code goes to the
    two-factor page (or gets 403 on the API); sign-out, the language switch and static files stay
    open."""

    OPEN_PREFIXES = ("/static/", "/i18n/", "/accounts/logout/", "/accounts/two-factor/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and not request.path.startswith(self.OPEN_PREFIXES) and two_factor_required(request):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": _("Hãy xác thực hai bước trước.")}, status=403)
            return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
        return self.get_response(request)
