"""Councils, the dossiers before them, a member's own scorecard, and closed results."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from evaluation.enums import AssignmentState, Level, MemberRole, Outcome, ScorecardState
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit

from .common import late_reason_field
from .dossiers import SheetCriterionSerializer


class CouncilSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the council.")
    name = serializers.CharField(help_text="Council name.")
    level = serializers.ChoiceField(choices=Level.choices, help_text="Level the council evaluates at.")
    province = serializers.IntegerField(source="province_id", help_text="Id of the province.")
    jurisdiction = serializers.IntegerField(source="jurisdiction_id", help_text="Id of the unit it serves.")
    jurisdiction_name = serializers.CharField(source="jurisdiction.name", help_text="Name of that unit.")
    establishing_decision = serializers.CharField(help_text="Decision that set it up (may be empty).")
    term_start = serializers.DateField(help_text="Start of the term.")
    term_end = serializers.DateField(allow_null=True, help_text="End of the term, if set.")
    quorum_ratio = serializers.DecimalField(max_digits=4, decimal_places=3, help_text="Share of members needed.")
    min_members = serializers.IntegerField(
        help_text="Fewest scorecards a result rests on (the presiding member's is always required)."
    )
    max_spread = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Largest allowed gap between members' totals."
    )
    member_count = serializers.IntegerField(help_text="Active scoring members.")


class AssignInputSerializer(serializers.Serializer):
    dossiers = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        max_length=200,
        help_text="Ids of accepted or forwarded dossiers at the council's level and in its area.",
    )


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the assignment (dossier before council).")
    council = serializers.IntegerField(source="council_id", help_text="Id of the council.")
    council_name = serializers.CharField(source="council.name", help_text="Name of the council.")
    dossier = serializers.IntegerField(source="dossier_id", help_text="Id of the dossier.")
    product = serializers.IntegerField(source="dossier.product_id", help_text="Id of the product.")
    product_name = serializers.CharField(source="dossier.product.name", help_text="Name of the product.")
    level = serializers.ChoiceField(choices=Level.choices, help_text="Level of the council.")
    state = serializers.ChoiceField(choices=AssignmentState.choices, help_text="scoring, reconciliation or closed.")
    revision = serializers.IntegerField(help_text="Scoring round: 1, then 2… after each reconciliation.")
    opened_at = serializers.DateTimeField(help_text="When the dossier was put before the council.")
    closed_at = serializers.DateTimeField(allow_null=True, help_text="When scoring closed.")


class ResultSerializer(AssignmentSerializer):
    mean_score = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Mean of the counted members' totals, rounded as the framework says."
    )
    band_stars = serializers.IntegerField(help_text="Stars the mean falls in.")
    final_stars = serializers.IntegerField(help_text="Stars after the mandatory-criteria gate.")
    outcome = serializers.ChoiceField(choices=Outcome.choices, help_text="What happens next to the dossier.")
    result = serializers.JSONField(
        help_text=(
            "The stored result as the minutes show it: mean, stars, outcome, route_level, spread, quorum, "
            "members (with their totals per revision), recused members, per-criterion means and requirements, "
            "and the failed mandatory criteria. All numbers are decimal strings."
        )
    )


class DeclarationInputSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField(help_text="True to recuse from this dossier (cannot be undone).")
    reason = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Required when recusing."
    )


class DeclarationSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Portal id of the declaration.")
    has_conflict = serializers.BooleanField(help_text="Whether the member recused.")
    reason = serializers.CharField(help_text="The member's reason.")
    flagged = serializers.ListField(child=serializers.CharField(), help_text="Likely conflicts the portal saw.")
    declared_at = serializers.DateTimeField(help_text="When.")


class ScorecardAnswerSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id", help_text="Criterion id.")
    option = serializers.IntegerField(source="option_id", help_text="Chosen option id.")
    points = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Points of that option.")
    comment = serializers.CharField(help_text="The member's comment (required where points are withheld).")


class ProgressSerializer(serializers.Serializer):
    answered = serializers.IntegerField(help_text="Criteria answered.")
    total = serializers.IntegerField(help_text="Criteria the member must answer.")
    points = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Points so far.")
    missing_comments = serializers.ListField(
        child=serializers.CharField(), help_text="Codes of criteria below their maximum with no comment."
    )
    complete = serializers.BooleanField(help_text="Whether the card can be submitted.")


class ScorecardSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        allow_null=True, help_text="Portal id of the scorecard; null until the first save opens it."
    )
    assignment = serializers.IntegerField(source="assignment.pk", help_text="Id of the assignment.")
    revision = serializers.IntegerField(help_text="Scoring round the card belongs to.")
    state = serializers.ChoiceField(choices=ScorecardState.choices, help_text="draft or submitted (then locked).")
    total = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Total points of the card.")
    submitted_at = serializers.DateTimeField(allow_null=True, help_text="When it was submitted.")
    answers = ScorecardAnswerSerializer(many=True, help_text="The member's answers.")
    criteria = SheetCriterionSerializer(many=True, help_text="The sheet as scored on this dossier.")
    progress = ProgressSerializer(help_text="Completion of the card.")


class AnswerInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, help_text="Criterion id.")
    option = serializers.IntegerField(min_value=1, allow_null=True, help_text="Option id; null clears the answer.")
    comment = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default="", help_text="Comment on this criterion."
    )


class AnswersInputSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True, min_length=1, max_length=200, help_text="Answers to save.")


class CloseSerializer(serializers.Serializer):
    late_reason = late_reason_field()


class CouncilCreateSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=[(Level.DISTRICT.value, Level.DISTRICT.label), (Level.PROVINCE.value, Level.PROVINCE.label)],
        help_text="district or province.",
    )
    jurisdiction = serializers.PrimaryKeyRelatedField(
        queryset=AdministrativeUnit.objects.filter(level__in=[UnitLevel.PROVINCE, UnitLevel.DISTRICT]),
        help_text="Id of the district (district council) or province (provincial council) it serves.",
    )
    name = serializers.CharField(max_length=255, help_text="Council name.")
    term_start = serializers.DateField(help_text="Start of the term.")
    term_end = serializers.DateField(required=False, allow_null=True, default=None, help_text="End of the term.")
    establishing_decision = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="Decision that set it up."
    )
    quorum_ratio = serializers.DecimalField(
        max_digits=4, decimal_places=3, required=False, help_text="Share of members needed (default: the rules')."
    )
    max_spread = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, help_text="Largest allowed gap between totals (default 10)."
    )
    min_members = serializers.IntegerField(
        min_value=0, max_value=100, required=False, help_text="Fewest cards a result may rest on (at least 3)."
    )


class CouncilRulesSerializer(serializers.Serializer):
    quorum_ratio = serializers.DecimalField(
        max_digits=4, decimal_places=3, required=False, help_text="Share of eligible members needed (≥ 0.75)."
    )
    min_members = serializers.IntegerField(
        min_value=0, max_value=100, required=False, help_text="Fewest cards a result may rest on (≥ 3)."
    )
    max_spread = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, help_text="Largest allowed gap between members' totals."
    )


class ProvinceCouncilRulesSerializer(serializers.Serializer):
    province = serializers.IntegerField(help_text="Id of the province the rules are for.")
    quorum_ratio = serializers.DecimalField(
        max_digits=4, decimal_places=3, help_text="Share of eligible members needed, the presiding one included."
    )
    min_members = serializers.IntegerField(help_text="Fewest cards a result may rest on.")
    max_spread = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text="Largest allowed gap between members' totals."
    )


class CouncilMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="Portal id of the seat.")
    user = serializers.IntegerField(source="user_id", help_text="Id of the member's account.")
    user_name = serializers.CharField(source="user.display_name", help_text="Member's name.")
    role = serializers.ChoiceField(choices=MemberRole.choices, help_text="Role on the council.")
    order = serializers.IntegerField(help_text="Order among vice-chairs and members.")
    organisation = serializers.CharField(help_text="Where the member works (may be empty).")
    is_support_team = serializers.BooleanField(help_text="Support team: helps, does not score.")
    active = serializers.BooleanField(help_text="False once removed from the council.")


class CouncilMemberAddSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True), help_text="Id of an active account."
    )
    role = serializers.ChoiceField(choices=MemberRole.choices, default=MemberRole.MEMBER, help_text="Role.")
    order = serializers.IntegerField(min_value=0, max_value=32767, default=0, help_text="Order among members.")
    organisation = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="Where the member works."
    )
    is_support_team = serializers.BooleanField(default=False, help_text="Support team: helps, does not score.")


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="", help_text="Why.")
