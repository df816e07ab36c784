"""Support money and annual reports, with the support and reports apps' selectors and rules."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from reports import selectors as report_selectors
from reports import services as report_services
from reports.enums import RequestState
from support import selectors, services
from support.enums import FundingSource, GrantState, SupportCategory

from ..filters import YearFilter
from ..serializers import reports as rs
from ..serializers import support as s
from .common import ListCreateRetrieveViewSet, require_perm, validated


class BudgetLineFilter(filters.FilterSet):
    year = YearFilter(field_name="year", label="Only lines of this year.")
    category = filters.ChoiceFilter(choices=SupportCategory.choices, label="Only lines of this category.")
    funding_source = filters.ChoiceFilter(choices=FundingSource.choices, label="Only lines from this source.")
    district = filters.NumberFilter(field_name="district_id", label="Only lines reserved for this district id.")


@extend_schema_view(
    list=extend_schema(summary="List budget lines in scope", tags=["support"]),
    retrieve=extend_schema(summary="Read one budget line", tags=["support"]),
    create=extend_schema(
        summary="Record a budget line (province staff)",
        tags=["support"],
        request=s.BudgetLineCreateSerializer,
        responses={201: s.BudgetLineSerializer},
    ),
)
class BudgetLineViewSet(ListCreateRetrieveViewSet):
    """Province staff: their province's lines; a district officer: the province-wide lines and
    their district's (read-only)."""

    serializer_class = s.BudgetLineSerializer
    filterset_class = BudgetLineFilter
    selector = selectors.budget_lines_visible_to

    def create(self, request, *args, **kwargs):
        require_perm(request, "support.add_budgetline")
        data = validated(self, s.BudgetLineCreateSerializer, request.data)
        line = services.budget_line_create(by=request.user, province=request.user.staff_province, **data)
        line = get_object_or_404(self.get_queryset(), pk=line.pk)
        return Response(s.BudgetLineSerializer(line).data, status=status.HTTP_201_CREATED)


class GrantFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=GrantState.choices, label="Only grants in this state.")
    year = YearFilter(field_name="budget_line__year", label="Only grants on lines of this year.")
    category = filters.ChoiceFilter(
        field_name="budget_line__category", choices=SupportCategory.choices, label="Only this category."
    )
    producer = filters.NumberFilter(field_name="producer_id", label="Only grants to this producer id.")
    district = filters.NumberFilter(field_name="producer__district_id", label="Only producers of this district id.")


@extend_schema_view(
    list=extend_schema(summary="List support grants in scope", tags=["support"]),
    retrieve=extend_schema(summary="Read one support grant", tags=["support"]),
    create=extend_schema(
        summary="Propose a support grant",
        tags=["support"],
        request=s.GrantCreateSerializer,
        responses={201: s.GrantSerializer},
    ),
)
class GrantViewSet(ListCreateRetrieveViewSet):
    """Province staff: their province's grants; a district officer: their district's producers';
    a producer user: their own. Proposing follows the support pages' rule."""

    serializer_class = s.GrantSerializer
    filterset_class = GrantFilter
    selector = selectors.grants_visible_to

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_perm(request, "support.view_grants")

    def create(self, request, *args, **kwargs):
        require_perm(request, "support.add_supportgrant")
        data = validated(self, s.GrantCreateSerializer, request.data)
        grant = services.grant_propose(by=request.user, **data)
        return self._read(grant, status.HTTP_201_CREATED)

    def _read(self, grant, code=status.HTTP_200_OK) -> Response:
        return Response(s.GrantSerializer(get_object_or_404(self.get_queryset(), pk=grant.pk)).data, status=code)

    @extend_schema(
        summary="Approve a proposed grant under a support decision (province staff)",
        tags=["support"],
        request=s.GrantApproveSerializer,
        responses={200: s.GrantSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request, pk=None):
        grant = self.get_object()
        require_perm(request, "support.approve_supportgrant", grant)
        data = validated(self, s.GrantApproveSerializer, request.data)
        services.grant_approve(grant=grant, by=request.user, **data)
        return self._read(grant)

    @extend_schema(
        summary="Refuse a proposed grant, or cancel an approved unpaid one, with the reason",
        tags=["support"],
        request=s.GrantRefuseSerializer,
        responses={200: s.GrantSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def refuse(self, request, pk=None):
        grant = self.get_object()
        require_perm(request, "support.cancel_supportgrant", grant)
        note = validated(self, s.GrantRefuseSerializer, request.data)["note"]
        services.grant_cancel(grant=grant, by=request.user, note=note)
        return self._read(grant)

    @extend_schema(
        summary="Record a payment on an approved grant (province staff)",
        tags=["support"],
        request=s.DisbursementCreateSerializer,
        responses={201: s.DisbursementSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def disburse(self, request, pk=None):
        grant = self.get_object()
        require_perm(request, "support.disburse_supportgrant", grant)
        data = validated(self, s.DisbursementCreateSerializer, request.data)
        payment = services.disbursement_create(grant=grant, by=request.user, **data)
        return Response(s.DisbursementSerializer(payment).data, status=status.HTTP_201_CREATED)


class ReportRequestFilter(filters.FilterSet):
    year = YearFilter(field_name="year", label="Only requests for this year.")
    state = filters.ChoiceFilter(choices=RequestState.choices, label="Only requests in this state.")


def _report_requests(user):
    return report_selectors.report_requests_visible_to(user).order_by("-year", "-version", "-id")


@extend_schema_view(
    list=extend_schema(summary="List annual-report requests (province staff)", tags=["reports"]),
    retrieve=extend_schema(summary="Read a request's status", tags=["reports"]),
    create=extend_schema(
        summary="Request the annual report for a year (or get the one already queued)",
        tags=["reports"],
        request=rs.ReportRequestCreateSerializer,
        responses={201: rs.ReportRequestSerializer},
    ),
)
class ReportRequestViewSet(ListCreateRetrieveViewSet):
    """The annual report is built by a background job; poll the request, then download."""

    serializer_class = rs.ReportRequestSerializer
    filterset_class = ReportRequestFilter
    selector = _report_requests

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_perm(request, "reports.manage_annual_report")

    def create(self, request, *args, **kwargs):
        year = validated(self, rs.ReportRequestCreateSerializer, request.data)["year"]
        report = report_services.report_request_create(province=request.user.staff_province, year=year, by=request.user)
        report.refresh_from_db()
        return Response(
            rs.ReportRequestSerializer(report, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Download a finished report file",
        tags=["reports"],
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(rs.FILE_KINDS), description="pdf or xlsx.")
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path="download/(?P<kind>pdf|xlsx)", filterset_class=None)
    def download(self, request, pk=None, kind=None):
        report = self.get_object()
        require_perm(request, "reports.view_report_request", report)
        file = getattr(report, kind)
        if report.state != RequestState.DONE or not file:
            raise Http404
        name = f"bao-cao-ocop-{report.year}-v{report.version}.{kind}"
        return FileResponse(file.open("rb"), as_attachment=True, filename=name)
