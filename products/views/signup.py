"""Sign-up by business registration number: the public request (rate-limited, the same answer
whatever was given) and the commune officer's list and decision (own commune only)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ocop_portal.core.rate_limit import over_rate_limit

from ..enums import SignupState
from ..forms import SignupDecisionForm, SignupForm
from ..services import signup as services
from .common import paginate


def signup(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if over_rate_limit(request, "producer_signup", getattr(settings, "OCOP_SIGNUPS_PER_HOUR", 5)):
            form.is_valid()
            form.add_error(None, _("Bạn đã gửi quá nhiều đề nghị trong một giờ. Vui lòng thử lại sau."))
            return render(request, "products/signup.html", {"form": form}, status=429)
        if form.is_valid():
            services.signup_request(
                province=form.cleaned_data["province"],
                registration_number=form.cleaned_data["registration_number"],
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                position=form.cleaned_data["position"],
            )
            return redirect("products:signup_done")
    return render(request, "products/signup.html", {"form": form})


def signup_done(request):
    return render(request, "products/signup_done.html")


def _require_commune_officer(request) -> None:
    if not request.user.officer_commune_id:
        raise PermissionDenied


@login_required
def signup_list(request):
    _require_commune_officer(request)
    state = request.GET.get("state", SignupState.PENDING)
    rows = services.signups_for(request.user).order_by("-created_at", "-id")
    if state in SignupState.values:
        rows = rows.filter(state=state)
    context = {"page_obj": paginate(request, rows), "state": state, "states": SignupState.choices}
    return render(request, "products/signup_list.html", context)


@login_required
def signup_decide(request, pk: int):
    _require_commune_officer(request)
    signup = services.signups_for(request.user).filter(pk=pk).first()
    if signup is None:
        raise Http404
    form = SignupDecisionForm(request.POST or None)
    if request.method == "POST" and signup.state == SignupState.PENDING and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "confirm":
                user = services.signup_confirm(signup=signup, by=request.user, base_url=request.build_absolute_uri("/"))
                messages.success(
                    request,
                    _("Đã xác nhận; tài khoản %(username)s được gắn với chủ thể và nhận thư chọn mật khẩu.")
                    % {"username": user.username},
                )
            else:
                services.signup_reject(signup=signup, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Đã gửi lý do không xác nhận cho người đề nghị."))
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            return redirect("products:signup_list")
    return render(request, "products/signup_decide.html", {"signup": signup, "form": form})
