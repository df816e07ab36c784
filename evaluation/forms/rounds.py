"""Forms for rounds: the round itself and its per-level deadlines."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import Level, RoundState
from ..models import Framework, FrameworkLevel, Round, RoundDeadline
from ..services.rounds import DEADLINE_STEPS, DeadlineInput


class RoundForm(forms.ModelForm):
    """The framework defaults to the one in force on the opening date; another one not in force
    that day is accepted only with a reason (checked by the service)."""

    class Meta:
        model = Round
        fields = ["year", "number", "opens_on", "framework", "expired_framework_reason", "title"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expired_framework_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opens_on"].required = True
        self.fields["framework"].required = False
        self.fields["framework"].empty_label = _("Khung đang có hiệu lực vào ngày mở đợt")
        self.fields["framework"].queryset = Framework.objects.order_by("-valid_from", "code")
        self.fields["framework"].label_from_instance = _framework_label
        self.fields["expired_framework_reason"].help_text = _(
            "Chỉ điền khi chọn khung pháp lý không còn hiệu lực vào ngày mở đợt (ví dụ: đợt của năm cũ)."
        )
        self.fields["year"].min_value = 2019
        self.fields["number"].help_text = _("Thường có hai đợt mỗi năm (đợt 1, đợt 2).")
        if self.instance.pk and self.instance.dossiers.exists():
            self.fields["framework"].disabled = True
            self.fields["framework"].help_text = _("Đợt đã có hồ sơ nên không đổi được khung pháp lý.")


def _framework_label(framework: Framework) -> str:
    until = framework.valid_until.strftime("%d/%m/%Y") if framework.valid_until else "…"
    return f"{framework.name} ({framework.valid_from:%d/%m/%Y} – {until})"


class RoundDeadlinesForm(forms.Form):
    """One date field per level of the round's framework and step: `<level>__<step>`.

    The central level keeps its own calendar, so the province sets deadlines for its own chain.
    """

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(
            FrameworkLevel.objects.filter(framework_id=round_.framework_id)
            .exclude(level=Level.CENTRAL)
            .order_by("order")
            .values_list("level", flat=True)
        )
        existing = {deadline.level: deadline for deadline in RoundDeadline.objects.filter(round=round_)}
        for level in self.levels:
            for step in DEADLINE_STEPS:
                field = RoundDeadline._meta.get_field(step)
                self.fields[f"{level}__{step}"] = forms.DateField(
                    label=field.verbose_name,
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    initial=getattr(existing.get(level), step, None),
                )

    def rows(self):
        """[(level label, [bound fields in step order])] for the template's table."""
        return [(Level(level).label, [self[f"{level}__{step}"] for step in DEADLINE_STEPS]) for level in self.levels]

    def deadlines(self) -> list[DeadlineInput]:
        return [
            DeadlineInput(level=level, **{step: self.cleaned_data.get(f"{level}__{step}") for step in DEADLINE_STEPS})
            for level in self.levels
        ]


class RoundTemplateForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2026, max_value=2100)
    pair = forms.TypedChoiceField(
        label=_("Đợt"), coerce=int, choices=[(1, _("Đợt 1 (xã đề nghị trước 30/4)")), (2, _("Đợt 2 (trước 30/10)"))]
    )


class RoundStateForm(forms.Form):
    to = forms.ChoiceField(choices=RoundState.choices)
