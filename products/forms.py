"""Registry forms. They validate input; the views hand `cleaned_data` to one service each."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.collation import vi_order
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit

from .enums import ProducerKind, ProductStatus
from .selectors import communes_editable_by, current_product_sets, producers_editable_by


def communes_to_choose(user):
    """The communes a registration form offers: those the user may register in, as the units in
    force today (a commune of the pre-2025 map is history, never a new record's place)."""
    return communes_editable_by(user).in_force_on(timezone.localdate())


class CommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent} › {obj.name}" if obj.parent_id else obj.name


class ProductSetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.group} › {obj}"


class VersionedForm(forms.Form):
    """Carries the version of the record the form was loaded from (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ProducerForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Loại hình"), choices=ProducerKind.choices)
    name = forms.CharField(label=_("Tên chủ thể"), max_length=255)
    registration_number = forms.CharField(label=_("Số đăng ký kinh doanh"), max_length=30)
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=20, required=False)
    representative = forms.CharField(label=_("Người đại diện"), max_length=150)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    commune = CommuneChoiceField(label=_("Xã/phường/thị trấn"), queryset=None)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255)

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_to_choose(user)
        if creating:
            del self.fields["version"]

    @staticmethod
    def initial_for(producer) -> dict:
        return {
            "version": producer.version,
            "kind": producer.kind,
            "name": producer.name,
            "registration_number": producer.registration_number,
            "tax_code": producer.tax_code,
            "representative": producer.representative,
            "phone": producer.phone,
            "email": producer.email,
            "commune": producer.commune_id,
            "address": producer.address,
        }

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class ProductForm(VersionedForm):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=None)
    name = forms.CharField(label=_("Tên sản phẩm"), max_length=255)
    product_set = ProductSetChoiceField(label=_("Bộ sản phẩm"), queryset=None)
    commune = CommuneChoiceField(
        label=_("Xã/phường/thị trấn nơi sản xuất"), queryset=None, help_text=_("Để trống: lấy xã của chủ thể.")
    )
    description = forms.CharField(label=_("Mô tả"), max_length=5000, required=False, widget=forms.Textarea)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ProductStatus.choices, initial=ProductStatus.ACTIVE)

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_set"].queryset = current_product_sets()
        self.fields["commune"].queryset = communes_to_choose(user)
        self.fields["commune"].required = False
        if creating:
            del self.fields["version"]
            self.fields["producer"].queryset = producers_editable_by(user)
        else:
            del self.fields["producer"]
            self.fields["commune"].required = True
            self.fields["commune"].help_text = ""

    def clean(self):
        cleaned = super().clean()
        producer = cleaned.get("producer")
        if "producer" in self.fields and producer is not None and not cleaned.get("commune"):
            if not self.fields["commune"].queryset.filter(pk=producer.commune_id).exists():
                self.add_error("commune", _("Hãy chọn xã nơi sản xuất thuộc địa bàn bạn phụ trách."))
            else:
                cleaned["commune"] = producer.commune
        return cleaned

    @staticmethod
    def initial_for(product) -> dict:
        return {
            "version": product.version,
            "name": product.name,
            "product_set": product.product_set_id,
            "commune": product.commune_id,
            "description": product.description,
            "status": product.status,
        }

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in {"version", "producer"}}


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Ảnh"),
        help_text=_("Ảnh JPEG, PNG hoặc WEBP."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Chú thích"), max_length=200, required=False)


class ProducerProposalForm(forms.Form):
    name = ProducerForm.base_fields["name"]
    tax_code = ProducerForm.base_fields["tax_code"]
    representative = ProducerForm.base_fields["representative"]
    phone = ProducerForm.base_fields["phone"]
    email = ProducerForm.base_fields["email"]
    address = ProducerForm.base_fields["address"]
    note = forms.CharField(label=_("Lý do, ghi chú"), max_length=2000, required=False, widget=forms.Textarea)


class ProductProposalForm(forms.Form):
    name = ProductForm.base_fields["name"]
    description = ProductForm.base_fields["description"]
    status = ProductForm.base_fields["status"]
    note = forms.CharField(label=_("Lý do, ghi chú"), max_length=2000, required=False, widget=forms.Textarea)


class ProposalReviewForm(VersionedForm):
    decision = forms.ChoiceField(
        choices=[("accept", _("Chấp nhận")), ("reject", _("Không chấp nhận"))], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Ý kiến"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi không chấp nhận."),
    )


class RegistryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ReferenceNameForm(forms.Form):
    """Renaming a product group or set (province staff)."""

    name = forms.CharField(label=_("Tên"), max_length=200)
    name_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=200, required=False)


class ProductSetCreateForm(forms.Form):
    code = forms.CharField(label=_("Mã bộ"), max_length=10, help_text=_("Duy nhất trong khung pháp lý, ví dụ 27."))
    name = forms.CharField(label=_("Tên bộ sản phẩm"), max_length=255)
    name_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=255, required=False)
    subgroup_code = forms.CharField(label=_("Mã phân nhóm"), max_length=10, required=False)
    subgroup_name = forms.CharField(label=_("Phân nhóm"), max_length=200, required=False)


class SignupForm(forms.Form):
    """A producer's request for an account (anyone, no account): the producer is found by its
    business registration number in the chosen province."""

    province = forms.ModelChoiceField(label=_("Tỉnh, thành phố"), queryset=None)
    registration_number = forms.CharField(
        label=_("Số đăng ký kinh doanh của chủ thể"),
        max_length=30,
        help_text=_("Số trên giấy chứng nhận đăng ký doanh nghiệp, hợp tác xã hoặc hộ kinh doanh."),
    )
    full_name = forms.CharField(label=_("Họ và tên người đề nghị"), max_length=150)
    position = forms.CharField(label=_("Chức vụ tại chủ thể"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử liên hệ"), max_length=254, help_text=_("Liên kết chọn mật khẩu được gửi đến địa chỉ này.")
    )
    phone = forms.RegexField(
        label=_("Điện thoại"),
        regex=r"^[0-9 +().-]{8,20}$",
        max_length=20,
        required=False,
        error_messages={"invalid": _("Số điện thoại không hợp lệ.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = (
            AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
            .in_force_on(timezone.localdate())
            .order_by(*vi_order("name"), "id")
        )


class SignupDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("confirm", _("Xác nhận: người đề nghị là người của chủ thể")), ("reject", _("Không xác nhận"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc khi không xác nhận)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Hãy ghi rõ lý do không xác nhận."))
        return cleaned
