"""Reference data: administrative units, product groups and sets, evaluation rounds."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluation.enums import Level, RoundState
from evaluation.models import Framework
from ocop_portal.core.enums import UnitLevel


class AdministrativeUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the unit.")
    level = serializers.ChoiceField(choices=UnitLevel.choices, help_text="province, district or commune.")
    code = serializers.CharField(help_text="Official GSO code (unique with level and valid_from).")
    name = serializers.CharField(help_text="Official name, in Vietnamese.")
    unit_type = serializers.CharField(help_text="Kind of unit as named officially (Tỉnh, Huyện, Xã, Phường…).")
    parent = serializers.IntegerField(source="parent_id", allow_null=True, help_text="Id of the parent unit.")
    valid_from = serializers.DateField(allow_null=True, help_text="Date the unit came into force, if known.")
    valid_until = serializers.DateField(allow_null=True, help_text="Date the unit ceased, if it has.")


class ProductGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the group.")
    framework_code = serializers.CharField(help_text='Legal framework the group belongs to ("148", "1048").')
    code = serializers.CharField(help_text="Group code within the framework.")
    name = serializers.CharField(help_text="Group name in Vietnamese.")
    name_en = serializers.CharField(help_text="Group name in English (may be empty).")
    order = serializers.IntegerField(help_text="Display order.")


class ProductSetSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the product set.")
    framework_code = serializers.CharField(help_text="Legal framework of the set.")
    group = serializers.IntegerField(source="group_id", help_text="Id of the product group.")
    subgroup_code = serializers.CharField(help_text="Subgroup code (may be empty).")
    subgroup_name = serializers.CharField(help_text="Subgroup name (may be empty).")
    code = serializers.CharField(help_text="Set code; the set selects the score sheet.")
    name = serializers.CharField(help_text="Set name in Vietnamese.")
    name_en = serializers.CharField(help_text="Set name in English (may be empty).")


class RoundDeadlineSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, help_text="Evaluation level the deadlines apply to.")
    submission = serializers.DateField(allow_null=True, help_text="Last day to submit dossiers.")
    completeness_check = serializers.DateField(allow_null=True, help_text="Last day of the completeness check.")
    scoring = serializers.DateField(allow_null=True, help_text="Last day for the council to score.")
    decision = serializers.DateField(allow_null=True, help_text="Last day to issue the decision.")


class RoundSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the round.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province running the round.")
    framework = serializers.CharField(source="framework.code", help_text="Code of the legal framework applied.")
    year = serializers.IntegerField(help_text="Year of the round.")
    number = serializers.IntegerField(help_text="Round number within the year (1, 2).")
    title = serializers.CharField(help_text="Round title (may be empty).")
    opens_on = serializers.DateField(allow_null=True, help_text="Opening date of the round, if set.")
    framework_expired = serializers.BooleanField(
        help_text="True when the framework is not in force on the opening date (chosen explicitly, with a reason)."
    )
    expired_framework_reason = serializers.CharField(
        help_text="Why a framework not in force on the opening date applies (empty otherwise)."
    )
    state = serializers.ChoiceField(choices=RoundState.choices, help_text="planned, open or closed.")
    deadlines = RoundDeadlineSerializer(many=True, help_text="Deadlines per level.")


@extend_schema_field({"type": "string", "maxLength": 20})
class FrameworkCodeField(serializers.SlugRelatedField):
    """A framework by its code, with the code column's length in the schema."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Framework.objects.all(), **kwargs)


OPENS_ON_HELP = (
    "Opening date of the round. A framework not in force on it is accepted only with "
    "expired_framework_reason (as on the round page)."
)
EXPIRED_REASON_HELP = "Why a framework not in force on the opening date applies (e.g. a round of a past year)."


class RoundCreateSerializer(serializers.Serializer):
    """What the round page's form asks, for the same service (evaluation.services.rounds.round_create)."""

    framework = FrameworkCodeField(
        required=False,
        help_text='Code of the legal framework ("26/2026", "148"…); omitted: the one in force on opens_on '
        "(today when opens_on is omitted too).",
    )
    year = serializers.IntegerField(min_value=2019, max_value=2100, help_text="Year of the round.")
    number = serializers.IntegerField(min_value=1, max_value=32767, help_text="Round number within the year.")
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="", help_text="Title.")
    opens_on = serializers.DateField(required=False, allow_null=True, default=None, help_text=OPENS_ON_HELP)
    expired_framework_reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text=EXPIRED_REASON_HELP
    )


class RoundUpdateSerializer(serializers.Serializer):
    framework = FrameworkCodeField(
        required=False, help_text="Code of the legal framework (fixed once the round has dossiers)."
    )
    year = serializers.IntegerField(min_value=2019, max_value=2100, required=False, help_text="Year of the round.")
    number = serializers.IntegerField(min_value=1, max_value=32767, required=False, help_text="Round number.")
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, help_text="Title.")
    opens_on = serializers.DateField(required=False, allow_null=True, help_text=OPENS_ON_HELP)
    expired_framework_reason = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, help_text=EXPIRED_REASON_HELP
    )


class RoundDeadlineInputSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices, help_text="Level of the round's framework.")
    submission = serializers.DateField(required=False, allow_null=True, default=None, help_text="Submission.")
    completeness_check = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Completeness check."
    )
    scoring = serializers.DateField(required=False, allow_null=True, default=None, help_text="Council scoring.")
    decision = serializers.DateField(required=False, allow_null=True, default=None, help_text="Decision.")


class RoundDeadlinesInputSerializer(serializers.Serializer):
    deadlines = RoundDeadlineInputSerializer(
        many=True,
        max_length=10,
        help_text="Deadlines per level; they replace the round's. A level with no date at all loses its deadlines.",
    )


class RoundTransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=RoundState.choices, help_text="open (from planned) or closed (from open).")
