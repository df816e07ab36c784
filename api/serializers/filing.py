"""The official forms of a QĐ 26/2026 dossier (Annex III) through the API: forms 01 and 02 (the
producer's), form 03 (the commune's narrative report), the registration number and the frozen
submitted copies. Fields and limits come from evaluation/services/filing.py, as on the pages."""

from rest_framework import serializers

from evaluation.services.filing import FORM01_FIELDS, FORM02_FIELDS, FORM03_FIELDS, SEXES, FormField


def _field(key: str, spec: FormField, *, partial: bool) -> serializers.Field:
    required = spec.required and not partial
    help_text = f"`{key}`: {spec.label}" + (" (required to submit)" if spec.required else "")
    if spec.kind == "date":
        return serializers.DateField(required=False, help_text=help_text)
    if spec.kind == "count":
        return serializers.IntegerField(required=False, min_value=0, max_value=1000, help_text=help_text)
    if spec.kind == "flag":
        return serializers.BooleanField(required=False, help_text=help_text)
    if spec.kind == "sex":
        return serializers.ChoiceField(choices=[(s, s) for s in SEXES], required=False, help_text=help_text)
    if key == "email":
        return serializers.EmailField(required=False, allow_blank=True, max_length=254, help_text=help_text)
    return serializers.CharField(
        required=required, allow_blank=not required, max_length=spec.max_length, help_text=help_text
    )


def _form_serializer(name: str, spec: dict, *, partial: bool, doc: str):
    fields = {key: _field(key, field, partial=partial) for key, field in spec.items()}
    return type(name, (serializers.Serializer,), {**fields, "__doc__": doc})


Form01Serializer = _form_serializer(
    "Form01Serializer", FORM01_FIELDS, partial=True, doc="Form 01 (registration): any subset of its fields."
)
Form02Serializer = _form_serializer(
    "Form02Serializer", FORM02_FIELDS, partial=True, doc="Form 02 (self-assessment report), parts I, II and IV."
)
Form03Serializer = _form_serializer(
    "Form03Serializer", FORM03_FIELDS, partial=True, doc="Form 03: the commune's four narrative assessments."
)


class FilingUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The dossier's version you read (optimistic locking).")
    form01 = Form01Serializer(required=False, help_text="Fields of form 01 to save.")
    form02 = Form02Serializer(required=False, help_text="Fields of form 02 to save.")


class Form03WriteSerializer(Form03Serializer):
    send = serializers.BooleanField(
        default=False,
        help_text="true: accept the dossier and send the request with form 03 to the province "
        "(all four topics must be written); false: save the report as a draft.",
    )
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Note for the dossier's history."
    )


class SubmittedCopySerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 for the first submission, 2 after a return, …")
    submitted_at = serializers.DateTimeField(help_text="When it was submitted.")
    registration_number = serializers.CharField(help_text="Registration number of form 01 at that submission.")
    sha256 = serializers.CharField(help_text="SHA-256 of the canonical JSON of `content`.")
    previous_sha256 = serializers.CharField(help_text="SHA-256 of the previous submission (empty for the first).")
    content = serializers.JSONField(help_text="What was filed: forms, self-assessment, evidence checksums.")


class FilingSerializer(serializers.Serializer):
    dossier = serializers.IntegerField(source="dossier_id", help_text="Id of the dossier.")
    version = serializers.IntegerField(source="dossier.version", help_text="The dossier's version (send it back).")
    registration_number = serializers.CharField(
        help_text="`<n>/PĐK-<province>-<commune>-<year>`, given at the first submission (empty before)."
    )
    form01 = serializers.DictField(help_text="Form 01 as saved, by field key.")
    form02 = serializers.DictField(help_text="Form 02 as saved, by field key.")
    form03 = serializers.DictField(help_text="Form 03 (the commune's report) as saved, by field key.")
    missing = serializers.ListField(
        child=serializers.CharField(help_text="One missing item."),
        source="api_missing",
        help_text="What forms 01 and 02 still lack before the dossier can be submitted.",
    )
    copies = SubmittedCopySerializer(many=True, source="api_copies", help_text="Every submitted copy, oldest first.")
