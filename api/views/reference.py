"""Reference data for any signed-in user: units, product groups and sets, and rounds in scope
(which the province's staff also create, schedule, open and close here)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from evaluation.enums import RoundState
from evaluation.models import RoundDeadline
from evaluation.selectors.dossiers import rounds_visible_to
from evaluation.services import rounds as round_services
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from products.selectors import current_product_groups, current_product_sets

from ..filters import YearFilter
from ..serializers import reference as s
from .common import ListCreateRetrieveViewSet, ReadOnlyViewSet, require_perm, validated


def administrative_units(user):
    """Official units are public reference data: every signed-in user reads all of them."""
    return AdministrativeUnit.objects.order_by("level", "code", "id")


class UnitFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=UnitLevel.choices, label="Only units of this level.")
    parent = filters.NumberFilter(field_name="parent_id", label="Only the children of this unit id.")
    code = filters.CharFilter(field_name="code", label="Only units with this exact GSO code.")


@extend_schema_view(
    list=extend_schema(summary="List administrative units", tags=["reference"]),
    retrieve=extend_schema(summary="Read one administrative unit", tags=["reference"]),
)
class AdministrativeUnitViewSet(ReadOnlyViewSet):
    """Provinces, districts and communes with their official codes."""

    serializer_class = s.AdministrativeUnitSerializer
    filterset_class = UnitFilter
    selector = administrative_units


class ProductSetFilter(filters.FilterSet):
    group = filters.NumberFilter(field_name="group_id", label="Only the sets of this product group id.")


@extend_schema_view(
    list=extend_schema(summary="List product groups (current framework)", tags=["reference"]),
    retrieve=extend_schema(summary="Read one product group", tags=["reference"]),
)
class ProductGroupViewSet(ReadOnlyViewSet):
    serializer_class = s.ProductGroupSerializer

    def get_queryset(self):
        return current_product_groups()


@extend_schema_view(
    list=extend_schema(summary="List product sets (current framework)", tags=["reference"]),
    retrieve=extend_schema(summary="Read one product set", tags=["reference"]),
)
class ProductSetViewSet(ReadOnlyViewSet):
    serializer_class = s.ProductSetSerializer
    filterset_class = ProductSetFilter

    def get_queryset(self):
        return current_product_sets()


class RoundFilter(filters.FilterSet):
    year = YearFilter(field_name="year", label="Only rounds of this year.")
    state = filters.ChoiceFilter(choices=RoundState.choices, label="Only rounds in this state.")


@extend_schema_view(
    list=extend_schema(summary="List evaluation rounds of the user's province", tags=["evaluation"]),
    retrieve=extend_schema(summary="Read one round with its deadlines", tags=["evaluation"]),
    create=extend_schema(
        summary="Create a planned round (province staff)",
        tags=["evaluation"],
        request=s.RoundCreateSerializer,
        responses={201: s.RoundSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a round's year, number, framework or title (province staff)",
        tags=["evaluation"],
        request=s.RoundUpdateSerializer,
        responses={200: s.RoundSerializer},
    ),
)
class RoundViewSet(ListCreateRetrieveViewSet):
    """Every role reads its province's rounds; the province's staff create them, set their
    deadlines and open and close them (evaluation.services.rounds, as on the round pages)."""

    serializer_class = s.RoundSerializer
    filterset_class = RoundFilter
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        deadlines = Prefetch("deadlines", queryset=RoundDeadline.objects.order_by("level"))
        return rounds_visible_to(self.request.user).prefetch_related(deadlines)

    def _read(self, round_, code=status.HTTP_200_OK) -> Response:
        return Response(s.RoundSerializer(self.get_queryset().get(pk=round_.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        if not request.user.staff_province_id:
            raise PermissionDenied
        data = validated(self, s.RoundCreateSerializer, request.data)
        round_ = round_services.round_create(province=request.user.staff_province, by=request.user, **data)
        return self._read(round_, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        round_ = self.get_object()
        require_perm(request, "evaluation.manage_round", round_)
        data = validated(self, s.RoundUpdateSerializer, request.data)
        round_services.round_update(round_=round_, by=request.user, **data)
        return self._read(round_)

    @extend_schema(
        summary="Replace the round's deadlines per level (province staff)",
        tags=["evaluation"],
        request=s.RoundDeadlinesInputSerializer,
        responses={200: s.RoundSerializer},
    )
    @action(detail=True, methods=["put"], filterset_class=None)
    def deadlines(self, request, pk=None):
        round_ = self.get_object()
        require_perm(request, "evaluation.manage_round", round_)
        items = validated(self, s.RoundDeadlinesInputSerializer, request.data)["deadlines"]
        round_services.round_set_deadlines(
            round_=round_, deadlines=[round_services.DeadlineInput(**dict(item)) for item in items], by=request.user
        )
        return self._read(round_)

    @extend_schema(
        summary="Open (from planned) or close (from open) the round (province staff)",
        tags=["evaluation"],
        request=s.RoundTransitionSerializer,
        responses={200: s.RoundSerializer},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def transition(self, request, pk=None):
        round_ = self.get_object()
        require_perm(request, "evaluation.manage_round", round_)
        to = validated(self, s.RoundTransitionSerializer, request.data)["to"]
        round_services.round_transition(round_, to, by=request.user)
        return self._read(round_)
