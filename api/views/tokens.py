"""The API keys page, linked from the profile: create a named key (shown once) and revoke keys."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import ApiToken
from ..services import MAX_LIFETIME_DAYS, api_token_create, api_token_revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên khóa"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: tên chương trình sẽ dùng khóa này."),
    )
    read_only = forms.BooleanField(label=gettext_lazy("Chỉ đọc (không ghi, sửa, xóa)"), required=False)
    lifetime_days = forms.IntegerField(
        label=gettext_lazy("Hết hạn sau (ngày)"), required=False, min_value=1, max_value=MAX_LIFETIME_DAYS
    )


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_key = api_token_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                form = TokenForm()
        if form.errors:
            status = 400
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id"),
    }
    response = render(request, "api/tokens.html", context, status=status)
    if new_key:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("api:tokens")
