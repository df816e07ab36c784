from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ocop_portal.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .navigation import remember_nav_roles

        user_logged_in.connect(remember_nav_roles, dispatch_uid="ocop_remember_nav_roles")
