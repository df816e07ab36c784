"""A password "validator" that validates nothing: Django calls password_changed() on every
configured validator when a user's password is saved — a change, a reset, the admin's form — and
never for a hash upgrade at sign-in. Every API key of the user goes then (issue 18, Low 10)."""

from django.utils.translation import gettext as _


class ApiKeysRevokedOnPasswordChange:
    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .services import api_tokens_revoke_all

        api_tokens_revoke_all(user=user, reason="password changed")

    def get_help_text(self):
        return _("Đổi hoặc đặt lại mật khẩu sẽ thu hồi mọi khóa API của bạn.")
