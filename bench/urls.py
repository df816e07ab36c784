"""The project's URLs, plus a default admin for products when the project has none (the baseline).

The admin is registered before the project's URLconf is imported: `admin.site.urls` is built
from the registry at that moment."""

from django.contrib import admin

from products.models import Product


class BenchProductAdmin(admin.ModelAdmin):
    """What a developer would write in five minutes: the list the portal's product list shows."""

    list_display = ("name", "producer", "product_set", "district", "status")
    list_filter = ("status", "product_set__group")
    list_select_related = ("producer", "product_set", "district")
    search_fields = ("name", "producer__name")


if not admin.site.is_registered(Product):
    admin.site.register(Product, BenchProductAdmin)

from ocop_portal.urls import urlpatterns  # noqa: E402, F401
