"""Forms for dossiers: opening one, the registration form, the self-assessment, evidence, and
the completeness check (return with reasons, accept). Forms validate; the views call one service."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.fields import ReadOnceModelChoiceField
from ocop_portal.core.templatetags.ocop import file_size

from ..enums import DossierKind, DossierState, EvidenceTopic, EvidenceType
from ..models import Criterion
from ..selectors.dossiers import SheetView, certificates_for_renewal, open_rounds_for, products_for_new_dossier
from ..selectors.sheets import evaluable_product_sets
from ..services.dossiers import REGISTRATION_FIELDS


class ProductSelect(forms.Select):
    """A product list whose products that cannot be evaluated are shown, disabled, with why and
    the fix (`not_evaluable`: product pk → text)."""

    not_evaluable: dict = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        reason = self.not_evaluable.get(key)
        if reason:
            option["label"] = f"{label} — {reason}"
            option["attrs"]["disabled"] = True
        return option


class DossierCreateForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=None, widget=ProductSelect)
    round = forms.ModelChoiceField(label=_("Đợt đánh giá"), queryset=None)
    kind = forms.ChoiceField(label=_("Loại hồ sơ"), choices=DossierKind.choices, initial=DossierKind.NEW)
    renews_certificate = forms.ModelChoiceField(
        label=_("Giấy chứng nhận được đánh giá lại/nâng hạng"),
        queryset=None,
        required=False,
        help_text=_("Chỉ với hồ sơ đánh giá lại hoặc nâng hạng; để trống để dùng giấy chứng nhận còn hiệu lực."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = list(open_rounds_for(user).select_related("framework"))
        self.fields["round"].queryset = open_rounds_for(user)
        if len(rounds) == 1:
            self.fields["round"].initial = rounds[0].pk
        products = list(products_for_new_dossier(user).select_related("product_set"))
        self.fields["product"].queryset = products_for_new_dossier(user)
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.producer.name}"
        self.fields["renews_certificate"].queryset = certificates_for_renewal(user)
        self.fields["renews_certificate"].label_from_instance = lambda c: f"{c.number} — {c.product.name} ({c.stars}★)"
        self.rounds = rounds
        self.evaluable = evaluable_product_sets(rounds)
        self.not_evaluable = {
            product.pk: _not_evaluable_text(product.product_set, rounds)
            for product in products
            if rounds and not any(product.product_set_id in self.evaluable[r.pk] for r in rounds)
        }
        self.fields["product"].widget.not_evaluable = self.not_evaluable
        missing = {}
        for product in products:
            if product.pk in self.not_evaluable:
                missing.setdefault(product.product_set, []).append(product)
        self.missing_sheets = sorted(missing.items(), key=lambda item: (-len(item[1]), item[0].code))

    def clean(self):
        data = super().clean()
        product, round_ = data.get("product"), data.get("round")
        if product and round_ and product.product_set_id not in self.evaluable.get(round_.pk, set()):
            self.add_error("product", _not_evaluable_text(product.product_set, [round_]))
        return data


def _not_evaluable_text(product_set, rounds) -> str:
    if not rounds:
        return str(_("chưa có đợt đánh giá nào đang mở"))
    return str(
        _("chưa đánh giá được: Tỉnh cần công bố phiếu chấm cho bộ sản phẩm “%(set)s” theo %(framework)s")
        % {"set": product_set, "framework": rounds[0].framework}
    )


class RegistrationForm(forms.Form):
    """The registration form (phiếu đăng ký). With `partial=True` (autosave) nothing is required:
    a half-filled form is kept, and completeness is checked when the dossier is submitted."""

    product_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    production_capacity = forms.CharField(
        max_length=255, help_text=_("Ví dụ: 20 tấn/năm; 5.000 hộp/tháng; 40 khách/ngày.")
    )
    raw_material_source = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    main_markets = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    workers = forms.IntegerField(min_value=0, max_value=100000)
    annual_revenue = forms.DecimalField(min_value=0, max_digits=15, decimal_places=0)
    packaging = forms.CharField(max_length=255)
    contact_name = forms.CharField(max_length=150)
    contact_phone = forms.RegexField(
        regex=r"^[0-9 +().-]{8,20}$", error_messages={"invalid": _("Số điện thoại không hợp lệ.")}
    )
    contact_email = forms.EmailField()
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, partial: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for key, spec in REGISTRATION_FIELDS.items():
            self.fields[key].label = spec.label
            self.fields[key].required = spec.required and not partial

    def registration_data(self) -> dict:
        """The cleaned values as JSON-safe data, only for fields that were posted (autosave
        posts the whole form, so this is every field in practice)."""
        data = {}
        for key in REGISTRATION_FIELDS:
            if key not in self.data:
                continue
            value = self.cleaned_data.get(key)
            if value is None:
                value = ""
            elif isinstance(value, Decimal):
                value = str(value)
            data[key] = value
        return data


class SelfAssessmentForm(forms.Form):
    """The whole sheet: `criterion_<id>` (an option) for each criterion, `case_<id>` for criteria
    scored in one of several cases. Nothing is required: the producer fills it over several visits."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, sheet_view: SheetView, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet_view = sheet_view
        self.criteria: dict[int, Criterion] = {}
        for block in sheet_view.parts:
            for _group, rows in block.groups:
                for row in rows:
                    criterion = row.criterion
                    self.criteria[criterion.pk] = criterion
                    if row.cases:
                        self.fields[f"case_{criterion.pk}"] = forms.ChoiceField(
                            label=_("Trường hợp áp dụng"),
                            choices=[("", "—")] + [(case.code, f"{case.code}. {case.name}") for case in row.cases],
                            required=False,
                            initial=row.chosen_case,
                        )
                    self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                        label=f"{criterion.code} {criterion.name}",
                        choices=[(option.pk, _option_label(option, row.cases)) for option in row.options],
                        coerce=int,
                        empty_value=None,
                        required=False,
                        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                        initial=row.chosen_option_id,
                    )
                    row.field = self[f"criterion_{criterion.pk}"]
                    row.case_field = self[f"case_{criterion.pk}"] if row.cases else None

    def clean(self):
        """An option left checked under a case the producer has just switched away from is
        dropped, not refused: radios cannot be unchecked, and the service removes that answer."""
        cleaned = super().clean()
        for block in self.sheet_view.parts:
            for _group, rows in block.groups:
                for row in rows:
                    if not row.cases:
                        continue
                    key = f"criterion_{row.criterion.pk}"
                    option = next((o for o in row.options if o.pk == cleaned.get(key)), None)
                    if (
                        option is not None
                        and option.case_id
                        and option.case.code != cleaned.get(f"case_{row.criterion.pk}")
                    ):
                        cleaned[key] = None
        return cleaned

    def answers(self) -> dict[int, int | None]:
        """Only criteria that were posted: an absent radio group leaves the saved answer alone."""
        return {
            criterion_id: self.cleaned_data.get(f"criterion_{criterion_id}")
            for criterion_id in self.criteria
            if f"criterion_{criterion_id}" in self.data
        }

    def case_choices(self) -> dict[str, str]:
        return {
            criterion.code: self.cleaned_data.get(f"case_{criterion_id}") or ""
            for criterion_id, criterion in self.criteria.items()
            if f"case_{criterion_id}" in self.fields and f"case_{criterion_id}" in self.data
        }


def _option_label(option, cases) -> str:
    prefix = f"[{option.case.code}] " if cases and option.case_id else ""
    # The paper sheets mark the minimum for a star level with asterisks; "(3★)" says it plainly.
    marker = f" ({option.min_star_marker}★)" if option.min_star_marker else ""
    return f"{prefix}{option.text} ({_points(option.points)}){marker}"


def _points(value: Decimal) -> str:
    text = f"{value.normalize():f}".replace(".", ",")
    return _("%(points)s điểm") % {"points": text}


class EvidenceUploadForm(forms.Form):
    evidence_type = forms.ChoiceField(label=_("Loại minh chứng"), choices=EvidenceType.choices)
    file = forms.FileField(label=_("Tệp (PDF, JPEG, PNG)"), allow_empty_file=True)
    valid_until = forms.DateField(
        label=_("Hiệu lực đến"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Với giấy tờ có thời hạn (giấy chứng nhận ATTP, phiếu kiểm nghiệm…)."),
    )
    topic = forms.TypedChoiceField(
        label=_("Nội dung trong bảng minh chứng (Mẫu số 02)"),
        choices=[("", "—"), *EvidenceTopic.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, topics: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not topics:
            del self.fields["topic"]
        self.fields["file"].help_text = _("Tối đa %(limit)s; kiểm tra theo nội dung tệp.") % {
            "limit": file_size(settings.OCOP_MAX_UPLOAD_BYTES)
        }
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class ReturnForm(forms.Form):
    reasons = forms.CharField(
        label=_("Lý do trả lại, nội dung cần bổ sung"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )


class AcceptForm(forms.Form):
    """Accepting a dossier; at a level that only checks, the commune's assessment of its criteria."""

    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args, commune_criteria: list[Criterion] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.commune_criteria = list(commune_criteria)
        for criterion in self.commune_criteria:
            self.fields[f"commune_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.code} {criterion.name}",
                choices=[(o.pk, _option_label(o, [])) for o in criterion.options.all()],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def commune_assessment(self) -> dict[str, int]:
        return {c.code: self.cleaned_data[f"commune_{c.pk}"] for c in self.commune_criteria}


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do rút hồ sơ"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class QueueFilterForm(forms.Form):
    round = ReadOnceModelChoiceField(label=_("Đợt"), queryset=None, required=False)
    state = forms.ChoiceField(label=_("Trạng thái"), choices=[("", _("Tất cả")), *DossierState.choices], required=False)
    kind = forms.ChoiceField(label=_("Loại hồ sơ"), choices=[("", _("Tất cả")), *DossierKind.choices], required=False)
    q = forms.CharField(label=_("Tìm sản phẩm, chủ thể"), max_length=100, required=False)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        # A round's label is its title, or its number and year (Round.__str__): nothing joined.
        self.fields["round"].queryset = rounds.select_related(None).only("title", "number", "year")
