"""Councils, assignments (a dossier before a council), a member's own scorecard, closed results
and decisions: the councils' selectors, predicates and services, as on the pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from evaluation.enums import AssignmentState, Level, ScorecardState
from evaluation.selectors import councils as selectors
from evaluation.services import councils as council_services
from evaluation.services import scorecards as scorecard_services
from evaluation.services.decisions import decision_record

from ..filters import YearFilter
from ..serializers import councils as s
from ..serializers import decisions as ds
from .common import ListCreateRetrieveViewSet, ReadOnlyViewSet, require_perm, validated


class CouncilFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=Level.choices, label="Only councils of this level.")


@extend_schema_view(
    list=extend_schema(summary="List councils the user manages or sits on", tags=["councils"]),
    retrieve=extend_schema(summary="Read one council", tags=["councils"]),
    create=extend_schema(
        summary="Set up a council (province staff; a district officer for their district)",
        tags=["councils"],
        request=s.CouncilCreateSerializer,
        responses={201: s.CouncilSerializer},
    ),
)
class CouncilViewSet(ListCreateRetrieveViewSet):
    serializer_class = s.CouncilSerializer
    filterset_class = CouncilFilter
    selector = selectors.councils_visible_to

    def create(self, request, *args, **kwargs):
        require_perm(request, "evaluation.add_council")
        data = validated(self, s.CouncilCreateSerializer, request.data)
        jurisdiction = data["jurisdiction"]
        province = jurisdiction if data["level"] == Level.PROVINCE else jurisdiction.parent
        council = council_services.council_create(province=province, by=request.user, **data)
        return Response(
            s.CouncilSerializer(self.get_queryset().get(pk=council.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Change the council's rules within the legal floors (a district only tighter)",
        tags=["councils"],
        request=s.CouncilRulesSerializer,
        responses={200: s.CouncilSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def rules(self, request, pk=None):
        council = self.get_object()
        require_perm(request, "evaluation.change_council", council)
        values = validated(self, s.CouncilRulesSerializer, request.data)
        council_services.council_rules_change(council=council, by=request.user, **values)
        return Response(s.CouncilSerializer(self.get_queryset().get(pk=council.pk)).data)

    @extend_schema(
        summary="The council's seats (members, support team, removed ones)",
        tags=["councils"],
        responses={200: s.CouncilMemberSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def members(self, request, pk=None):
        council = self.get_object()
        return Response(s.CouncilMemberSerializer(selectors.council_members(council), many=True).data)

    @extend_schema(
        summary="Seat a member or a support-team helper",
        tags=["councils"],
        request=s.CouncilMemberAddSerializer,
        responses={201: s.CouncilMemberSerializer},
    )
    @members.mapping.post
    def member_add(self, request, pk=None):
        council = self.get_object()
        require_perm(request, "evaluation.change_council", council)
        data = validated(self, s.CouncilMemberAddSerializer, request.data)
        member = council_services.council_member_add(council=council, by=request.user, **data)
        return Response(s.CouncilMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove a member from the council (the seat is kept, inactive)",
        tags=["councils"],
        request=s.NoteInputSerializer,
        responses={200: s.CouncilMemberSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="members/(?P<member_id>[0-9]{1,18})/remove",
        filterset_class=None,
    )
    def member_remove(self, request, pk=None, member_id=None):
        council = self.get_object()
        require_perm(request, "evaluation.change_council", council)
        member = get_object_or_404(council.members.select_related("user"), pk=member_id)
        note = validated(self, s.NoteInputSerializer, request.data)["note"]
        member = council_services.council_member_remove(member=member, by=request.user, note=note)
        return Response(s.CouncilMemberSerializer(member).data)

    @extend_schema(
        summary="Put accepted or forwarded dossiers before the council",
        tags=["councils"],
        request=s.AssignInputSerializer,
        responses={201: s.AssignmentSerializer(many=True)},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        council = self.get_object()
        require_perm(request, "evaluation.change_council", council)
        ids = validated(self, s.AssignInputSerializer, request.data)["dossiers"]
        dossiers = list(selectors.dossiers_assignable_to(council).filter(pk__in=ids).select_related("product"))
        missing = sorted(set(ids) - {d.pk for d in dossiers})
        if missing:
            return Response(
                {"dossiers": [f"Not assignable to this council: {', '.join(map(str, missing))}."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        assignments = council_services.council_assign(council=council, dossiers=dossiers, by=request.user)
        rows = selectors.assignments_visible_to(request.user).filter(pk__in=[a.pk for a in assignments])
        return Response(s.AssignmentSerializer(rows.order_by("id"), many=True).data, status=status.HTTP_201_CREATED)


class AssignmentFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=AssignmentState.choices, label="Only assignments in this state.")
    level = filters.ChoiceFilter(choices=Level.choices, label="Only assignments at this level.")
    council = filters.NumberFilter(field_name="council_id", label="Only assignments of this council id.")
    dossier = filters.NumberFilter(field_name="dossier_id", label="Only assignments of this dossier id.")


def _assignments(user):
    return selectors.assignments_visible_to(user).order_by("-opened_at", "-id")


def _card_data(card, *, answers: list, **fields) -> dict:
    criteria = scorecard_services.sheet_criteria(card.assignment.dossier, card.sheet)
    progress = scorecard_services.scorecard_progress(criteria, {a.criterion_id: a for a in answers})
    data = {
        "assignment": card.assignment,
        "revision": card.revision,
        "total": card.total,
        "answers": answers,
        "criteria": criteria,
        "progress": {
            "answered": progress.answered,
            "total": progress.total,
            "points": progress.points,
            "missing_comments": list(progress.missing_comments),
            "complete": progress.complete,
        },
    }
    return s.ScorecardSerializer(data | fields).data


def _scorecard_data(card) -> dict:
    return _card_data(
        card, answers=list(card.answers.all()), id=card.pk, state=card.state, submitted_at=card.submitted_at
    )


def _unopened_scorecard_data(unopened) -> dict:
    return _card_data(unopened, answers=unopened.answers, id=None, state=ScorecardState.DRAFT, submitted_at=None)


@extend_schema_view(
    list=extend_schema(summary="List dossiers before councils the user manages or sits on", tags=["councils"]),
    retrieve=extend_schema(summary="Read one assignment", tags=["councils"]),
)
class AssignmentViewSet(ReadOnlyViewSet):
    """A dossier before a council. Members declare conflicts and score here; the council's
    manager or presiding member closes scoring."""

    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilter
    selector = _assignments

    @extend_schema(
        summary="Declare a conflict of interest (or none) before scoring",
        tags=["scorecards"],
        request=s.DeclarationInputSerializer,
        responses={201: s.DeclarationSerializer},
    )
    @action(detail=True, methods=["post"])
    def declare(self, request, pk=None):
        assignment = self.get_object()
        member = scorecard_services.member_for(assignment, request.user)
        if member is None:
            raise PermissionDenied
        data = validated(self, s.DeclarationInputSerializer, request.data)
        declaration = council_services.conflict_declare(assignment=assignment, member=member, by=request.user, **data)
        return Response(s.DeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The user's own scorecard; before the first save, the card that saving would open "
        "(id null: a read never opens it)",
        tags=["scorecards"],
        responses={200: s.ScorecardSerializer},
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def scorecard(self, request, pk=None):
        assignment = self.get_object()
        member = scorecard_services.scoring_member(assignment=assignment, user=request.user)
        card = scorecard_services.scorecard_current(assignment=assignment, member=member)
        if card is None:
            return Response(
                _unopened_scorecard_data(scorecard_services.scorecard_unopened(assignment=assignment, member=member))
            )
        return Response(_scorecard_data(card))

    @extend_schema(
        summary="Save draft answers on the user's own scorecard",
        tags=["scorecards"],
        request=s.AnswersInputSerializer,
        responses={200: s.ScorecardSerializer},
    )
    @action(detail=True, methods=["post"], url_path="scorecard/answers")
    def scorecard_answers(self, request, pk=None):
        card = scorecard_services.scorecard_open(assignment=self.get_object(), user=request.user)
        answers = validated(self, s.AnswersInputSerializer, request.data)["answers"]
        for answer in answers:
            scorecard_services.scorecard_answer(
                scorecard=card,
                criterion_id=answer["criterion"],
                option_id=answer["option"],
                comment=answer["comment"],
                by=request.user,
            )
        card.refresh_from_db()
        return Response(_scorecard_data(card))

    @extend_schema(
        summary="Submit the user's own scorecard (then locked)",
        tags=["scorecards"],
        request=None,
        responses={200: s.ScorecardSerializer},
    )
    @action(detail=True, methods=["post"], url_path="scorecard/submit")
    def scorecard_submit(self, request, pk=None):
        card = scorecard_services.scorecard_open(assignment=self.get_object(), user=request.user)
        card = scorecard_services.scorecard_submit(scorecard=card, by=request.user)
        return Response(_scorecard_data(card))

    @extend_schema(
        summary="Close scoring: compute the result, or open reconciliation when totals spread too far",
        tags=["councils"],
        request=s.CloseSerializer,
        responses={200: s.AssignmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        assignment = self.get_object()
        require_perm(request, "evaluation.close_councilassignment", assignment)
        data = validated(self, s.CloseSerializer, request.data)
        council_services.assignment_close(assignment=assignment, by=request.user, late_reason=data["late_reason"])
        return Response(s.AssignmentSerializer(_assignments(request.user).get(pk=assignment.pk)).data)


def _results(user):
    return _assignments(user).filter(state=AssignmentState.CLOSED)


@extend_schema_view(
    list=extend_schema(summary="List closed council results the user may read", tags=["councils"]),
    retrieve=extend_schema(summary="Read one closed council result", tags=["councils"]),
)
class CouncilResultViewSet(ReadOnlyViewSet):
    """Results exist only once a council closed scoring on a dossier; before that, 404."""

    serializer_class = s.ResultSerializer
    filterset_class = AssignmentFilter
    selector = _results


class DecisionFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=Level.choices, label="Only decisions of this level.")
    year = YearFilter(field_name="date__year", label="Only decisions dated in this year.")


@extend_schema_view(
    list=extend_schema(summary="List decisions in scope", tags=["decisions"]),
    retrieve=extend_schema(summary="Read one decision with its items", tags=["decisions"]),
    create=extend_schema(
        summary="Record a recognition decision (certificates are issued from it)",
        tags=["decisions"],
        request=ds.DecisionCreateSerializer,
        responses={201: ds.DecisionDetailSerializer},
    ),
)
class DecisionViewSet(ListCreateRetrieveViewSet):
    """Province staff and district officers, as on the decision pages."""

    serializer_class = ds.DecisionSerializer
    filterset_class = DecisionFilter
    selector = selectors.decisions_visible_to

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_perm(request, "evaluation.add_decision")

    def _detail(self, decision, code=status.HTTP_200_OK):
        decision.api_items = list(selectors.decision_items(decision, self.request.user))
        return Response(ds.DecisionDetailSerializer(decision).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        data = validated(self, ds.DecisionCreateSerializer, request.data)
        issuer = data["issuer_unit"]
        decision = decision_record(
            province=issuer if issuer.parent_id is None else issuer.parent,
            issuer_unit=issuer,
            level=data["level"],
            number=data["number"],
            date=data["date"],
            signer=data["signer"],
            signer_title=data["signer_title"],
            authority=data["authority"],
            items=[(item["dossier"], item["stars"]) for item in data["items"]],
            by=request.user,
            late_reason=data["late_reason"],
        )
        return self._detail(get_object_or_404(self.get_queryset(), pk=decision.pk), code=status.HTTP_201_CREATED)
