from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ocop_portal.core.enums import EmailFrequency
from ocop_portal.core.rate_limit import over_rate_limit
from ocop_portal.core.services import notification_email_set


class PortalLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PortalPasswordResetView(auth_views.PasswordResetView):
    """Password-reset requests, at most OCOP_PASSWORD_RESETS_PER_HOUR per client address: each
    one sends an e-mail, and the form must not become a mail cannon or an address oracle."""

    template_name = "accounts/form_page.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if over_rate_limit(request, "password_reset", getattr(settings, "OCOP_PASSWORD_RESETS_PER_HOUR", 5)):
            form = self.get_form()
            form.add_error(
                None, _("Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần trong một giờ. Vui lòng thử lại sau.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PortalLogoutView(auth_views.LogoutView):
    """Sign-out also empties what this browser kept for the portal: caches and storage (the
    offline scorecard's pages, answers and evidence; the service worker itself). A shared phone
    or office PC keeps nothing private of the member who used it."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class NotificationEmailForm(forms.Form):
    notification_email = forms.ChoiceField(
        label=gettext_lazy("Nhận thư thông báo"), choices=EmailFrequency.choices, widget=forms.RadioSelect
    )


@login_required
def profile(request):
    form = NotificationEmailForm(initial={"notification_email": request.user.notification_email})
    return render(request, "accounts/profile.html", {"roles": role_labels(request.user), "email_form": form})


@login_required
@require_POST
def notification_email(request):
    form = NotificationEmailForm(request.POST)
    if not form.is_valid():
        return render(
            request, "accounts/profile.html", {"roles": role_labels(request.user), "email_form": form}, status=400
        )
    notification_email_set(user=request.user, frequency=form.cleaned_data["notification_email"])
    messages.success(request, _("Đã lưu cách nhận thư thông báo."))
    return redirect("accounts:profile")


def role_labels(user) -> list[str]:
    from django.utils.translation import gettext as _

    labels = []
    if user.is_superuser:
        labels.append(_("Quản trị hệ thống"))
    if user.staff_province_id:
        labels.append(_("Cán bộ Sở NN&PTNT — %(unit)s") % {"unit": user.staff_province})
    if user.officer_district_id:
        labels.append(_("Cán bộ huyện — %(unit)s") % {"unit": user.officer_district})
    if user.officer_commune_id:
        labels.append(_("Cán bộ xã — %(unit)s") % {"unit": user.officer_commune})
    membership = getattr(user, "producer_membership", None)
    if membership is not None:
        labels.append(_("Chủ thể — %(producer)s") % {"producer": membership.producer})
    return labels
