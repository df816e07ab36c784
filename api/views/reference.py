"""Reference data for any signed-in user: units, product groups and sets, and rounds in scope."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view

from evaluation.enums import RoundState
from evaluation.models import RoundDeadline
from evaluation.selectors.dossiers import rounds_visible_to
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from products.selectors import current_product_groups, current_product_sets

from ..filters import YearFilter
from ..serializers import reference as s
from .common import ReadOnlyViewSet


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
)
class RoundViewSet(ReadOnlyViewSet):
    serializer_class = s.RoundSerializer
    filterset_class = RoundFilter

    def get_queryset(self):
        deadlines = Prefetch("deadlines", queryset=RoundDeadline.objects.order_by("level"))
        return rounds_visible_to(self.request.user).prefetch_related(deadlines)
