"""Accounts: a user's profile and roles as province staff (or a superuser) manage them."""

from rest_framework import serializers

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from products.models import Producer


class AccountSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the account.")
    username = serializers.CharField(help_text="Sign-in name.")
    full_name = serializers.CharField(help_text="Full name (may be empty).")
    email = serializers.CharField(help_text="E-mail address the invitation went to.")
    phone = serializers.CharField(help_text="Phone (may be empty).")
    is_active = serializers.BooleanField(help_text="False once deactivated: no sign-in, no API key works.")
    has_password = serializers.SerializerMethodField(help_text="False until the person chose a password.")
    staff_province = serializers.IntegerField(
        source="staff_province_id", allow_null=True, help_text="Province whose DARD staff the person is, if any."
    )
    officer_district = serializers.IntegerField(
        source="officer_district_id", allow_null=True, help_text="District whose OCOP officer the person is, if any."
    )
    officer_commune = serializers.IntegerField(
        source="officer_commune_id", allow_null=True, help_text="Commune whose OCOP officer the person is, if any."
    )
    producer = serializers.SerializerMethodField(help_text="Producer the person acts for, if any.")
    last_login = serializers.DateTimeField(allow_null=True, help_text="Last sign-in.")

    def get_has_password(self, user) -> bool:
        return user.has_usable_password()

    def get_producer(self, user) -> int | None:
        membership = getattr(user, "producer_membership", None)
        return membership.producer_id if membership is not None else None


def _provinces():
    return AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)


def _districts():
    return AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT)


def _communes():
    return AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)


class AccountRolesMixin(serializers.Serializer):
    staff_province = serializers.PrimaryKeyRelatedField(
        queryset=_provinces(), required=False, allow_null=True, help_text="Province id: DARD staff of it."
    )
    officer_district = serializers.PrimaryKeyRelatedField(
        queryset=_districts(), required=False, allow_null=True, help_text="District id: its OCOP officer."
    )
    officer_commune = serializers.PrimaryKeyRelatedField(
        queryset=_communes(),
        required=False,
        allow_null=True,
        help_text="Commune id (a commune of today's map): its OCOP officer.",
    )
    producer = serializers.PrimaryKeyRelatedField(
        queryset=Producer.objects.all(), required=False, allow_null=True, help_text="Producer id: acts for it."
    )


class AccountInviteSerializer(AccountRolesMixin):
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, help_text="Sign-in name (letters, digits and @.+-_)."
    )
    email = serializers.EmailField(max_length=254, help_text="Where the set-password link is sent.")
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="", help_text="Name.")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="", help_text="Phone.")


class AccountUpdateSerializer(AccountRolesMixin):
    email = serializers.EmailField(max_length=254, required=False, help_text="E-mail address.")
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, help_text="Full name.")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="Phone.")


class AccountActiveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="", help_text="Why.")
