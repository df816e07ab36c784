from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("Chủ thể và sản phẩm")

    def ready(self):
        # The producer role of an account, offered to account management (accounts/roles.py).
        from ocop_portal.accounts.roles import register_producer_role

        from .models import Producer
        from .services.memberships import membership_bind

        register_producer_role(producers=Producer.objects.all, bind=membership_bind)
