"""Post-certification inspections (QĐ 26/2026 Art. 9) through the API: the same selectors,
predicates and services as the inspection pages. Province staff of the certificate's province act;
the officer of the product's commune reads; a producer user reads its own concluded inspections."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from evaluation.models import FindingFile, Inspection, InspectionFinding, InspectionPlan
from evaluation.models.inspections import InspectionKind, InspectionState
from evaluation.selectors import certificates as certificate_selectors
from evaluation.selectors import inspections as selectors
from evaluation.services import inspections as services
from evaluation.views.inspections import finding_file_response

from ..filters import YearFilter
from ..serializers import certificates as certificate_serializers
from ..serializers import inspections as s
from .common import ID_PATTERN, ListCreateRetrieveViewSet, require_perm, validated


def _not_found(field: str, message: str) -> Response:
    """An id in the body that the user does not see: a 400 on that field, nothing written."""
    return Response({field: [message]}, status=status.HTTP_400_BAD_REQUEST)


def _require_reader(request) -> None:
    require_perm(request, "evaluation.view_inspections")


@extend_schema_view(
    list=extend_schema(summary="List the province's inspection plans (province staff)", tags=["inspections"]),
    retrieve=extend_schema(summary="Read one inspection plan", tags=["inspections"]),
    create=extend_schema(
        summary="Make the province's inspection plan for a year (province staff)",
        tags=["inspections"],
        request=s.InspectionPlanCreateSerializer,
        responses={201: s.InspectionPlanSerializer},
    ),
)
class InspectionPlanViewSet(ListCreateRetrieveViewSet):
    serializer_class = s.InspectionPlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's look at the model
            return InspectionPlan.objects.none()
        _require_reader(self.request)
        return selectors.inspection_plans_visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        require_perm(request, "evaluation.manage_inspections")
        data = validated(self, s.InspectionPlanCreateSerializer, request.data)
        if not request.user.staff_province_id:  # a superuser has no province of their own
            raise PermissionDenied
        plan = services.inspection_plan_create(province=request.user.staff_province, by=request.user, **data)
        return Response(s.InspectionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class InspectionFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=InspectionState.choices, label="Only inspections in this state.")
    kind = filters.ChoiceFilter(choices=InspectionKind.choices, label="Only inspections of this kind.")
    plan = filters.NumberFilter(field_name="plan_id", label="Only inspections of this plan id.")
    certificate = filters.NumberFilter(field_name="certificate_id", label="Only inspections of this certificate id.")
    year = YearFilter(field_name="planned_on__year", label="Only inspections dated in this year.")


def _detail_queryset(user):
    findings = InspectionFinding.objects.prefetch_related(
        Prefetch("files", queryset=FindingFile.objects.order_by("id"))
    )
    return selectors.inspections_visible_to(user).prefetch_related(
        Prefetch("findings", queryset=findings.order_by("id"))
    )


@extend_schema_view(
    list=extend_schema(summary="List inspections in scope", tags=["inspections"]),
    retrieve=extend_schema(
        summary="Read one inspection with its findings", tags=["inspections"], responses=s.InspectionDetailSerializer
    ),
    create=extend_schema(
        summary="Plan an inspection of a certificate in force (province staff of its province)",
        tags=["inspections"],
        request=s.InspectionCreateSerializer,
        responses={201: s.InspectionDetailSerializer},
    ),
)
class InspectionViewSet(ListCreateRetrieveViewSet):
    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema's look at the model
            return Inspection.objects.none()
        _require_reader(self.request)
        if self.action == "list":
            return (
                selectors.inspections_visible_to(self.request.user)
                .select_related(None)
                .select_related("certificate__product")
            )
        return _detail_queryset(self.request.user)

    def _detail(self, inspection, code=status.HTTP_200_OK) -> Response:
        inspection = _detail_queryset(self.request.user).get(pk=inspection.pk)
        return Response(s.InspectionDetailSerializer(inspection).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return Response(s.InspectionDetailSerializer(self.get_object()).data)

    def _managed(self, request):
        inspection = self.get_object()
        require_perm(request, "evaluation.manage_inspection", inspection)
        return inspection

    def create(self, request, *args, **kwargs):
        require_perm(request, "evaluation.manage_inspections")
        data = validated(self, s.InspectionCreateSerializer, request.data)
        certificate = certificate_selectors.certificates_visible_to(request.user).filter(pk=data["certificate"]).first()
        if certificate is None:
            return _not_found("certificate", _("Không có giấy chứng nhận này trong phạm vi của bạn."))
        require_perm(request, "evaluation.manage_inspection", certificate)
        data["certificate"] = certificate
        if data["plan"] is not None:
            data["plan"] = selectors.inspection_plans_visible_to(request.user).filter(pk=data["plan"]).first()
            if data["plan"] is None:
                return _not_found("plan", _("Không có kế hoạch kiểm tra này trong phạm vi của bạn."))
        if data["misuse_report"] is not None:
            reports = certificate_selectors.misuse_reports_visible_to(request.user)
            data["misuse_report"] = reports.filter(pk=data["misuse_report"]).first()
            if data["misuse_report"] is None:
                return _not_found("misuse_report", _("Không có phản ánh này trong phạm vi của bạn."))
        inspection = services.inspection_create(by=request.user, **data)
        return self._detail(inspection, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record a finding with its evidence files (multipart, or JSON without files; until the conclusion)",
        tags=["inspections"],
        request={"multipart/form-data": s.FindingCreateSerializer, "application/json": s.FindingCreateSerializer},
        responses={201: s.FindingSerializer},
    )
    @action(
        detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser], filterset_class=None
    )
    def findings(self, request, pk=None):
        inspection = self._managed(request)
        data = validated(self, s.FindingCreateSerializer, request.data)
        finding = services.inspection_finding_add(inspection=inspection, by=request.user, **data)
        return Response(s.FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record the inspection's conclusion (starts the 15-day revocation clock)",
        tags=["inspections"],
        request=s.ConclusionSerializer,
        responses={200: s.InspectionDetailSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def conclude(self, request, pk=None):
        inspection = self._managed(request)
        data = validated(self, s.ConclusionSerializer, request.data)
        services.inspection_conclude(inspection=inspection, by=request.user, **data)
        return self._detail(inspection)

    @extend_schema(
        summary="Revoke the certificate on a finding's Art. 8 ground (decision within 15 days of the conclusion)",
        description="The province decides for 3★/4★; for 5★ the Ministry's decision is recorded (level central).",
        tags=["inspections"],
        request=s.FindingRevocationSerializer,
        responses={200: certificate_serializers.CertificateSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=f"findings/(?P<finding_id>{ID_PATTERN})/revoke",
        url_name="finding-revoke",
        filterset_class=None,
    )
    def finding_revoke(self, request, pk=None, finding_id=None):
        inspection = self._managed(request)
        finding = inspection.findings.filter(pk=finding_id).first()
        if finding is None:
            raise Http404
        require_perm(request, "evaluation.revoke_certificate", inspection.certificate)
        data = validated(self, s.FindingRevocationSerializer, request.data)
        certificate = services.inspection_finding_revoke(finding=finding, by=request.user, **data)
        certificate = certificate_selectors.certificates_visible_to(request.user).get(pk=certificate.pk)
        return Response(certificate_serializers.CertificateSerializer(certificate).data)

    @extend_schema(
        summary="Link a public misuse report of this certificate to the inspection",
        tags=["inspections"],
        request=s.ReportLinkSerializer,
        responses={200: s.InspectionDetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="link-report", url_name="link-report", filterset_class=None)
    def link_report(self, request, pk=None):
        inspection = self._managed(request)
        report_id = validated(self, s.ReportLinkSerializer, request.data)["misuse_report"]
        report = certificate_selectors.misuse_reports_visible_to(request.user).filter(pk=report_id).first()
        if report is None:
            return _not_found("misuse_report", _("Không có phản ánh này trong phạm vi của bạn."))
        services.misuse_report_link(report=report, inspection=inspection, by=request.user)
        return self._detail(inspection)

    @extend_schema(
        summary="Download a finding's evidence file",
        tags=["inspections"],
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No such file in this inspection."),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=f"files/(?P<file_id>{ID_PATTERN})",
        url_name="file",
        filterset_class=None,
        pagination_class=None,
    )
    def file(self, request, pk=None, file_id=None):
        return finding_file_response(self.get_object(), file_id)
