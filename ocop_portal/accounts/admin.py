from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Vai trò OCOP"),
            {"fields": ("full_name", "phone", "staff_province", "officer_district", "officer_commune")},
        ),
    )
    list_display = (
        "username",
        "full_name",
        "email",
        "staff_province",
        "officer_district",
        "officer_commune",
        "is_active",
    )
    list_select_related = ("staff_province", "officer_district", "officer_commune")
    raw_id_fields = ("staff_province", "officer_district", "officer_commune")
