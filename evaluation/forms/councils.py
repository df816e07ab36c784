"""Forms for councils, conflict declarations, scorecard answers and decisions (services write)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.collation import vi_order
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from products.models import Producer

from ..enums import Level, MemberRole
from ..models import Council, CouncilMember, Decision, ProvinceCouncilRules

DATE_WIDGET = {"type": "date"}


class CouncilForm(forms.ModelForm):
    level = forms.ChoiceField(
        label=_("Cấp"), choices=[(Level.DISTRICT, Level.DISTRICT.label), (Level.PROVINCE, Level.PROVINCE.label)]
    )

    class Meta:
        model = Council
        fields = [
            "name",
            "level",
            "jurisdiction",
            "establishing_decision",
            "term_start",
            "term_end",
            "quorum_ratio",
            "min_members",
            "max_spread",
        ]
        widgets = {
            "term_start": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "term_end": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdministrativeUnit.objects.none()
        if user.staff_province_id:
            units = AdministrativeUnit.objects.filter(pk=user.staff_province_id) | AdministrativeUnit.objects.filter(
                parent_id=user.staff_province_id, level=UnitLevel.DISTRICT
            )
        elif user.officer_district_id:
            units = AdministrativeUnit.objects.filter(pk=user.officer_district_id)
            self.fields["level"].choices = [(Level.DISTRICT, Level.DISTRICT.label)]
        self.fields["jurisdiction"].queryset = units.order_by("level", *vi_order("name"))


class ProvinceCouncilRulesForm(forms.ModelForm):
    class Meta:
        model = ProvinceCouncilRules
        fields = ["quorum_ratio", "min_members", "max_spread"]


class CouncilMemberForm(forms.ModelForm):
    """The member is named by username (found with the search above the form, within the
    council's jurisdiction): no list of every user's name is sent to the page."""

    username = forms.CharField(
        label=_("Tên đăng nhập của thành viên"),
        max_length=150,
        help_text=_("Tìm theo họ tên ở ô tìm kiếm phía trên; chỉ người thuộc địa bàn của Hội đồng."),
    )

    class Meta:
        model = CouncilMember
        fields = ["role", "order", "organisation", "commune", "producer", "is_support_team"]

    field_order = ["username"]

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        # Only the council's own area: a district council lists its district's communes and
        # producers, a provincial council the province's.
        communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)
        producers = Producer.objects.all()
        if council.level == Level.DISTRICT:
            communes = communes.filter(parent_id=council.jurisdiction_id)
            producers = producers.filter(district_id=council.jurisdiction_id)
        else:
            communes = communes.filter(Q(parent_id=council.province_id) | Q(parent__parent_id=council.province_id))
            producers = producers.filter(province_id=council.province_id)
        self.fields["commune"].queryset = communes.order_by(*vi_order("name"))
        self.fields["producer"].queryset = producers.order_by(*vi_order("name"))
        self.fields["role"].initial = MemberRole.MEMBER

    def clean_username(self):
        from ..services.councils import seat_refusal

        user = get_user_model().objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản với tên đăng nhập này."))
        refusal = seat_refusal(user, self.council)
        if refusal:
            raise forms.ValidationError(refusal)
        self.cleaned_data["user"] = user
        return user.username


class AssignForm(forms.Form):
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Hồ sơ trình Hội đồng"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers
        self.fields["dossiers"].label_from_instance = lambda d: f"{d.product.name} · {d.round}"


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Xung đột lợi ích"),
        choices=[("no", _("Tôi không có xung đột lợi ích với hồ sơ này")), ("yes", _("Tôi có xung đột lợi ích"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi có xung đột)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Hãy nêu lý do xung đột lợi ích."))
        return data


class AnswerForm(forms.Form):
    """One criterion's answer, posted on every change (autosave)."""

    option = forms.IntegerField(required=False)
    comment = forms.CharField(required=False, max_length=2000)


class AnswerSyncForm(AnswerForm):
    """An answer made offline, with the card it was made on and the answer it started from."""

    card = forms.IntegerField()
    base_option = forms.IntegerField(required=False)
    base_comment = forms.CharField(required=False, max_length=2000, strip=False)


def late_reason_field():
    return forms.CharField(
        label=_("Lý do ghi nhận sau hạn"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chỉ điền khi đã quá hạn của đợt: việc thực hiện sau hạn được ghi vào nhật ký kiểm tra."),
    )


class DecisionForm(forms.ModelForm):
    level = forms.ChoiceField(label=_("Cấp"), choices=[(lv.value, lv.label) for lv in Level if lv != Level.COMMUNE])
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Hồ sơ được công nhận"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Decision
        fields = ["level", "issuer_unit", "number", "date", "signer", "signer_title", "authority"]
        widgets = {"date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")}

    def __init__(self, *args, user, dossiers, **kwargs):
        super().__init__(*args, **kwargs)
        units = AdministrativeUnit.objects.none()
        if user.staff_province_id:
            units = AdministrativeUnit.objects.filter(pk=user.staff_province_id) | AdministrativeUnit.objects.filter(
                parent_id=user.staff_province_id, level=UnitLevel.DISTRICT
            )
        elif user.officer_district_id:
            units = AdministrativeUnit.objects.filter(pk=user.officer_district_id)
            self.fields["level"].choices = [(Level.DISTRICT.value, Level.DISTRICT.label)]
        self.fields["issuer_unit"].queryset = units.order_by("level", *vi_order("name"))
        self.fields["dossiers"].queryset = dossiers
        self.fields["dossiers"].label_from_instance = lambda d: f"{d.product.name} · {d.get_state_display()}"
        if user.staff_province_id:
            self.fields["late_reason"] = late_reason_field()
