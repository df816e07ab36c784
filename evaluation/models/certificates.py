from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import CertificateStatus, Level, NoticeKind, RevocationGround


class Certificate(models.Model):
    """A certificate (giấy chứng nhận), valid 36 months from the decision date.
    Only the certificate services change `status`, and each change adds a CertificateEvent."""

    number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    public_code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="certificates")
    producer = models.ForeignKey("products.Producer", on_delete=models.PROTECT, related_name="certificates")
    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("core.AdministrativeUnit", null=True, on_delete=models.PROTECT, related_name="+")
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    framework = models.ForeignKey("evaluation.Framework", on_delete=models.PROTECT, related_name="+")
    issuing_level = models.CharField(_("cấp công nhận"), max_length=10, choices=Level.choices)
    issuing_authority = models.CharField(_("cơ quan cấp"), max_length=255)
    decision = models.ForeignKey("evaluation.Decision", on_delete=models.PROTECT, related_name="certificates")
    dossier = models.ForeignKey(
        "evaluation.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    revocation_decision = models.ForeignKey(
        "evaluation.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="revoked_certificates"
    )
    revocation_ground = models.CharField(
        _("căn cứ thu hồi"), max_length=20, choices=RevocationGround.choices, blank=True
    )
    revocation_note = models.TextField(_("ghi chú thu hồi"), max_length=2000, blank=True)
    # Set with the EXTENDED status (QĐ 26/2026 Art. 12.3): the last day it may stay valid.
    extended_until = models.DateField(_("gia hạn đến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(status__in=["valid", "expiring", "extended"]),
                name="certificate_one_in_force_per_product",
            )
        ]
        indexes = [
            models.Index(fields=["province", "status", "stars"]),
            models.Index(fields=["district", "status"]),
            models.Index(fields=["status", "valid_until"]),
            # the lists' order (-valid_from, -id): a page of 25 is a backward index scan, not a sort of every row
            models.Index(fields=["valid_from", "id"]),
        ]

    def __str__(self):
        return self.number


class CertificateEvent(models.Model):
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("ngày"))
    from_status = models.CharField(max_length=12, choices=CertificateStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=CertificateStatus.choices)
    reason = models.CharField(_("lý do"), max_length=255)
    decision = models.ForeignKey(
        "evaluation.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date}: {self.from_status} → {self.to_status}"


class CertificateNotice(models.Model):
    """A sent expiry notice; unique per certificate and kind, so a re-run sends nothing twice."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["certificate", "kind"], name="notice_unique_kind")]

    def __str__(self):
        return f"{self.certificate} · {self.kind}"


class CertificateSequence(models.Model):
    """The last number used per province and year: numbers are never reused."""

    province_code = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["province_code", "year"], name="sequence_unique_year")]

    def __str__(self):
        return f"{self.province_code}-{self.year}: {self.last_number}"


class MisuseReport(models.Model):
    """A public report of misuse of the OCOP mark, for province staff."""

    certificate = models.ForeignKey(Certificate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(_("mã tra cứu"), max_length=60, blank=True)
    reporter_name = models.CharField(_("họ tên"), max_length=150, blank=True)
    reporter_contact = models.CharField(_("liên hệ"), max_length=150, blank=True)
    message = models.TextField(_("nội dung"), max_length=3000)
    where_seen = models.CharField(_("nơi phát hiện"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(_("đã xử lý"), default=False)
    # The Art. 9 inspection opened for it or linked to it (evaluation/services/inspections.py).
    inspection = models.ForeignKey(
        "evaluation.Inspection", null=True, blank=True, on_delete=models.SET_NULL, related_name="misuse_reports"
    )

    class Meta:
        verbose_name = _("phản ánh sử dụng sai nhãn OCOP")
        verbose_name_plural = _("phản ánh sử dụng sai nhãn OCOP")
        ordering = ["-created_at"]

    def __str__(self):
        return self.message[:60]
