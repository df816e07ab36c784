"""Recognition decisions."""

import datetime

from rest_framework import serializers

from evaluation.enums import DecisionKind, Level
from evaluation.selectors.councils import decidable_dossiers
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit

from .common import ScopedPrimaryKeyRelatedField, late_reason_field


class DecisionItemSerializer(serializers.Serializer):
    dossier = serializers.IntegerField(source="dossier_id", help_text="Id of the dossier decided.")
    product = serializers.IntegerField(source="dossier.product_id", help_text="Id of the product.")
    product_name = serializers.CharField(source="dossier.product.name", help_text="Name of the product.")
    assignment = serializers.IntegerField(
        source="assignment_id", allow_null=True, help_text="Council result the decision approves."
    )
    recognised_stars = serializers.IntegerField(help_text="Stars recognised.")


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the decision.")
    kind = serializers.ChoiceField(choices=DecisionKind.choices, help_text="recognition or revocation.")
    level = serializers.ChoiceField(choices=Level.choices, help_text="Level of the issuing People's Committee.")
    number = serializers.CharField(help_text="Decision number (số quyết định).")
    date = serializers.DateField(help_text="Date of issue.")
    signer = serializers.CharField(help_text="Who signed it.")
    signer_title = serializers.CharField(help_text="The signer's title above the name (e.g. KT. CHỦ TỊCH).")
    authority = serializers.CharField(help_text="Issuing body.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province.")
    issuer_unit = serializers.IntegerField(source="issuer_unit_id", help_text="Id of the issuing unit.")
    issuer_unit_name = serializers.CharField(source="issuer_unit.name", help_text="Name of the issuing unit.")
    item_count = serializers.IntegerField(help_text="Dossiers in the decision.")
    created_at = serializers.DateTimeField(help_text="When it was recorded.")


class DecisionDetailSerializer(DecisionSerializer):
    items = DecisionItemSerializer(source="api_items", many=True, help_text="Dossiers and stars.")


class DecisionItemInputSerializer(serializers.Serializer):
    dossier = ScopedPrimaryKeyRelatedField(
        selector=decidable_dossiers,
        help_text="Id of a dossier a decision may approve now (scored, or forwarded to central).",
    )
    stars = serializers.IntegerField(min_value=1, max_value=5, help_text="Stars to recognise.")


class DecisionCreateSerializer(serializers.Serializer):
    issuer_unit = serializers.PrimaryKeyRelatedField(
        queryset=AdministrativeUnit.objects.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT]),
        help_text="Province or district whose People's Committee issues the decision.",
    )
    level = serializers.ChoiceField(choices=Level.choices, help_text="Level of the decision.")
    number = serializers.CharField(max_length=60, help_text="Decision number, unique per issuer.")
    date = serializers.DateField(help_text="Date of issue; certificates run 36 months from it.")
    signer = serializers.CharField(max_length=150, help_text="Who signed it.")
    signer_title = serializers.CharField(
        max_length=150,
        required=False,
        default="",
        allow_blank=True,
        help_text="The signer's title printed above the name (e.g. KT. CHỦ TỊCH / PHÓ CHỦ TỊCH); empty: CHỦ TỊCH.",
    )
    authority = serializers.CharField(max_length=255, help_text="Issuing body as printed on certificates.")
    items = DecisionItemInputSerializer(many=True, min_length=1, max_length=500, help_text="Dossiers and stars.")
    late_reason = late_reason_field()

    def validate_date(self, value):
        # A sanity bound for typing errors, not a legal rule: certificates add 36 months to it.
        if not (datetime.date(1990, 1, 1) <= value <= datetime.date(2100, 12, 31)):
            raise serializers.ValidationError("Date must be between 1990-01-01 and 2100-12-31.")
        return value
