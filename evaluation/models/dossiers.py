from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import DossierKind, DossierState, EvidenceTopic, EvidenceType, Level


class Dossier(models.Model):
    """A product's dossier (hồ sơ) in one round. Only dossier_transition() changes `state`."""

    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="dossiers")
    round = models.ForeignKey("evaluation.Round", on_delete=models.PROTECT, related_name="dossiers")
    kind = models.CharField(_("loại hồ sơ"), max_length=15, choices=DossierKind.choices, default=DossierKind.NEW)
    sheet = models.ForeignKey("evaluation.ScoreSheet", on_delete=models.PROTECT, related_name="dossiers")
    state = models.CharField(_("trạng thái"), max_length=12, choices=DossierState.choices, default=DossierState.DRAFT)
    current_level = models.CharField(_("cấp đang xử lý"), max_length=10, choices=Level.choices)
    # Denormalised from the product for scoping lists by jurisdiction with one indexed filter.
    district = models.ForeignKey("core.AdministrativeUnit", null=True, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    renews_certificate = models.ForeignKey(
        "evaluation.Certificate",
        verbose_name=_("giấy chứng nhận được đánh giá lại/nâng hạng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewal_dossiers",
    )
    case_choices = models.JSONField(_("trường hợp áp dụng"), default=dict, blank=True)
    registration = models.JSONField(_("nội dung phiếu đăng ký"), default=dict, blank=True)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tư vấn hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consulted_dossiers",
    )
    commune_assessment = models.JSONField(_("đánh giá của cấp xã"), default=dict, blank=True)
    return_reasons = models.TextField(_("lý do trả lại"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "round"],
                condition=~models.Q(state="withdrawn"),
                name="dossier_one_open_per_product_round",
            )
        ]
        indexes = [
            models.Index(fields=["district", "state"]),
            models.Index(fields=["province", "state"]),
            models.Index(fields=["round", "state"]),
            # the lists' order (-created_at, -id): a page of 25 is a backward index scan, not a sort of every row
            models.Index(fields=["created_at", "id"]),
        ]

    def __str__(self):
        return f"{self.product} · {self.round}"


class DossierTransition(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=12, choices=DossierState.choices)
    to_state = models.CharField(max_length=12, choices=DossierState.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class SelfAssessmentAnswer(models.Model):
    """The producer's self-assessment (báo cáo tự đánh giá) on the dossier's sheet."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="self_assessment")
    criterion = models.ForeignKey("evaluation.Criterion", on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey("evaluation.AnswerOption", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "criterion"], name="self_assessment_unique")]

    def __str__(self):
        return f"{self.dossier_id}/{self.criterion_id}"


def evidence_path(instance, filename):
    # `filename` is already a generated uuid name; the user's name is kept in original_name.
    return f"evidence/{instance.dossier_id}/{filename}"


class EvidenceFile(models.Model):
    """An evidence document (minh chứng). Served only through a permission-checked view."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    evidence_type = models.CharField(_("loại minh chứng"), max_length=30, choices=EvidenceType.choices)
    # Form 02's evidence table (QĐ 26/2026) is by topic; empty under the older frameworks.
    topic = models.PositiveSmallIntegerField(
        _("nội dung (Mẫu số 02)"), null=True, blank=True, choices=EvidenceTopic.choices
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    carried_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_into"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["evidence_type", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name
