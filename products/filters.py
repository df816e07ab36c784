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


class ProducerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên hoặc số ĐKKD"), method="search")
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện"), queryset=_districts, empty_label=_("Tất cả huyện"), widget=_select()
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại hình"), choices=ProducerKind.choices, empty_label=_("Tất cả loại hình"), widget=_select()
    )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(registration_number__icontains=value.replace(" ", "")))


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

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(producer__name__icontains=value)
            | Q(producer__registration_number__icontains=value.replace(" ", ""))
        )
