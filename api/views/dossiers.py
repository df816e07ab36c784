"""Dossiers through the API: the same selector, predicates and services as the dossier pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
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
from evaluation.services import advisory as advisory_services
from evaluation.services import decisions as decision_services
from evaluation.services import dossiers as dossier_services
from evaluation.services import evidence as evidence_services
from evaluation.services import ministry as ministry_services
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

    # --- the province's steps (QĐ 26/2026 Art. 6.3, 7.3, 7.4): the same services as the pages ---

    def _advisory_dossier(self, request):
        dossier = self.get_object()
        if not advisory_services.advises(request.user, dossier):
            raise PermissionDenied
        return dossier

    @extend_schema(
        methods=["get"],
        summary="The advisory team's records on a dossier",
        tags=["province"],
        responses={200: s.AdvisoryRecordSerializer(many=True)},
    )
    @extend_schema(
        methods=["post"],
        summary="Record a step of the province's advisory team (review, site visit, test request or result, report)",
        description=(
            "Province staff of the dossier's province, or a support-team seat on a provincial council the "
            "dossier is assigned to. A tourism-service dossier needs a site_visit before the provincial "
            "council's cards are submitted. 400 with the reason (nothing written) for a dossier not at the "
            "province, an empty text, a future date, or a test_result that answers no open request."
        ),
        tags=["province"],
        request=s.AdvisoryRecordSerializer,
        responses={201: s.AdvisoryRecordSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def advisory(self, request, pk=None):
        dossier = self._advisory_dossier(request)
        if request.method == "GET":
            records = dossier.advisory_records.select_related("by").order_by("on", "id")
            return Response(s.AdvisoryRecordSerializer(records, many=True).data)
        data = validated(self, s.AdvisoryRecordSerializer, request.data)
        answers = data.pop("answers")
        if answers is not None:
            answers = dossier.advisory_records.filter(pk=answers).first()
            if answers is None:
                raise ValidationError({"answers": _("Hãy chọn đề nghị kiểm nghiệm chưa có kết quả của hồ sơ này.")})
        record = advisory_services.advisory_record(dossier=dossier, by=request.user, answers=answers, **data)
        return Response(s.AdvisoryRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    def _five_star(self, dossier) -> Response:
        submission = ministry_services.submission_of(dossier)
        waiting = ministry_services.waiting_for_the_ministry(dossier)
        standing = ministry_services.dossier_standing(dossier)
        data = {
            "waiting": waiting,
            "approval_number": submission.approval_number if submission else None,
            "approval_date": submission.approval_date if submission else None,
            "letter_number": (submission.letter_number or None) if submission else None,
            "sent_at": submission.sent_at if submission else None,
            "package_job": submission.package_job_id if submission else None,
            "outcome": (submission.outcome or None) if submission else None,
            "ministry_score": submission.ministry_score if submission else None,
            "supported_stars": submission.supported_stars if submission else None,
            "missing": ministry_services.package_missing(dossier) if waiting else [],
            "next_level": standing.level,
            "next_action": standing.action,
            "end": standing.end,
        }
        return Response(s.FiveStarSerializer(data).data)

    def _staff_dossier(self, request):
        dossier = self.get_object()
        if not (request.user.staff_province_id and request.user.staff_province_id == dossier.province_id):
            raise PermissionDenied
        return dossier

    @extend_schema(
        summary="Where a potential 5★ dossier stands: approval, package, what is missing, the Ministry's outcome",
        tags=["province"],
        responses={200: s.FiveStarSerializer},
    )
    @action(detail=True, methods=["get"], url_path="five-star", url_name="five-star")
    def five_star(self, request, pk=None):
        return self._five_star(self._staff_dossier(request))

    @extend_schema(
        summary="Record the provincial chairman's approval of a potential 5★ result (Art. 7.3)",
        tags=["province"],
        request=s.FiveStarApproveSerializer,
        responses={200: s.FiveStarSerializer},
    )
    @action(detail=True, methods=["post"], url_path="five-star/approve", url_name="five-star-approve")
    def five_star_approve(self, request, pk=None):
        dossier = self._staff_dossier(request)
        data = validated(self, s.FiveStarApproveSerializer, request.data)
        ministry_services.five_star_approve(dossier=dossier, by=request.user, **data)
        return self._five_star(dossier)

    @extend_schema(
        summary="Send the 5★ dossier to the Ministry as one package (Art. 6.3)",
        description=(
            "Refused with 400 and the list of what is missing (the letter, the advisory team's report, "
            "the council's report, the approval, the producer's dossier, extra test results, a site visit "
            "for tourism). Sent: the package (ZIP with a SHA-256 manifest) is built as a job, "
            "`package_job`; the Ministry's outcome then goes to POST central-outcome (with `score` when "
            "not granted: the province certifies 3★/4★ on it, Art. 7.4)."
        ),
        tags=["province"],
        request=s.FiveStarSendSerializer,
        responses={200: s.FiveStarSerializer},
    )
    @action(detail=True, methods=["post"], url_path="five-star/send", url_name="five-star-send")
    def five_star_send(self, request, pk=None):
        dossier = self._staff_dossier(request)
        data = validated(self, s.FiveStarSendSerializer, request.data)
        ministry_services.five_star_send(dossier=dossier, by=request.user, **data)
        return self._five_star(dossier)

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
