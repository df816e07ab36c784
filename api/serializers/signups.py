"""Producer sign-up by business registration number (QĐ 26/2026): the public request and the
commune officer's decision, as on the pages (products.services.signup)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit


class SignupRequestSerializer(serializers.Serializer):
    province = serializers.PrimaryKeyRelatedField(
        queryset=AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE),
        help_text="Province id (a province in force today) where the producer is registered.",
    )
    registration_number = serializers.CharField(max_length=30, help_text="The producer's business registration number.")
    full_name = serializers.CharField(max_length=150, help_text="Name of the person asking for the account.")
    position = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True, help_text="Position at the producer."
    )
    email = serializers.EmailField(max_length=254, help_text="The set-password link goes to this address.")
    phone = serializers.RegexField(
        r"^[0-9 +().-]{8,20}$", max_length=20, required=False, default="", allow_blank=True, help_text="Phone."
    )

    def validate_province(self, province):
        if not AdministrativeUnit.objects.filter(pk=province.pk).in_force_on(timezone.localdate()).exists():
            raise serializers.ValidationError(_("Tỉnh này không còn là đơn vị hành chính đang có hiệu lực."))
        return province


class SignupAcceptedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="The same answer whatever was given.")


class SignupSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the request.")
    producer = serializers.IntegerField(source="producer_id", help_text="Producer id the request names.")
    producer_name = serializers.CharField(source="producer.name", help_text="The producer's registered name.")
    registration_number = serializers.CharField(
        source="producer.registration_number", help_text="The producer's business registration number."
    )
    full_name = serializers.CharField(help_text="Name of the person asking for the account.")
    position = serializers.CharField(help_text="Their position at the producer (may be empty).")
    email = serializers.CharField(help_text="Where the set-password link (or the refusal) goes.")
    phone = serializers.CharField(help_text="Phone (may be empty).")
    state = serializers.CharField(help_text="pending, confirmed or rejected.")
    reason = serializers.CharField(help_text="Why it was refused (sent to the requester).")
    created_at = serializers.DateTimeField(help_text="When the request was made.")
    decided_at = serializers.DateTimeField(allow_null=True, help_text="When the commune decided, if it has.")
    account = serializers.SerializerMethodField(help_text="Sign-in name of the account opened on confirmation.")

    def get_account(self, signup) -> str | None:
        return signup.user.username if signup.user_id else None


class SignupRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="Sent to the requester by e-mail.")
