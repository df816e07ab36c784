"""Dossiers through the API: the same selector, predicates and services as the dossier pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from evaluation.enums import DossierKind, DossierState, Level
from evaluation.models import DossierTransition, EvidenceFile, SelfAssessmentAnswer
from evaluation.rules.dossiers import may_open_dossiers
from evaluation.selectors.dossiers import dossiers_visible_to
from evaluation.services import decisions as decision_services
from evaluation.services import dossiers as dossier_services
from evaluation.services import evidence as evidence_services
from evaluation.services.scorecards import sheet_criteria

from ..filters import YearFilter
from ..serializers import dossiers as s
from .common import ListCreateRetrieveViewSet, require_perm, validated


class DossierFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=DossierState.choices, label="Only dossiers in this state.")
    kind = filters.ChoiceFilter(choices=DossierKind.choices, label="Only dossiers of this kind.")
    level = filters.ChoiceFilter(
        field_name="current_level", choices=Level.choices, label="Only dossiers handled at this level now."
    )
    round = filters.NumberFilter(field_name="round_id", label="Only dossiers of this round id.")
    year = YearFilter(field_name="round__year", label="Only dossiers of rounds of this year.")
    district = filters.NumberFilter(field_name="district_id", label="Only dossiers of this district id.")
    product = filters.NumberFilter(field_name="product_id", label="Only dossiers of this product id.")


def _detail_queryset(user):
    return dossiers_visible_to(user).prefetch_related(
        Prefetch("evidence", queryset=EvidenceFile.objects.order_by("evidence_type", "uploaded_at", "id")),
        Prefetch("transitions", queryset=DossierTransition.objects.order_by("at", "id")),
        Prefetch("self_assessment", queryset=SelfAssessmentAnswer.objects.order_by("criterion_id")),
    )


@extend_schema_view(
    list=extend_schema(summary="List dossiers in scope", tags=["dossiers"]),
    retrieve=extend_schema(summary="Read one dossier", tags=["dossiers"], responses=s.DossierDetailSerializer),
    create=extend_schema(
        summary="Open a dossier for a product in an open round",
        tags=["dossiers"],
        request=s.DossierCreateSerializer,
        responses={201: s.DossierDetailSerializer},
    ),
    partial_update=extend_schema(
        summary="Save the registration form and/or self-assessment (while draft or returned)",
        tags=["dossiers"],
        request=s.DossierUpdateSerializer,
        responses={200: s.DossierDetailSerializer},
    ),
)
class DossierViewSet(mixins.UpdateModelMixin, ListCreateRetrieveViewSet):
    """Province staff see their province's dossiers, a district officer their district's, a
    producer user their own, a council member those assigned to their councils."""

    serializer_class = s.DossierSerializer
    filterset_class = DossierFilter
    selector = dossiers_visible_to
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action == "list":  # only what DossierSerializer reads
            return (
                dossiers_visible_to(self.request.user).select_related(None).select_related("product__producer", "round")
            )
        return _detail_queryset(self.request.user)

    def _detail(self, dossier, *, code=status.HTTP_200_OK) -> Response:
        dossier = _detail_queryset(self.request.user).get(pk=dossier.pk)
        return Response(s.DossierDetailSerializer(self._with_missing(dossier)).data, status=code)

    def _with_missing(self, dossier):
        can_edit = self.request.user.has_perm("evaluation.edit_dossier", dossier)
        dossier.api_missing_items = dossier_services.dossier_missing_items(dossier) if can_edit else []
        return dossier

    def retrieve(self, request, *args, **kwargs):
        return Response(s.DossierDetailSerializer(self._with_missing(self.get_object())).data)

    def create(self, request, *args, **kwargs):
        if not may_open_dossiers.test(request.user):
            raise PermissionDenied
        data = validated(self, s.DossierCreateSerializer, request.data)
        dossier = dossier_services.dossier_create(by=request.user, **data)
        return self._detail(dossier, code=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        dossier = self.get_object()
        require_perm(request, "evaluation.prepare_dossier", dossier)
        data = validated(self, s.DossierUpdateSerializer, request.data)
        version = data["version"]
        if "registration" in data:
            dossier = dossier_services.dossier_update_registration(
                dossier=dossier, data=data["registration"], version=version, by=request.user
            )
            version = dossier.version
        if "self_assessment" in data:
            answers = {a["criterion"]: a["option"] for a in data["self_assessment"]["answers"]}
            dossier = dossier_services.dossier_save_self_assessment(
                dossier=dossier,
                answers=answers,
                case_choices=data["self_assessment"]["case_choices"],
                version=version,
                by=request.user,
            )
        return self._detail(dossier)

    @extend_schema(
        summary="Submit (or resubmit after a return) to the current level",
        tags=["dossiers"],
        request=None,
        responses={200: s.DossierDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        dossier = self.get_object()
        require_perm(request, "evaluation.prepare_dossier", dossier)
        dossier_services.dossier_submit(dossier=dossier, by=request.user)
        return self._detail(dossier)

    @extend_schema(
        summary="Withdraw a dossier no council has taken up",
        tags=["dossiers"],
        request=s.NoteSerializer,
        responses={200: s.DossierDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        dossier = self.get_object()
        require_perm(request, "evaluation.prepare_dossier", dossier)
        data = validated(self, s.NoteSerializer, request.data)
        dossier_services.dossier_withdraw(dossier=dossier, by=request.user, note=data["note"])
        return self._detail(dossier)

    @extend_schema(
        summary="Accept a submitted dossier after the completeness check",
        tags=["dossiers"],
        request=s.NoteSerializer,
        responses={200: s.DossierDetailSerializer},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        dossier = self.get_object()
        require_perm(request, "evaluation.check_dossier", dossier)
        data = validated(self, s.NoteSerializer, request.data)
        dossier_services.dossier_accept(dossier=dossier, by=request.user, note=data["note"])
        return self._detail(dossier)

    @extend_schema(
        summary="Return a submitted dossier for completion, with reasons",
        tags=["dossiers"],
        request=s.ReturnSerializer,
        responses={200: s.DossierDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        dossier = self.get_object()
        require_perm(request, "evaluation.check_dossier", dossier)
        data = validated(self, s.ReturnSerializer, request.data)
        dossier_services.dossier_return(dossier=dossier, by=request.user, reasons=data["reasons"])
        return self._detail(dossier)

    @extend_schema(
        summary="Record the central level's outcome for a dossier forwarded as potential 5★",
        description=(
            "Granted: the central recognition decision is recorded, the dossier decided and its 5★ "
            "certificate issued (the decision is returned in `decision`). Not granted: the central "
            "document is recorded and the dossier goes back to the province as scored, where a "
            "provincial decision recognises the stars below (POST /decisions/ at level province)."
        ),
        tags=["dossiers"],
        request=s.CentralOutcomeSerializer,
        responses={200: s.DossierDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="central-outcome")
    def central_outcome(self, request, pk=None):
        dossier = self.get_object()
        if not (request.user.staff_province_id and request.user.staff_province_id == dossier.province_id):
            raise PermissionDenied
        data = validated(self, s.CentralOutcomeSerializer, request.data)
        decision_services.central_outcome_record(dossier=dossier, by=request.user, **data)
        return self._detail(dossier)

    @extend_schema(
        summary="The dossier's score sheet (cases chosen, commune criteria marked)",
        tags=["dossiers"],
        responses={200: s.SheetCriterionSerializer(many=True)},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def sheet(self, request, pk=None):
        dossier = self.get_object()
        return Response(s.SheetCriterionSerializer(sheet_criteria(dossier), many=True).data)

    @extend_schema(
        summary="Upload an evidence file (multipart)",
        tags=["dossiers"],
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        dossier = self.get_object()
        require_perm(request, "evaluation.prepare_dossier", dossier)
        data = validated(self, s.EvidenceUploadSerializer, request.data)
        evidence = evidence_services.evidence_upload(
            dossier=dossier,
            evidence_type=data["evidence_type"],
            uploaded=data["file"],
            valid_until=data.get("valid_until"),
            by=request.user,
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Delete an evidence file (while draft or returned)",
        tags=["dossiers"],
        request=None,
        responses={204: None},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path="evidence/(?P<evidence_id>[0-9]{1,18})",
        parser_classes=[JSONParser],
    )
    def evidence_delete(self, request, pk=None, evidence_id=None):
        dossier = self.get_object()
        require_perm(request, "evaluation.prepare_dossier", dossier)
        evidence = dossier.evidence.filter(pk=evidence_id).first()
        if evidence is None:
            raise Http404
        evidence_services.evidence_delete(evidence=evidence, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
