from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Collate, Lower
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.collation import VI_COLLATION, vi_order
from ocop_portal.core.enums import UnitLevel

from .enums import ImportState, ProducerKind, ProductStatus, ProposalState, SignupState


class ProductGroup(models.Model):
    """One of the six OCOP groups (nhóm/ngành) under a legal framework ("148", "1048")."""

    framework_code = models.CharField(_("khung pháp lý"), max_length=20)
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nhóm sản phẩm")
        verbose_name_plural = _("nhóm sản phẩm")
        ordering = ["framework_code", "order", "code"]
        # The national role (ocop_portal/accounts/rules.py): writes the shared reference data.
        permissions = [("edit_shared_reference", _("Sửa dữ liệu dùng chung toàn quốc (nhóm, bộ sản phẩm, phiếu chấm)"))]
        constraints = [models.UniqueConstraint(fields=["framework_code", "code"], name="group_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"


class ProductSet(models.Model):
    """A product set (bộ sản phẩm): it selects the score sheet a product is evaluated on."""

    framework_code = models.CharField(_("khung pháp lý"), max_length=20)
    group = models.ForeignKey(ProductGroup, verbose_name=_("nhóm"), on_delete=models.PROTECT, related_name="sets")
    subgroup_code = models.CharField(_("mã phân nhóm"), max_length=10, blank=True)
    subgroup_name = models.CharField(_("phân nhóm"), max_length=200, blank=True)
    code = models.CharField(_("mã bộ"), max_length=10)
    name = models.CharField(_("tên bộ sản phẩm"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    confidence = models.CharField(_("độ tin cậy của nguồn"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("bộ sản phẩm")
        verbose_name_plural = _("bộ sản phẩm")
        ordering = ["framework_code", "code"]
        constraints = [models.UniqueConstraint(fields=["framework_code", "code"], name="set_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"


class Producer(models.Model):
    """A producer (chủ thể OCOP). The business registration number identifies it in its province."""

    kind = models.CharField(_("loại hình"), max_length=20, choices=ProducerKind.choices)
    name = models.CharField(_("tên chủ thể"), max_length=255)
    registration_number = models.CharField(_("số đăng ký kinh doanh"), max_length=30)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    representative = models.CharField(_("người đại diện"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    commune = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("xã/phường/thị trấn"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": UnitLevel.COMMUNE},
    )
    # Denormalised from the commune (set by the services) so scoping a list is one indexed filter.
    district = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("huyện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Trống với xã/phường theo bản đồ hành chính từ 01/07/2025 (không còn cấp huyện)."),
    )
    province = models.ForeignKey(
        "core.AdministrativeUnit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("địa chỉ"), max_length=255)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chủ thể")
        verbose_name_plural = _("chủ thể")
        ordering = [*vi_order("name"), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "registration_number"], name="producer_unique_registration_in_province"
            )
        ]
        indexes = [
            models.Index(fields=["district", "name"]),
            models.Index(fields=["province", "name"]),
            # The lists' order (Vietnamese, issue 19.3): a page is read from this index.
            models.Index(Collate("name", VI_COLLATION), "id", name="producer_vi_name_id"),
        ]

    def __str__(self):
        return self.name


class ProducerMembership(models.Model):
    """Binds a producer user to the one producer they act for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_membership")
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        verbose_name = _("tài khoản của chủ thể")
        verbose_name_plural = _("tài khoản của chủ thể")

    def __str__(self):
        return f"{self.user} → {self.producer}"


class Product(models.Model):
    producer = models.ForeignKey(Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    product_set = models.ForeignKey(
        ProductSet, verbose_name=_("bộ sản phẩm"), on_delete=models.PROTECT, related_name="products"
    )
    commune = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("xã/phường/thị trấn"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": UnitLevel.COMMUNE},
    )
    district = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("huyện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Trống với xã/phường theo bản đồ hành chính từ 01/07/2025 (không còn cấp huyện)."),
    )
    province = models.ForeignKey(
        "core.AdministrativeUnit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    # Django checks a TextField's max_length only in forms: the validator holds it for the
    # registry import and any other model-level check too.
    description = models.TextField(_("mô tả"), max_length=5000, blank=True, validators=[MaxLengthValidator(5000)])
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.ACTIVE
    )
    # The product's standing in the register, kept by the evaluation app in the transaction that
    # issues, supersedes, revokes, extends or expires a certificate (evaluation/services/
    # certificates/standing.py), so the registry's lists read their own table (issue 22).
    current_stars = models.PositiveSmallIntegerField(_("hạng sao hiện tại"), null=True, blank=True, editable=False)
    certificate_status = models.CharField(
        _("trạng thái giấy chứng nhận"), max_length=12, blank=True, default="", db_default="", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = [*vi_order("name"), "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "producer", name="product_unique_name_per_producer"),
        ]
        indexes = [
            models.Index(fields=["district", "name"]),
            models.Index(fields=["province", "name"]),
            models.Index(fields=["product_set", "name"]),
            # The lists' order (Vietnamese, issue 19.3): a page's keys are read from this index
            # alone instead of sorting every match — on PostgreSQL it also carries the two
            # columns the lists filter on (see products/migrations/0003_product_name_id_covering.py).
            models.Index(
                Collate("name", VI_COLLATION), "id", name="product_vi_name_id", include=["status", "product_set"]
            ),
            # Counting a filtered list (group → its sets, status) from the index alone.
            models.Index(fields=["product_set", "status"], name="product_set_status"),
        ]

    def __str__(self):
        return self.name


def product_photo_path(instance, filename):
    # Never trust the uploaded name: the services rename to <uuid>.<ext> before saving.
    return f"products/{instance.product_id}/{filename}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to=product_photo_path)
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.caption or self.image.name


class EditProposal(models.Model):
    """A producer's proposed change to its own record or product, reviewed by the district or province."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="edit_proposals")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.CASCADE, related_name="edit_proposals")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    changes = models.JSONField(_("nội dung đề nghị"))
    state = models.CharField(max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("ý kiến"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("đề nghị sửa thông tin")
        verbose_name_plural = _("đề nghị sửa thông tin")
        ordering = ["-proposed_at", "-id"]

    def __str__(self):
        return f"{self.producer} ({self.get_state_display()})"


class RegistryImport(models.Model):
    """One upload of a provincial register: previewed first, then committed all-or-nothing."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    state = models.CharField(max_length=10, choices=ImportState.choices)
    report = models.JSONField(_("kết quả kiểm tra"), default=dict)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập danh sách")
        verbose_name_plural = _("lần nhập danh sách")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.file_name


class ProducerSignup(models.Model):
    """A request to open a producer account, made without an account by someone who gives the
    producer's business registration number; the officer of the producer's commune confirms (an
    account bound to the producer, a link to choose a password) or refuses it with a reason.
    Only requests that name a registered producer are kept: the public page answers the same
    either way, so it tells nobody which numbers or addresses are known."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="signups")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    email = models.EmailField(_("thư điện tử"), max_length=254)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=SignupState.choices, default=SignupState.PENDING)
    reason = models.TextField(_("lý do"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="producer_signups"
    )

    class Meta:
        verbose_name = _("đăng ký tài khoản chủ thể")
        verbose_name_plural = _("đăng ký tài khoản chủ thể")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "producer",
                Lower("email"),
                condition=models.Q(state="pending"),
                name="producer_signup_one_pending_per_email",
            )
        ]
        indexes = [models.Index(fields=["producer", "state"])]

    def __str__(self):
        return f"{self.full_name} → {self.producer}"
