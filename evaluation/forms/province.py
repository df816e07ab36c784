"""Forms of the province's steps: the advisory team's records, the chairman's approval of a
potential 5★ result, sending the 5★ dossier to the Ministry and recording its outcome."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import AdvisoryKind

DATE = {"type": "date"}


def _date_field(label, *, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))


class AdvisoryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại ghi nhận"), choices=AdvisoryKind.choices)
    on = _date_field(_("Ngày"))
    text = forms.CharField(
        label=_("Nội dung"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Nhận xét, kết quả khảo sát, chỉ tiêu cần kiểm nghiệm, kết quả kiểm nghiệm hoặc báo cáo."),
    )
    answers = forms.ModelChoiceField(
        label=_("Trả lời đề nghị kiểm nghiệm"),
        queryset=None,
        required=False,
        help_text=_("Chỉ với kết quả kiểm nghiệm bổ sung."),
    )

    def __init__(self, *args, open_requests=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answers"].queryset = open_requests
        self.fields["answers"].label_from_instance = lambda record: f"{record.on:%d/%m/%Y} · {record.text[:60]}"
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())


class ApproveForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định phê duyệt"), max_length=60)
    date = _date_field(_("Ngày phê duyệt"))
    signer = forms.CharField(label=_("Người ký (Chủ tịch UBND tỉnh)"), max_length=150)


class SendForm(forms.Form):
    letter_number = forms.CharField(label=_("Số công văn đề nghị"), max_length=60, required=False)
    letter_date = _date_field(_("Ngày công văn"), required=False)


class MinistryOutcomeForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Kết quả của Bộ"),
        choices=[("yes", _("Công nhận 5 sao")), ("no", _("Không công nhận 5 sao"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    number = forms.CharField(label=_("Số văn bản của Bộ"), max_length=60)
    date = _date_field(_("Ngày văn bản"))
    signer = forms.CharField(label=_("Người ký"), max_length=150)
    authority = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, initial=_("Bộ Nông nghiệp và Môi trường"))
    score = forms.DecimalField(
        label=_("Điểm của Bộ"),
        required=False,
        max_digits=5,
        decimal_places=2,
        localize=True,  # typed the way the language writes it: 82,5 in Vietnamese
        help_text=_("Khi Bộ không công nhận: tỉnh công nhận 3 hoặc 4 sao theo kết quả này (Điều 7 khoản 4)."),
    )
    stars = forms.TypedChoiceField(
        label=_("Hạng sao theo kết quả của Bộ"),
        choices=[("", _("Theo điểm")), ("4", "4"), ("3", "3"), ("2", "2"), ("1", "1")],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Để trống: hạng theo điểm của Bộ; ghi khi tiêu chí bắt buộc hạ hạng sao."),
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
