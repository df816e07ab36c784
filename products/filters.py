"""List filters (django-filter). Choices come from the user's scope, never from the whole table."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.fields import ReadOnceModelChoiceField
from ocop_portal.core.models import AdministrativeUnit

from .enums import ProducerKind, ProductStatus
from .selectors import current_product_groups, districts_visible_to, provinces_to_choose_from


def _provinces(request) -> list[AdministrativeUnit]:
    """Cached on the request: the province filter and the district filter both ask."""
    if not hasattr(request, "_ocop_filter_provinces"):
        request._ocop_filter_provinces = list(provinces_to_choose_from(request.user))
    return request._ocop_filter_provinces


def _chooses_province(request) -> bool:
    return len(_provinces(request)) > 1


def _province_queryset(request):
    # Lazy: a `province` value is checked against it without listing every province first.
    return provinces_to_choose_from(request.user)


def _number(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _districts(request):
    """The user's districts; across several provinces, those of the chosen province (a select of
    ~700 districts helps nobody and costs more to render than the whole list)."""
    districts = districts_visible_to(request.user)
    province, district = _number(request, "province"), _number(request, "district")
    if (province is None and district is None) or not _chooses_province(request):
        return districts
    if province is not None:
        return districts.filter(parent_id=province)
    return districts.filter(pk=district)  # a link that names only the district


class ProvinceDistrictFilterMixin:
    """For the list pages: the province filter only for users whose scope spans several
    provinces, and the district filter left out until a province (or a district) is chosen.
    The pages render their filters, so their model selects read their rows once
    (`ReadOnceModelChoiceField`); the API only checks a value, with one `get`."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not _chooses_province(request):
            self.filters.pop("province", None)
        else:
            self.filters["province"].extra["rows"] = _provinces(request)
            if _number(request, "province") is None and _number(request, "district") is None:
                del self.filters["district"]
        for model_filter in self.filters.values():
            if type(model_filter) is django_filters.ModelChoiceFilter:
                model_filter.field_class = ReadOnceModelChoiceField


def _province_filter():
    return django_filters.ModelChoiceFilter(
        label=_("Tỉnh"), queryset=_province_queryset, empty_label=_("Tất cả tỉnh"), widget=_select()
    )


def _select(**attrs):
    return forms.Select(attrs={"data-autosubmit": "", **attrs})


NO_CERTIFICATE = "none"


def _star_choices(at_least: bool):
    label = _("Từ %(stars)s sao") if at_least else _("%(stars)s sao")
    choices = [(str(stars), label % {"stars": stars}) for stars in (3, 4, 5)]
    return [*choices, (NO_CERTIFICATE, _("Chưa có giấy chứng nhận còn hiệu lực"))]


def _filter_stars(queryset, annotation: str, value: str, *, at_least: bool):
    """`annotation` holds the stars in force (see selectors.product_rows / producer_rows)."""
    if value == NO_CERTIFICATE:
        return queryset.filter(**{f"{annotation}__isnull": True})
    return queryset.filter(**{f"{annotation}__gte" if at_least else annotation: int(value)})


class ProducerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên hoặc số ĐKKD"), method="search")
    province = _province_filter()
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện"), queryset=_districts, empty_label=_("Tất cả huyện"), widget=_select()
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại hình"), choices=ProducerKind.choices, empty_label=_("Tất cả loại hình"), widget=_select()
    )
    stars = django_filters.ChoiceFilter(
        label=_("Có sản phẩm đạt"),
        choices=_star_choices(at_least=True),
        empty_label=_("Mọi hạng sao"),
        method="filter_stars",
        widget=_select(),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(registration_number__icontains=value.replace(" ", "")))

    def filter_stars(self, queryset, name, value):
        return _filter_stars(queryset, "best_stars", value, at_least=True)


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên sản phẩm, chủ thể hoặc số ĐKKD"), method="search")
    province = _province_filter()
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện"), queryset=_districts, empty_label=_("Tất cả huyện"), widget=_select()
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Nhóm sản phẩm"),
        field_name="product_set__group",
        queryset=lambda request: current_product_groups(),
        empty_label=_("Tất cả nhóm"),
        widget=_select(),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại hình chủ thể"),
        field_name="producer__kind",
        choices=ProducerKind.choices,
        empty_label=_("Tất cả loại hình"),
        widget=_select(),
    )
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=ProductStatus.choices, empty_label=_("Tất cả trạng thái"), widget=_select()
    )
    stars = django_filters.ChoiceFilter(
        label=_("Hạng sao"),
        choices=_star_choices(at_least=False),
        empty_label=_("Mọi hạng sao"),
        method="filter_stars",
        widget=_select(),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(producer__name__icontains=value)
            | Q(producer__registration_number__icontains=value.replace(" ", ""))
        )

    def filter_stars(self, queryset, name, value):
        return _filter_stars(queryset, "current_stars", value, at_least=False)


class ProducerListFilter(ProvinceDistrictFilterMixin, ProducerFilter):
    """The producer list page and its export (the API filters with ProducerFilter)."""


class ProductListFilter(ProvinceDistrictFilterMixin, ProductFilter):
    """The product list page and its export (the API filters with ProductFilter)."""
