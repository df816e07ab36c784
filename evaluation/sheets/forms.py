"""Forms of the sheet pages. They validate; the services in evaluation/services/sheets.py write."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from products.models import ProductSet

from ..models import Framework

STAR_CHOICES = [("", "—"), ("3", "★★★"), ("4", "★★★★"), ("5", "★★★★★")]
POINTS = {"max_digits": 5, "decimal_places": 2, "min_value": 0}


class SheetImportForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("Khung pháp lý"), queryset=Framework.objects.order_by("code"))
    product_set = forms.ModelChoiceField(
        label=_("Bộ sản phẩm"), queryset=ProductSet.objects.order_by("framework_code", "code")
    )
    title = forms.CharField(label=_("Tên phiếu"), max_length=255, required=False)
    file = forms.FileField(
        label=_("Tệp phiếu (.xlsx hoặc .csv)"),
        help_text=_("Đúng bố cục cột của tệp mẫu; một dòng cho mỗi phương án trả lời."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_set"].label_from_instance = lambda s: f"{s.framework_code} · {s.code}. {s.name}"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        return upload


class GroupForm(forms.Form):
    max_points = forms.DecimalField(
        label=_("Điểm nhóm in trên phiếu"),
        required=False,
        help_text=_("Để trống nếu phiếu không in điểm nhóm."),
        **POINTS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class CriterionForm(forms.Form):
    """The criterion's maximum and star marker, plus points and marker of each option."""

    max_points = forms.DecimalField(label=_("Điểm tối đa của tiêu chí"), **POINTS)
    mandatory_min_star = forms.TypedChoiceField(
        label=_("Dấu sao trên tên tiêu chí"), choices=STAR_CHOICES, required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = list(criterion.options.all())
        for option in self.options:
            case = f" ({option.case.code})" if option.case_id else ""
            self.fields[f"points_{option.pk}"] = forms.DecimalField(
                label=_("Phương án %(number)s%(case)s: điểm") % {"number": option.number, "case": case},
                help_text=option.text,
                initial=option.points,
                **POINTS,
            )
            self.fields[f"star_{option.pk}"] = forms.TypedChoiceField(
                label=_("Phương án %(number)s: mức tối thiểu cho hạng sao") % {"number": option.number},
                choices=STAR_CHOICES,
                required=False,
                coerce=int,
                empty_value=None,
                initial=option.min_star_marker or "",
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def option_changes(self) -> dict:
        return {
            option.pk: (self.cleaned_data[f"points_{option.pk}"], self.cleaned_data[f"star_{option.pk}"])
            for option in self.options
        }
