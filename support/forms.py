"""Forms validate input; the views hand the cleaned data to one service each."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.collation import vi_order
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit

from .enums import FundingSource, GrantState, SupportCategory
from .models import AWARD_AMOUNT_FIELDS, AwardPolicy, BudgetLine, SupportGrant


class VndField(forms.IntegerField):
    """Whole đồng; accepts the way people write it ("12.500.000", "12 500 000 đ")."""

    def __init__(self, *, min_value=0, **kwargs):
        super().__init__(min_value=min_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(".", "").replace(" ", "").replace("\u00a0", "").replace("đ", "").strip()
        return super().to_python(value)


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BudgetLineForm(forms.ModelForm):
    allocated_amount = VndField(label=_("Số được phân bổ (đồng)"))

    class Meta:
        model = BudgetLine
        fields = [
            "year",
            "funding_source",
            "category",
            "district",
            "allocated_amount",
            "decision_number",
            "decision_date",
            "note",
        ]
        widgets = {"decision_date": DateInput()}

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = AdministrativeUnit.objects.filter(
            parent=province, level=UnitLevel.DISTRICT
        ).order_by(*vi_order("name"))
        self.helper = _helper(_("Lưu"))

    def _post_clean(self):
        # The service validates and saves the instance; the form only checks its own fields.
        pass


class GrantProposeForm(forms.ModelForm):
    amount = VndField(label=_("Kinh phí hỗ trợ đề xuất (đồng)"), min_value=1)
    counterpart_amount = VndField(label=_("Vốn đối ứng của chủ thể (đồng)"), required=False)
    total_project_cost = VndField(label=_("Tổng kinh phí dự án (đồng)"), required=False)

    class Meta:
        model = SupportGrant
        fields = [
            "budget_line",
            "producer",
            "product",
            "description",
            "units",
            "amount",
            "counterpart_amount",
            "total_project_cost",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, budget_lines, producers, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = budget_lines
        self.fields["producer"].queryset = producers
        self.fields["product"].queryset = products
        self.helper = _helper(_("Gửi đề xuất"))

    def clean_counterpart_amount(self):
        return self.cleaned_data.get("counterpart_amount") or 0

    def _post_clean(self):
        pass


class GrantApproveForm(forms.Form):
    amount = VndField(label=_("Kinh phí được duyệt (đồng)"), min_value=1)
    decision_number = forms.CharField(label=_("Số quyết định hỗ trợ"), max_length=60)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Phê duyệt"))


class GrantCancelForm(forms.Form):
    note = forms.CharField(label=_("Lý do hủy"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Hủy khoản hỗ trợ"))
        self.helper.inputs[0].field_classes = "btn btn-danger"


class DisbursementForm(forms.Form):
    # timezone.localdate (looked up when the form is shown) is today in the province, not the server's UTC date.
    paid_on = forms.DateField(label=_("Ngày chi"), widget=DateInput(), initial=timezone.localdate)
    amount = VndField(label=_("Số tiền (đồng)"), min_value=1)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Ghi nhận lần chi"))


class AwardPolicyForm(forms.ModelForm):
    class Meta:
        model = AwardPolicy
        fields = list(AWARD_AMOUNT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in AWARD_AMOUNT_FIELDS:
            model_field = AwardPolicy._meta.get_field(name)
            self.fields[name] = VndField(label=model_field.verbose_name, initial=0)
        self.helper = _helper(_("Lưu mức thưởng"))

    def _post_clean(self):
        pass


class GrantFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="budget_line__year", label=_("Năm"))
    category = django_filters.ChoiceFilter(
        field_name="budget_line__category", choices=SupportCategory.choices, label=_("Nội dung hỗ trợ")
    )
    source = django_filters.ChoiceFilter(
        field_name="budget_line__funding_source", choices=FundingSource.choices, label=_("Nguồn vốn")
    )
    district = django_filters.ModelChoiceFilter(
        field_name="producer__district", queryset=AdministrativeUnit.objects.none(), label=_("Huyện")
    )
    state = django_filters.ChoiceFilter(choices=GrantState.choices, label=_("Trạng thái"))

    class Meta:
        model = SupportGrant
        fields = []

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["district"].queryset = districts
        for form_field in self.form.fields.values():
            is_select = isinstance(form_field.widget, forms.Select)
            form_field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
