"""Forms of the inspection pages (QĐ 26/2026 Art. 9). The services check the rules; these only
shape and bound the input."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..enums import RevocationGround
from ..models.inspections import FINDING_GROUNDS, FindingSubject, InspectionKind, InspectionState
from ..services.inspections import MAX_FILES_PER_FINDING


def _date_field(label, **kwargs):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs)


DEFAULT_LEAD = _("Văn phòng Điều phối OCOP tỉnh chủ trì, phối hợp các sở, ngành liên quan")


class InspectionPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2019, max_value=2100)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=255)
    note = forms.CharField(
        label=_("Nội dung"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hình thức"), choices=InspectionKind.choices)
    plan = forms.ModelChoiceField(label=_("Kế hoạch kiểm tra"), queryset=None, required=False)
    planned_on = _date_field(_("Ngày kiểm tra"))
    checks_criteria = forms.BooleanField(label=_("Kiểm tra việc duy trì tiêu chí"), required=False, initial=True)
    checks_mark = forms.BooleanField(label=_("Kiểm tra việc sử dụng biểu trưng OCOP"), required=False, initial=True)
    lead = forms.CharField(label=_("Đơn vị chủ trì, phối hợp"), max_length=255, initial=DEFAULT_LEAD)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].help_text = _("Bắt buộc với kiểm tra định kỳ.")


class ReportInspectionForm(forms.Form):
    """From a misuse report: open an ad-hoc inspection of the mark's use, or link an existing one."""

    inspection = forms.ModelChoiceField(
        label=_("Gắn với lần kiểm tra đã có"),
        queryset=None,
        required=False,
        empty_label=_("— Mở lần kiểm tra đột xuất mới —"),
    )
    planned_on = _date_field(_("Ngày kiểm tra"), required=False)
    lead = forms.CharField(label=_("Đơn vị chủ trì, phối hợp"), max_length=255, required=False, initial=DEFAULT_LEAD)

    def __init__(self, *args, inspections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = inspections

    def clean(self):
        data = super().clean()
        if not data.get("inspection"):
            if not data.get("planned_on"):
                self.add_error("planned_on", _("Hãy ghi ngày kiểm tra của lần kiểm tra đột xuất."))
            if not (data.get("lead") or "").strip():
                self.add_error("lead", _("Hãy ghi đơn vị chủ trì, phối hợp."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class FindingForm(forms.Form):
    subject = forms.ChoiceField(label=_("Nội dung kiểm tra"), choices=FindingSubject.choices)
    breach = forms.BooleanField(label=_("Có vi phạm, không đạt"), required=False)
    description = forms.CharField(label=_("Phát hiện"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
    proposed_ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi đề xuất"),
        required=False,
        choices=[("", "---------"), *[(code, RevocationGround(code).label) for code in FINDING_GROUNDS]],
    )
    files = MultipleFileField(label=_("Minh chứng (PDF, JPEG, PNG)"), required=False, allow_empty_file=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("Tối đa %(count)s tệp, mỗi tệp %(limit)s; kiểm tra theo nội dung tệp.") % {
            "count": MAX_FILES_PER_FINDING,
            "limit": filesizeformat(settings.OCOP_MAX_UPLOAD_BYTES),
        }


class ConclusionForm(forms.Form):
    concluded_on = _date_field(
        _("Ngày kết luận"), help_text=_("Thu hồi theo Điều 8 phải trong 15 ngày kể từ ngày này.")
    )
    conclusion = forms.CharField(
        label=_("Kết luận kiểm tra"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )


class FindingRevocationForm(forms.Form):
    """The decision's own data; the ground and the conclusion date come from the finding."""

    decision_number = forms.CharField(label=_("Số quyết định thu hồi"), max_length=60)
    decision_date = _date_field(_("Ngày ban hành"))
    decision_signer = forms.CharField(label=_("Người ký"), max_length=150)
    decision_authority = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    note = forms.CharField(
        label=_("Ghi chú"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class InspectionFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", "---------"), *InspectionState.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Hình thức"), choices=[("", "---------"), *InspectionKind.choices], required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=2019, max_value=2100, required=False)
