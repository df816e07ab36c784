"""Certificates: the signed-in view, the public view (verify by code, certified products) and
the register export for the national system (shape documented in api/EXPORT.md)."""

from rest_framework import serializers

from evaluation.enums import CertificateStatus, Level, RevocationGround
from products.enums import ProducerKind

EXPORT_SCHEMA_VERSION = "1.1"


class CertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the certificate.")
    number = serializers.CharField(help_text="Certificate number.")
    public_code = serializers.CharField(help_text="Code in the QR label; verify it at /api/v1/public/verify/{code}/.")
    product = serializers.IntegerField(source="product_id", help_text="Id of the product.")
    product_name = serializers.CharField(source="product.name", help_text="Name of the product.")
    group_code = serializers.CharField(source="product.product_set.group.code", help_text="Product group code.")
    producer = serializers.IntegerField(source="producer_id", help_text="Id of the producer.")
    producer_name = serializers.CharField(source="producer.name", help_text="Name of the producer.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province.")
    district = serializers.IntegerField(source="district_id", allow_null=True, help_text="Id of the district.")
    stars = serializers.IntegerField(help_text="Stars certified (3–5).")
    issuing_level = serializers.ChoiceField(choices=Level.choices, help_text="Level that certified.")
    issuing_authority = serializers.CharField(help_text="Issuing body.")
    decision = serializers.IntegerField(source="decision_id", help_text="Id of the recognition decision.")
    decision_number = serializers.CharField(source="decision.number", help_text="Number of that decision.")
    dossier = serializers.IntegerField(source="dossier_id", allow_null=True, help_text="Id of the dossier.")
    valid_from = serializers.DateField(help_text="First day of validity (the decision date).")
    valid_until = serializers.DateField(help_text="Last day of validity (36 months later).")
    status = serializers.ChoiceField(choices=CertificateStatus.choices, help_text="Status today.")
    extended_until = serializers.DateField(
        allow_null=True, help_text="Art. 12.3 (QĐ 26/2026): in force until the re-evaluation result, at most this day."
    )
    superseded_by = serializers.IntegerField(
        source="superseded_by_id", allow_null=True, help_text="Certificate that replaced it, if any."
    )
    revocation_ground = serializers.CharField(help_text="Ground of revocation (empty unless revoked).")


class PublicEventSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="Date of the change.")
    from_status = serializers.CharField(help_text="Status before (empty at issue).")
    to_status = serializers.ChoiceField(choices=CertificateStatus.choices, help_text="Status after.")
    reason = serializers.CharField(help_text="Why.")


class PublicCertificateSerializer(serializers.Serializer):
    """What anyone may see about a certificate: never scores, council members or contacts."""

    number = serializers.CharField(help_text="Certificate number.")
    public_code = serializers.CharField(help_text="Verification code.")
    status = serializers.ChoiceField(choices=CertificateStatus.choices, help_text="Status today.")
    in_force = serializers.SerializerMethodField(help_text="True while valid or expiring.")
    stars = serializers.IntegerField(help_text="Stars certified.")
    product_name = serializers.CharField(source="product.name", help_text="Product name.")
    group_name = serializers.CharField(source="product.product_set.group.name", help_text="Product group.")
    producer_name = serializers.CharField(source="producer.name", help_text="Producer name.")
    producer_address = serializers.CharField(source="producer.address", help_text="Producer's address.")
    commune_name = serializers.CharField(source="producer.commune.name", help_text="Producer's commune.")
    district_name = serializers.CharField(source="district.name", allow_null=True, help_text="District.")
    issuing_authority = serializers.CharField(help_text="Issuing body.")
    decision_number = serializers.CharField(source="decision.number", help_text="Recognition decision number.")
    decision_date = serializers.DateField(source="decision.date", help_text="Recognition decision date.")
    valid_from = serializers.DateField(help_text="First day of validity.")
    valid_until = serializers.DateField(help_text="Last day of validity.")
    extended_until = serializers.DateField(
        allow_null=True, help_text="If extended (Art. 12.3): in force until the re-evaluation result, at most this day."
    )
    superseded_by_code = serializers.CharField(
        source="superseded_by.public_code", allow_null=True, help_text="Code of the replacing certificate, if any."
    )
    revocation_ground = serializers.CharField(
        help_text="Ground of revocation, empty unless revoked: " + ", ".join(RevocationGround.values) + "."
    )
    history = PublicEventSerializer(source="events", many=True, help_text="Status history, oldest first.")

    def get_in_force(self, certificate) -> bool:
        return certificate.status in CertificateStatus.in_force()


class CertifiedProductSerializer(serializers.Serializer):
    certificate_number = serializers.CharField(source="number", help_text="Certificate number.")
    public_code = serializers.CharField(help_text="Verification code.")
    stars = serializers.IntegerField(help_text="Stars certified.")
    product_name = serializers.CharField(source="product.name", help_text="Product name.")
    group = serializers.IntegerField(source="product.product_set.group_id", help_text="Product group id.")
    group_name = serializers.CharField(source="product.product_set.group.name", help_text="Product group name.")
    producer_name = serializers.CharField(source="producer.name", help_text="Producer name.")
    district = serializers.IntegerField(source="district_id", allow_null=True, help_text="District id.")
    district_name = serializers.CharField(source="district.name", allow_null=True, help_text="District name.")
    valid_until = serializers.DateField(help_text="Last day of validity.")


# --- export ----------------------------------------------------------------------------------


class ExportUnitSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Official GSO code.")
    name = serializers.CharField(help_text="Official name.")


class ExportDecisionSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="Recognition decision number.")
    date = serializers.DateField(help_text="Decision date.")
    authority = serializers.CharField(help_text="Issuing body.")
    level = serializers.ChoiceField(choices=Level.choices, help_text="Level of the decision.")


class ExportProductSerializer(serializers.Serializer):
    portal_id = serializers.IntegerField(source="id", help_text="The product's id in this portal.")
    name = serializers.CharField(help_text="Product name.")
    group_code = serializers.CharField(source="product_set.group.code", help_text="Product group code (QĐ 148).")
    group_name = serializers.CharField(source="product_set.group.name", help_text="Product group name.")
    product_set_code = serializers.CharField(source="product_set.code", help_text="Product set code.")
    product_set_name = serializers.CharField(source="product_set.name", help_text="Product set name.")
    story = serializers.CharField(source="description", help_text="Product story (câu chuyện sản phẩm); may be empty.")
    photos = serializers.SerializerMethodField(help_text="Absolute addresses of the product's photos, oldest first.")

    def get_photos(self, product) -> list[str]:
        request = self.context.get("request")
        urls = [photo.image.url for photo in product.export_photos]
        return [request.build_absolute_uri(url) for url in urls] if request else urls


class ExportProducerSerializer(serializers.Serializer):
    portal_id = serializers.IntegerField(source="id", help_text="The producer's id in this portal.")
    name = serializers.CharField(help_text="Registered name.")
    kind = serializers.ChoiceField(choices=ProducerKind.choices, help_text="Legal form.")
    registration_number = serializers.CharField(help_text="Business registration number.")
    tax_code = serializers.CharField(help_text="Tax code (may be empty).")
    representative = serializers.CharField(help_text="Legal representative.")
    phone = serializers.CharField(help_text="Contact telephone (may be empty).")
    email = serializers.CharField(help_text="Contact e-mail (may be empty).")
    address = serializers.CharField(help_text="Street address.")
    commune = ExportUnitSerializer(help_text="Commune of the head office.")


class ExportCertificateSerializer(serializers.Serializer):
    certificate_number = serializers.CharField(source="number", help_text="Certificate number.")
    public_code = serializers.CharField(help_text="Verification code in the QR label.")
    stars = serializers.IntegerField(help_text="Stars certified (3–5).")
    status = serializers.CharField(help_text='"valid" or "expiring": only certificates in force are exported.')
    framework = serializers.CharField(source="framework.code", help_text="Legal framework code (e.g. 148).")
    issuing_level = serializers.ChoiceField(choices=Level.choices, help_text="Level that certified.")
    valid_from = serializers.DateField(help_text="First day of validity.")
    valid_until = serializers.DateField(help_text="Last day of validity.")
    decision = ExportDecisionSerializer(help_text="The recognition decision.")
    product = ExportProductSerializer(help_text="The certified product.")
    producer = ExportProducerSerializer(help_text="The producer.")
    district = ExportUnitSerializer(allow_null=True, help_text="District of the product.")
    province = ExportUnitSerializer(help_text="Province.")


class RegisterExportSerializer(serializers.Serializer):
    schema_version = serializers.CharField(help_text=f'Version of this shape; now "{EXPORT_SCHEMA_VERSION}".')
    generated_at = serializers.DateTimeField(help_text="When the export was made (ISO 8601 with offset).")
    count = serializers.IntegerField(help_text="Number of certificates.")
    certificates = ExportCertificateSerializer(many=True, help_text="Certificates in force, by number.")


class RevocationSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=RevocationGround.choices, help_text="Legal ground of the revocation.")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="", help_text="Note.")
    decision_number = serializers.CharField(
        max_length=60, help_text="Number of the province's revocation decision (an existing one is reused)."
    )
    decision_date = serializers.DateField(help_text="Date of the revocation decision.")
    decision_signer = serializers.CharField(max_length=150, help_text="Who signed it.")
    decision_authority = serializers.CharField(max_length=255, help_text="Issuing body.")
    concluded_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "Date of the conclusion the revocation rests on (inspection, competent authority). Required for a "
            "ground of QĐ 26/2026 Art. 8: the decision must be dated within the framework's clock (15 days) of it."
        ),
    )


class BulkRevocationSerializer(RevocationSerializer):
    certificates = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        max_length=500,
        help_text="Ids of the certificates to revoke, all of one province: all are revoked, or none.",
    )
