from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import two_factor, views, views_manage

app_name = "accounts"
urlpatterns = [
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", views.PortalLogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("manage/", views_manage.account_list, name="manage_list"),
    path("manage/invite/", views_manage.account_invite, name="manage_invite"),
    path("manage/<int:pk>/", views_manage.account_edit, name="manage_edit"),
    path("manage/<int:pk>/active/", views_manage.account_set_active, name="manage_active"),
    path("manage/<int:pk>/resend/", views_manage.account_resend, name="manage_resend"),
    path("two-factor/", two_factor.two_factor_view, name="two_factor"),
    path("profile/notification-email/", views.notification_email, name="notification_email"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/form_page.html", success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/message_page.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PortalPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/message_page.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/form_page.html", success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/message_page.html"),
        name="password_reset_complete",
    ),
]
