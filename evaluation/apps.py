from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Đánh giá, phân hạng")

    def ready(self):
        # The product's stars in force, kept on the product (services/certificates/standing.py).
        from .services.certificates import standing

        standing.connect()
        # The council seats account management scopes by (ocop_portal/accounts/roles.py).
        from ocop_portal.accounts.roles import register_seat_scope

        from .selectors.councils import accounts_seated_elsewhere, accounts_seated_in

        register_seat_scope(inside=accounts_seated_in, outside=accounts_seated_elsewhere)
