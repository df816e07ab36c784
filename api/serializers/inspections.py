"""Post-certification inspections (QĐ 26/2026 Art. 9): the shapes read and the inputs the
inspection pages take, for the same services (evaluation/services/inspections.py)."""

from rest_framework import serializers

from evaluation.enums import RevocationGround
from evaluation.models.inspections import FINDING_GROUNDS, FindingSubject, InspectionKind, InspectionState

GROUND_CHOICES = [(code, RevocationGround(code).label) for code in FINDING_GROUNDS]


class InspectionPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the plan.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province.")
    year = serializers.IntegerField(help_text="Year the plan covers.")
    title = serializers.CharField(help_text="Title of the plan.")
    note = serializers.CharField(help_text="What the plan says (may be empty).")


class InspectionPlanCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2019, max_value=2100, help_text="Year (one plan per province and year).")
    title = serializers.CharField(max_length=255, help_text="Title of the plan.")
    note = serializers.CharField(
        max_length=3000, required=False, allow_blank=True, default="", help_text="What the plan says."
    )


class FindingFileSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the file.")
    original_name = serializers.CharField(help_text="File name as uploaded.")
    content_type = serializers.CharField(help_text="MIME type read from the content.")
    size = serializers.IntegerField(help_text="Size in bytes.")
    sha256 = serializers.CharField(help_text="SHA-256 of the content, hex.")


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the finding.")
    subject = serializers.ChoiceField(choices=FindingSubject.choices, help_text="What was inspected.")
    breach = serializers.BooleanField(help_text="True when a breach or failure was found.")
    description = serializers.CharField(help_text="What was found.")
    proposed_ground = serializers.CharField(help_text="Art. 8 ground proposed for a revocation (empty if none).")
    revocation_decision = serializers.IntegerField(
        source="revocation_decision_id", allow_null=True, help_text="Id of the revocation decision recorded from it."
    )
    files = FindingFileSerializer(many=True, help_text="Evidence files; download at …/files/{id}/.")


class InspectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the inspection.")
    certificate = serializers.IntegerField(source="certificate_id", help_text="Id of the inspected certificate.")
    certificate_number = serializers.CharField(source="certificate.number", help_text="Its number.")
    product_name = serializers.CharField(source="certificate.product.name", help_text="Name of the product.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the certificate's province.")
    plan = serializers.IntegerField(source="plan_id", allow_null=True, help_text="Id of the plan, if any.")
    kind = serializers.ChoiceField(choices=InspectionKind.choices, help_text="periodic or ad_hoc.")
    checks_criteria = serializers.BooleanField(help_text="Checks that the criteria are still met.")
    checks_mark = serializers.BooleanField(help_text="Checks the use of the OCOP mark.")
    planned_on = serializers.DateField(help_text="Date of the inspection.")
    lead = serializers.CharField(help_text="Lead and participating bodies.")
    state = serializers.ChoiceField(choices=InspectionState.choices, help_text="planned or concluded.")
    concluded_on = serializers.DateField(
        allow_null=True, help_text="Date of the conclusion (an Art. 8 revocation's 15-day clock starts here)."
    )
    conclusion = serializers.CharField(help_text="The conclusion (empty until concluded).")


class InspectionDetailSerializer(InspectionSerializer):
    findings = FindingSerializer(many=True, help_text="Findings, oldest first.")


class InspectionCreateSerializer(serializers.Serializer):
    """The inspection page's inputs, plus the certificate (the page's address) and an optional
    public misuse report to link."""

    certificate = serializers.IntegerField(min_value=1, help_text="Id of a certificate in force to inspect.")
    kind = serializers.ChoiceField(choices=InspectionKind.choices, help_text="periodic (needs a plan) or ad_hoc.")
    plan = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, default=None, help_text="Id of the plan of the year."
    )
    planned_on = serializers.DateField(help_text="Date of the inspection, within the certificate's validity.")
    checks_criteria = serializers.BooleanField(default=True, help_text="Check that the criteria are still met.")
    checks_mark = serializers.BooleanField(default=True, help_text="Check the use of the OCOP mark.")
    lead = serializers.CharField(max_length=255, help_text="Lead and participating bodies.")
    misuse_report = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of a public misuse report about this certificate to link (it is then handled).",
    )


class FindingCreateSerializer(serializers.Serializer):
    subject = serializers.ChoiceField(choices=FindingSubject.choices, help_text="What was inspected.")
    breach = serializers.BooleanField(default=False, help_text="True for a breach or failure.")
    description = serializers.CharField(max_length=3000, help_text="What was found.")
    proposed_ground = serializers.ChoiceField(
        choices=GROUND_CHOICES,
        required=False,
        allow_blank=True,
        default="",
        help_text="Art. 8 ground (b)–(d) proposed for a revocation; only with a breach.",
    )
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        default=list,
        max_length=10,
        help_text="Evidence: PDF, JPEG or PNG recognised by content, at most 10, size limited by the portal.",
    )


class ConclusionSerializer(serializers.Serializer):
    concluded_on = serializers.DateField(help_text="Date of the conclusion: from the inspection date to today.")
    conclusion = serializers.CharField(max_length=3000, help_text="The inspection's conclusion.")


class FindingRevocationSerializer(serializers.Serializer):
    """The decision's own data; the ground and the conclusion date come from the finding."""

    decision_number = serializers.CharField(
        max_length=60, help_text="Number of the revocation decision (an existing one is reused)."
    )
    decision_date = serializers.DateField(help_text="Date of the decision: within 15 days of the conclusion.")
    decision_signer = serializers.CharField(max_length=150, help_text="Who signed it.")
    decision_authority = serializers.CharField(
        max_length=255, help_text="Issuing body (the Ministry for a 5★ certificate)."
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="", help_text="Note.")


class ReportLinkSerializer(serializers.Serializer):
    misuse_report = serializers.IntegerField(min_value=1, help_text="Id of a public misuse report of this certificate.")
