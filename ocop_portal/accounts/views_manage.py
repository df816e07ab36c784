"""The account pages of province staff (and superusers): list, invite, edit roles, deactivate.
The same services as the API (ocop_portal.accounts.services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop_portal.core.forms import add_service_errors

from . import services
from .forms import AccountInviteForm, AccountRolesForm


def _require_manager(request) -> None:
    if not services.may_manage_accounts(request.user):
        raise PermissionDenied


@login_required
def account_list(request):
    _require_manager(request)
    accounts = services.accounts_visible_to(request.user)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        accounts = accounts.filter(username__icontains=query) | accounts.filter(full_name__icontains=query)
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/manage/list.html", {"page": page, "query": query})


@login_required
def account_invite(request):
    _require_manager(request)
    form = AccountInviteForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_invite(
                by=request.user, base_url=request.build_absolute_uri("/"), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Đã tạo tài khoản và gửi liên kết đặt mật khẩu tới %(email)s.") % {"email": user.email}
            )
            if services.accounts_visible_to(request.user).filter(pk=user.pk).exists():
                return redirect("accounts:manage_edit", pk=user.pk)
            # Without a role: in the province's view once seated on one of its councils.
            return redirect("accounts:manage_list")
    return render(request, "accounts/manage/form.html", {"form": form, "account": None})


@login_required
def account_edit(request, pk: int):
    _require_manager(request)
    account = get_object_or_404(services.accounts_visible_to(request.user), pk=pk)
    membership = getattr(account, "producer_membership", None)
    initial = {
        "full_name": account.full_name,
        "email": account.email,
        "phone": account.phone,
        "staff_province": account.staff_province_id,
        "officer_district": account.officer_district_id,
        "officer_commune": account.officer_commune_id,
        "producer": membership.producer_id if membership else None,
    }
    form = AccountRolesForm(request.POST or None, manager=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(by=request.user, user=account, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu tài khoản."))
            return redirect("accounts:manage_edit", pk=account.pk)
    return render(request, "accounts/manage/form.html", {"form": form, "account": account})


@login_required
@require_POST
def account_set_active(request, pk: int):
    _require_manager(request)
    account = get_object_or_404(services.accounts_visible_to(request.user), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.account_set_active(
            by=request.user, user=account, active=active, note=request.POST.get("note", "")[:1000]
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Đã mở lại tài khoản.") if active else _("Đã khóa tài khoản."))
    return redirect("accounts:manage_edit", pk=account.pk)


@login_required
@require_POST
def account_resend(request, pk: int):
    _require_manager(request)
    account = get_object_or_404(services.accounts_visible_to(request.user), pk=pk)
    try:
        services.account_resend_invitation(by=request.user, user=account, base_url=request.build_absolute_uri("/"))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Đã gửi lại liên kết đặt mật khẩu."))
    return redirect("accounts:manage_edit", pk=account.pk)
