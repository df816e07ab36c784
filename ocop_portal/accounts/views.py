from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


class PortalLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PortalLogoutView(auth_views.LogoutView):
    """Sign-out also empties what this browser kept for the portal: caches and storage (the
    offline scorecard's pages, answers and evidence; the service worker itself). A shared phone
    or office PC keeps nothing private of the member who used it."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"roles": role_labels(request.user)})


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
