"""Dossiers, their evidence and their score sheet as seen by the dossier's preparers."""

import datetime

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluation.enums import AdvisoryKind, DossierKind, DossierState, EvidenceType, Level
from evaluation.selectors.dossiers import certificates_for_renewal, products_for_new_dossier, rounds_visible_to
from evaluation.services.dossiers import REGISTRATION_FIELDS

from .common import ScopedPrimaryKeyRelatedField

REGISTRATION_HELP = "Registration form fields, by key: " + ", ".join(
    f"`{key}`{' (required to submit)' if spec.required else ''}" for key, spec in REGISTRATION_FIELDS.items()
)


class DossierSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the dossier.")
    product = serializers.IntegerField(source="product_id", help_text="Id of the product.")
    product_name = serializers.CharField(source="product.name", help_text="Name of the product.")
    producer = serializers.IntegerField(source="product.producer_id", help_text="Id of the producer.")
    producer_name = serializers.CharField(source="product.producer.name", help_text="Name of the producer.")
    round = serializers.IntegerField(source="round_id", help_text="Id of the evaluation round.")
    year = serializers.IntegerField(source="round.year", help_text="Year of the round.")
    kind = serializers.ChoiceField(choices=DossierKind.choices, help_text="new, reevaluation or upgrade.")
    state = serializers.ChoiceField(choices=DossierState.choices, help_text="Where the dossier is in its procedure.")
    current_level = serializers.ChoiceField(choices=Level.choices, help_text="Level handling the dossier now.")
    district = serializers.IntegerField(source="district_id", allow_null=True, help_text="Id of the district.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province.")
    sheet = serializers.IntegerField(source="sheet_id", help_text="Id of the score sheet the dossier is assessed on.")
    renews_certificate = serializers.IntegerField(
        source="renews_certificate_id", allow_null=True, help_text="Certificate re-evaluated or upgraded, if any."
    )
    return_reasons = serializers.CharField(help_text="Why the dossier was last returned (may be empty).")
    submitted_at = serializers.DateTimeField(allow_null=True, help_text="When it was last submitted.")
    created_at = serializers.DateTimeField(help_text="When it was opened.")
    updated_at = serializers.DateTimeField(help_text="When it last changed.")
    version = serializers.IntegerField(help_text="Version: send it back when editing (optimistic locking).")


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the evidence file.")
    evidence_type = serializers.ChoiceField(choices=EvidenceType.choices, help_text="What the document proves.")
    original_name = serializers.CharField(help_text="File name as uploaded.")
    content_type = serializers.CharField(help_text="MIME type read from the content.")
    size = serializers.IntegerField(help_text="Size in bytes.")
    sha256 = serializers.CharField(help_text="SHA-256 of the content, hex.")
    valid_until = serializers.DateField(allow_null=True, help_text="Expiry of the document, if it has one.")
    uploaded_at = serializers.DateTimeField(help_text="When it was uploaded.")


class TransitionSerializer(serializers.Serializer):
    from_state = serializers.ChoiceField(choices=DossierState.choices, help_text="State before.")
    to_state = serializers.ChoiceField(choices=DossierState.choices, help_text="State after.")
    level = serializers.ChoiceField(choices=Level.choices, help_text="Level after the step.")
    at = serializers.DateTimeField(help_text="When.")
    note = serializers.CharField(help_text="Note given with the step (may be empty).")


class SelfAssessmentAnswerSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, help_text="Criterion id on the dossier's sheet.")
    option = serializers.IntegerField(
        min_value=1, allow_null=True, help_text="Chosen option id of that criterion; null clears the answer."
    )


class DossierDetailSerializer(DossierSerializer):
    registration = serializers.DictField(child=serializers.CharField(), help_text=REGISTRATION_HELP)
    case_choices = serializers.DictField(
        child=serializers.CharField(), help_text="Criterion code → case code, for criteria scored in one case."
    )
    self_assessment = serializers.SerializerMethodField(help_text="The producer's self-assessment answers.")
    evidence = EvidenceSerializer(many=True, help_text="Evidence files.")
    history = TransitionSerializer(source="transitions", many=True, help_text="Every state change, oldest first.")
    missing_items = serializers.ListField(
        child=serializers.CharField(),
        source="api_missing_items",
        help_text="What still stops submission (listed only for users who may edit the dossier).",
    )

    @extend_schema_field(SelfAssessmentAnswerSerializer(many=True))
    def get_self_assessment(self, dossier) -> list[dict]:
        return [{"criterion": a.criterion_id, "option": a.option_id} for a in dossier.self_assessment.all()]


class DossierCreateSerializer(serializers.Serializer):
    product = ScopedPrimaryKeyRelatedField(
        selector=products_for_new_dossier, help_text="Product id; one the user may prepare dossiers for."
    )
    round = ScopedPrimaryKeyRelatedField(selector=rounds_visible_to, help_text="Id of an open round of the province.")
    kind = serializers.ChoiceField(
        choices=DossierKind.choices, default=DossierKind.NEW, help_text="new, reevaluation or upgrade."
    )
    renews_certificate = ScopedPrimaryKeyRelatedField(
        selector=certificates_for_renewal,
        required=False,
        allow_null=True,
        default=None,
        help_text="For re-evaluation/upgrade: the certificate in force (default: the product's one).",
    )


class SelfAssessmentInputSerializer(serializers.Serializer):
    answers = SelfAssessmentAnswerSerializer(many=True, max_length=500, help_text="Answers to set or clear.")
    case_choices = serializers.DictField(
        child=serializers.CharField(max_length=20, allow_blank=True),
        required=False,
        default=dict,
        help_text="Criterion code → case code (empty string clears the choice).",
    )


class DossierUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="The version read; a stale one answers 409.")
    registration = serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        required=False,
        help_text=REGISTRATION_HELP + ". Keys not sent keep their value.",
    )
    self_assessment = SelfAssessmentInputSerializer(required=False, help_text="Self-assessment answers to save.")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Optional note."
    )


class ReturnSerializer(serializers.Serializer):
    reasons = serializers.CharField(max_length=5000, help_text="What the producer must complete (required).")


class EvidenceUploadSerializer(serializers.Serializer):
    evidence_type = serializers.ChoiceField(choices=EvidenceType.choices, help_text="What the document proves.")
    file = serializers.FileField(help_text="PDF, JPEG or PNG, recognised by content; size limited by the portal.")
    valid_until = serializers.DateField(required=False, allow_null=True, help_text="Expiry of the document.")


class SheetOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Option id (send it as an answer).")
    number = serializers.IntegerField(help_text="Option number on the paper sheet.")
    text = serializers.CharField(help_text="Option text.")
    points = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Points the option is worth.")
    marker = serializers.IntegerField(
        allow_null=True, help_text="Minimum star level this option is marked for (the mandatory gate), if any."
    )


class SheetCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Criterion id.")
    code = serializers.CharField(help_text="Criterion code on the sheet (e.g. 1.1).")
    name = serializers.CharField(help_text="Criterion text.")
    part = serializers.CharField(help_text="Sheet part: A, B or C.")
    group = serializers.CharField(help_text="Criterion group name.")
    evidence = serializers.CharField(help_text="Evidence the criterion asks for.")
    max_points = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Maximum for this dossier.")
    case_name = serializers.CharField(help_text="Case scored for this dossier (empty when none).")
    scored_by_members = serializers.BooleanField(help_text="False for criteria the commune assessed (QĐ 1489).")
    commune_points = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="The commune's points, for commune criteria."
    )
    options = SheetOptionSerializer(many=True, help_text="Answer options for the chosen case.")


class CentralOutcomeSerializer(serializers.Serializer):
    granted = serializers.BooleanField(help_text="True: the central level recognised 5★; false: it did not.")
    number = serializers.CharField(max_length=60, help_text="Number of the central decision or document.")
    date = serializers.DateField(help_text="Its date.")
    signer = serializers.CharField(max_length=150, help_text="Who signed it.")
    authority = serializers.CharField(
        max_length=255, help_text="Issuing body (e.g. Bộ Nông nghiệp và Môi trường), printed on the certificate."
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="", help_text="Note.")
    score = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "Not granted: the Ministry's score. Required under QĐ 26/2026, where the province then "
            "certifies 3★/4★ on it (Art. 7.4)."
        ),
    )
    stars = serializers.IntegerField(
        min_value=1,
        max_value=4,
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "Not granted: the stars the Ministry's result supports when its gate lowered them "
            "(default: the score's band)."
        ),
    )

    def validate_date(self, value):
        if not (datetime.date(1990, 1, 1) <= value <= datetime.date(2100, 12, 31)):
            raise serializers.ValidationError("Date must be between 1990-01-01 and 2100-12-31.")
        return value


# --- the province's steps (QĐ 26/2026 Art. 6.3, 7.3, 7.4) ------------------------------------------


class AdvisoryRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Record id.")
    kind = serializers.ChoiceField(
        choices=AdvisoryKind.choices,
        help_text="review, site_visit (required for tourism services before scoring), test_request, "
        "test_result (answers a test request), report (to the council chair).",
    )
    on = serializers.DateField(help_text="Date of the review, visit, request, result or report (not after today).")
    text = serializers.CharField(max_length=4000, help_text="What was found, asked, measured or reported.")
    answers = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="test_result only: the id of the test request it answers.",
    )
    by = serializers.CharField(source="by.display_name", read_only=True, help_text="Who recorded it.")


class FiveStarApproveSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60, help_text="Number of the chairman's approval decision.")
    date = serializers.DateField(help_text="Its date (not after today).")
    signer = serializers.CharField(max_length=150, help_text="Who signed it (the provincial chairman).")


class FiveStarSendSerializer(serializers.Serializer):
    letter_number = serializers.CharField(max_length=60, help_text="Number of the province's request letter.")
    letter_date = serializers.DateField(help_text="Its date (not after today).")


class FiveStarSerializer(serializers.Serializer):
    """Where a potential 5★ dossier stands on its way to the Ministry."""

    waiting = serializers.BooleanField(help_text="Forwarded to the Ministry's level as potential 5★.")
    approval_number = serializers.CharField(allow_null=True, help_text="The chairman's approval decision number.")
    approval_date = serializers.DateField(allow_null=True, help_text="Its date.")
    letter_number = serializers.CharField(allow_null=True, help_text="The province's request letter number.")
    sent_at = serializers.DateTimeField(allow_null=True, help_text="When the package was sent to the Ministry.")
    package_job = serializers.IntegerField(allow_null=True, help_text="The package job (download when done).")
    outcome = serializers.CharField(allow_null=True, help_text="granted, not_granted or null.")
    ministry_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="The Ministry's score (not granted)."
    )
    supported_stars = serializers.IntegerField(
        allow_null=True, help_text="The stars the Ministry's result supports; the province certifies them (Art. 7.4)."
    )
    missing = serializers.ListField(child=serializers.CharField(), help_text="What Art. 6.3 still lacks.")
    next_level = serializers.CharField(help_text="The level that acts next (empty once decided or not recognised).")
    next_action = serializers.CharField(help_text="approve, send, ministry_outcome, decide, score, check or empty.")
    end = serializers.CharField(help_text="decided, not_recognised or empty.")
