"""Forms of the account pages: the roles offered are those inside the manager's province (all
units for a superuser); the service checks them again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit
from products.models import Producer


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
    producer = forms.ModelChoiceField(
        label=_("Tài khoản của chủ thể"), queryset=Producer.objects.none(), required=False
    )

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
        districts = AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT)
        producers = Producer.objects.all()
        if not manager.is_superuser:
            provinces = provinces.filter(pk=manager.staff_province_id)
            districts = districts.filter(parent_id=manager.staff_province_id)
            producers = producers.filter(province_id=manager.staff_province_id)
        self.fields["staff_province"].queryset = provinces.order_by("name")
        self.fields["officer_district"].queryset = districts.order_by("name")
        self.fields["producer"].queryset = producers.order_by("name", "id")


class AccountInviteForm(AccountRolesForm):
    username = forms.RegexField(
        label=_("Tên đăng nhập"),
        regex=r"^[\w.@+-]+\Z",
        max_length=150,
        help_text=_("Chữ, số và các ký tự @ . + - _"),
    )

    field_order = ["username", "full_name", "email", "phone", "staff_province", "officer_district", "producer"]
