"""List filters (django-filter). Choices come from the user's scope, never from the whole table."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import ProducerKind, ProductStatus
from .selectors import current_product_groups, districts_visible_to


def _districts(request):
    return districts_visible_to(request.user)


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
