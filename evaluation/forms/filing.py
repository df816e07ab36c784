"""Forms 01, 02 and 03 of QĐ 26/2026 (Annex III), built from the field lists of
services/filing.py so the page, the completeness check and the PDF name the same fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.filing import FORMS, SEXES, FormField

PHONE_PATTERN = r"^[0-9 +().-]{8,20}$"


def _field(spec: FormField, *, partial: bool) -> forms.Field:
    required = spec.required and not partial
    common = {"label": spec.label, "required": required, "help_text": spec.help_text}
    if spec.kind == "long":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=spec.max_length, **common)
    if spec.kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if spec.kind == "count":
        return forms.IntegerField(min_value=0, max_value=1000, **common)
    if spec.kind == "flag":
        return forms.BooleanField(label=spec.label, required=False)
    if spec.kind == "sex":
        return forms.ChoiceField(choices=[("", "—"), *[(s, s) for s in SEXES]], **common)
    return forms.CharField(max_length=spec.max_length, **common)


class OfficialForm(forms.Form):
    """One of the official forms. With `partial=True` (autosave) nothing is required: a
    half-filled form is kept, and completeness is checked when the dossier is submitted."""

    form_no = ""

    def __init__(self, *args, partial: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for key, spec in FORMS[self.form_no].items():
            self.fields[key] = _field(spec, partial=partial)
        if "phone" in self.fields:
            self.fields["phone"] = forms.RegexField(
                regex=PHONE_PATTERN,
                label=FORMS[self.form_no]["phone"].label,
                required=self.fields["phone"].required,
                max_length=20,
                error_messages={"invalid": _("Số điện thoại không hợp lệ.")},
            )
        if "email" in self.fields:
            self.fields["email"] = forms.EmailField(label=_("Email"), required=False, max_length=254)
        if self.form_no != "03":
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)

    def form_data(self) -> dict:
        """The cleaned values of the posted fields (autosave posts the whole form); unchecked
        boxes are posted as absent, so every flag of the form is taken."""
        data = {}
        for key, spec in FORMS[self.form_no].items():
            if key not in self.data and spec.kind != "flag":
                continue
            value = self.cleaned_data.get(key)
            data[key] = "" if value is None else value
        return data


class Form01(OfficialForm):
    form_no = "01"


class Form02(OfficialForm):
    form_no = "02"


class Form03(OfficialForm):
    """The commune's report; the note goes with the acceptance (the dossier's history)."""

    form_no = "03"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"] = forms.CharField(
            label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
        )
