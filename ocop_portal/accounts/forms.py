"""Forms of the account pages: the roles offered are those inside the manager's province (all
units for a superuser); the service checks them again."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.collation import vi_order
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit

from . import roles


class UnitWithParentChoiceField(forms.ModelChoiceField):
    """Commune names repeat across provinces: each option names the unit above it."""

    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.parent.name}" if obj.parent_id else obj.name


class AccountRolesForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    staff_province = forms.ModelChoiceField(
        label=_("Cán bộ Sở NN&PTNT của tỉnh"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    officer_district = forms.ModelChoiceField(
        label=_("Cán bộ phụ trách OCOP của huyện"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    officer_commune = UnitWithParentChoiceField(
        label=_("Cán bộ UBND xã phụ trách OCOP"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("Xã trên bản đồ hành chính hiện hành."),
    )
    # the producers come from products (roles.py), which accounts does not import
    producer = forms.ModelChoiceField(label=_("Tài khoản của chủ thể"), queryset=None, required=False)

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
        districts = AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT)
        # Communes of today's map, and the account's present one even if a reform ended it.
        current = self.initial.get("officer_commune")
        communes = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).filter(
            Q(pk__in=AdministrativeUnit.objects.in_force_on(timezone.localdate()).values("pk")) | Q(pk=current)
        )
        producers = roles.producers_to_bind()
        if not manager.is_superuser:
            provinces = provinces.filter(pk=manager.staff_province_id)
            districts = districts.filter(parent_id=manager.staff_province_id)
            communes = communes.filter(
                Q(parent_id=manager.staff_province_id) | Q(parent__parent_id=manager.staff_province_id)
            )
            producers = producers.filter(province_id=manager.staff_province_id) if producers is not None else None
        self.fields["staff_province"].queryset = provinces.order_by(*vi_order("name"))
        self.fields["officer_district"].queryset = districts.order_by(*vi_order("name"))
        self.fields["officer_commune"].queryset = communes.select_related("parent").order_by(
            *vi_order("parent__name"), *vi_order("name")
        )
        if producers is None:
            del self.fields["producer"]
        else:
            self.fields["producer"].queryset = producers.order_by(*vi_order("name"), "id")


class AccountInviteForm(AccountRolesForm):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        help_text=_("Chữ, số và các ký tự @ . + - _"),
    )

    field_order = [
        "username",
        "full_name",
        "email",
        "phone",
        "staff_province",
        "officer_district",
        "officer_commune",
        "producer",
    ]
