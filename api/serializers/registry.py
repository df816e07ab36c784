"""Producers and products: read shapes, and the input the registry services take."""

from rest_framework import serializers

from products.enums import ProducerKind, ProductStatus
from products.selectors import communes_editable_by, current_product_sets, producers_editable_by

from .common import ScopedPrimaryKeyRelatedField


class ProducerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the producer.")
    kind = serializers.ChoiceField(choices=ProducerKind.choices, help_text="Legal form of the producer.")
    name = serializers.CharField(help_text="Registered name.")
    registration_number = serializers.CharField(help_text="Business registration number (identifies the producer).")
    tax_code = serializers.CharField(help_text="Tax code (may be empty).")
    representative = serializers.CharField(help_text="Legal representative.")
    phone = serializers.CharField(help_text="Phone (may be empty).")
    email = serializers.CharField(help_text="E-mail (may be empty).")
    commune = serializers.IntegerField(source="commune_id", help_text="Id of the commune of the head office.")
    district = serializers.IntegerField(source="district_id", allow_null=True, help_text="Id of the district.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province.")
    address = serializers.CharField(help_text="Street address within the commune.")
    product_count = serializers.IntegerField(help_text="Number of the producer's products.")
    best_stars = serializers.IntegerField(
        allow_null=True, help_text="Highest stars among its products' certificates in force (null: none)."
    )
    version = serializers.IntegerField(help_text="Record version: send it back when updating (optimistic locking).")
    created_at = serializers.DateTimeField(help_text="When the record was created.")
    updated_at = serializers.DateTimeField(help_text="When the record last changed.")


class ProducerWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProducerKind.choices, help_text="Legal form of the producer.")
    name = serializers.CharField(max_length=255, help_text="Registered name.")
    registration_number = serializers.CharField(
        max_length=30, help_text="Business registration number; spaces are removed and letters upper-cased."
    )
    tax_code = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="Tax code.")
    representative = serializers.CharField(max_length=150, help_text="Legal representative.")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="Phone.")
    email = serializers.EmailField(required=False, allow_blank=True, help_text="E-mail.")
    commune = ScopedPrimaryKeyRelatedField(
        selector=communes_editable_by, help_text="Commune id; must be in a district the user may register in."
    )
    address = serializers.CharField(max_length=255, help_text="Street address within the commune.")


class ProducerUpdateSerializer(ProducerWriteSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version read; a stale one answers 409.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the product.")
    name = serializers.CharField(help_text="Product name.")
    producer = serializers.IntegerField(source="producer_id", help_text="Id of the producer.")
    producer_name = serializers.CharField(source="producer.name", help_text="Name of the producer.")
    product_set = serializers.IntegerField(source="product_set_id", help_text="Id of the product set.")
    product_set_code = serializers.CharField(source="product_set.code", help_text="Code of the product set.")
    group = serializers.IntegerField(source="product_set.group_id", help_text="Id of the product group.")
    group_code = serializers.CharField(source="product_set.group.code", help_text="Code of the product group.")
    commune = serializers.IntegerField(source="commune_id", help_text="Id of the commune where it is made.")
    district = serializers.IntegerField(source="district_id", allow_null=True, help_text="Id of the district.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province.")
    description = serializers.CharField(help_text="Description (may be empty).")
    status = serializers.ChoiceField(choices=ProductStatus.choices, help_text="active or stopped.")
    current_stars = serializers.IntegerField(
        allow_null=True, help_text="Stars of the certificate in force (null: none)."
    )
    version = serializers.IntegerField(help_text="Record version: send it back when updating (optimistic locking).")
    created_at = serializers.DateTimeField(help_text="When the record was created.")
    updated_at = serializers.DateTimeField(help_text="When the record last changed.")


class ProductWriteSerializer(serializers.Serializer):
    producer = ScopedPrimaryKeyRelatedField(
        selector=producers_editable_by, help_text="Producer id; must be one the user may add products to."
    )
    name = serializers.CharField(max_length=255, help_text="Product name (unique per producer, any case).")
    product_set = serializers.PrimaryKeyRelatedField(
        queryset=current_product_sets(), help_text="Product set id (current framework)."
    )
    commune = ScopedPrimaryKeyRelatedField(selector=communes_editable_by, help_text="Commune id where it is made.")
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, help_text="Description.")
    status = serializers.ChoiceField(
        choices=ProductStatus.choices, required=False, default=ProductStatus.ACTIVE, help_text="active or stopped."
    )


class ProductUpdateSerializer(ProductWriteSerializer):
    version = serializers.IntegerField(min_value=1, help_text="The version read; a stale one answers 409.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["producer"]
        for name, field in self.fields.items():
            if name != "version":
                field.required = False
        self.fields["status"].default = serializers.empty
