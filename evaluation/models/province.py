"""The province's own steps on a dossier under QĐ 26/2026 (Art. 6.3, 7.3, 7.4): the advisory
team's records (review, site visits, extra tests, its report to the council's chair) and the 5★
dossier the province sends to the Ministry, with the Ministry's outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import AdvisoryKind, MinistryOutcome


class AdvisoryRecord(models.Model):
    """One entry of the advisory team's file on a dossier. A test result answers a test request."""

    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.CASCADE, related_name="advisory_records")
    kind = models.CharField(_("loại"), max_length=15, choices=AdvisoryKind.choices)
    on = models.DateField(_("ngày"))
    text = models.TextField(_("nội dung"), max_length=4000)
    answers = models.ForeignKey(
        "self",
        verbose_name=_("trả lời đề nghị kiểm nghiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ghi nhận của tổ tư vấn")
        verbose_name_plural = _("ghi nhận của tổ tư vấn")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["dossier", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.on:%d/%m/%Y}"


class MinistrySubmission(models.Model):
    """A potential 5★ dossier on its way to the Ministry: the chairman's approval of the province's
    result, the province's letter and the package (Art. 6.3), then the Ministry's outcome."""

    dossier = models.OneToOneField("evaluation.Dossier", on_delete=models.PROTECT, related_name="ministry_submission")
    approval_number = models.CharField(_("số quyết định phê duyệt"), max_length=60)
    approval_date = models.DateField(_("ngày phê duyệt"))
    approval_signer = models.CharField(_("người ký phê duyệt"), max_length=150)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)
    letter_number = models.CharField(_("số công văn đề nghị"), max_length=60, blank=True)
    letter_date = models.DateField(_("ngày công văn"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("ngày gửi Bộ"), null=True, blank=True)
    package_job = models.ForeignKey(
        "evaluation.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("kết quả của Bộ"), max_length=12, choices=MinistryOutcome.choices, blank=True)
    ministry_score = models.DecimalField(_("điểm của Bộ"), max_digits=5, decimal_places=2, null=True, blank=True)
    # The stars the Ministry's result supports when it does not grant 5★ (Art. 7.4).
    supported_stars = models.PositiveSmallIntegerField(_("hạng sao theo kết quả của Bộ"), null=True, blank=True)
    outcome_number = models.CharField(_("số văn bản của Bộ"), max_length=60, blank=True)
    outcome_date = models.DateField(_("ngày văn bản của Bộ"), null=True, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị Bộ công nhận 5 sao")
        verbose_name_plural = _("hồ sơ đề nghị Bộ công nhận 5 sao")
        ordering = ["-approved_at", "-id"]

    def __str__(self):
        return f"{self.dossier} · {self.approval_number}"
