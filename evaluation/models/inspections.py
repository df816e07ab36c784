"""Post-certification inspections (QĐ 26/2026 Art. 9): the province's yearly plan, periodic and
ad-hoc inspections of certified products (criteria still met, use of the OCOP mark), their
findings with evidence files, and the conclusion that may ground a revocation (Art. 8 (b)–(d)).

Only the services in evaluation/services/inspections.py write these rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import RevocationGround


class InspectionKind(models.TextChoices):
    PERIODIC = "periodic", _("Kiểm tra định kỳ")
    AD_HOC = "ad_hoc", _("Kiểm tra đột xuất")


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("Đang kiểm tra")
    CONCLUDED = "concluded", _("Đã có kết luận")


class FindingSubject(models.TextChoices):
    CRITERIA = "criteria", _("Duy trì tiêu chí đã được công nhận")
    MARK = "mark", _("Sử dụng biểu trưng OCOP")
    PRODUCT_INFO = "product_info", _("Thông tin sản phẩm")
    OTHER = "other", _("Nội dung khác")


# Art. 9: a finding can lead to revocation ground (b)–(d) of Art. 8.
FINDING_GROUNDS = ("art8_b", "art8_c", "art8_d")


class InspectionPlan(models.Model):
    """A province's plan of post-certification inspections for one year."""

    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    note = models.TextField(_("nội dung"), max_length=3000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="inspection_plan_one_per_year")]

    def __str__(self):
        return self.title


class Inspection(models.Model):
    """One inspection of one certified product (its certificate), periodic (in a plan) or ad hoc."""

    plan = models.ForeignKey(
        InspectionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    certificate = models.ForeignKey("evaluation.Certificate", on_delete=models.PROTECT, related_name="inspections")
    # the certificate's, so a list is scoped by one indexed filter
    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("hình thức"), max_length=10, choices=InspectionKind.choices)
    checks_criteria = models.BooleanField(_("kiểm tra việc duy trì tiêu chí"), default=True)
    checks_mark = models.BooleanField(_("kiểm tra việc sử dụng biểu trưng OCOP"), default=True)
    planned_on = models.DateField(_("ngày kiểm tra"))
    lead = models.CharField(_("đơn vị chủ trì, phối hợp"), max_length=255)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=InspectionState.choices, default=InspectionState.PLANNED
    )
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    conclusion = models.TextField(_("kết luận kiểm tra"), max_length=3000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kiểm tra sau công nhận")
        verbose_name_plural = _("kiểm tra sau công nhận")
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["province", "planned_on", "id"])]

    def __str__(self):
        return _("Kiểm tra %(number)s ngày %(date)s") % {
            "number": self.certificate.number,
            "date": self.planned_on.strftime("%d/%m/%Y"),
        }


class InspectionFinding(models.Model):
    """What the inspection found on one subject; a breach may propose an Art. 8 ground, and the
    revocation decision recorded from it is kept here."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    subject = models.CharField(_("nội dung kiểm tra"), max_length=20, choices=FindingSubject.choices)
    breach = models.BooleanField(_("có vi phạm, không đạt"), default=False)
    description = models.TextField(_("phát hiện"), max_length=3000)
    proposed_ground = models.CharField(
        _("căn cứ thu hồi đề xuất"),
        max_length=20,
        blank=True,
        choices=[(code, RevocationGround(code).label) for code in FINDING_GROUNDS],
    )
    revocation_decision = models.ForeignKey(
        "evaluation.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phát hiện kiểm tra")
        verbose_name_plural = _("phát hiện kiểm tra")
        ordering = ["inspection", "id"]

    def __str__(self):
        return self.description[:60]


def finding_file_path(instance, filename):
    # `filename` is a generated uuid name; the user's name is kept in original_name.
    return f"inspections/{instance.finding.inspection_id}/{filename}"


class FindingFile(models.Model):
    """Evidence of a finding (minh chứng): private, served only by the permission-checked view."""

    finding = models.ForeignKey(InspectionFinding, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("tệp"), upload_to=finding_file_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng kiểm tra")
        verbose_name_plural = _("minh chứng kiểm tra")
        ordering = ["finding", "id"]

    def __str__(self):
        return self.original_name
