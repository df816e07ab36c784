"""The producer's filing under QĐ 26/2026 (Annex III): forms 01, 02 and the commune's form 03 as
data, the registration number of form 01 (`<n>/PĐK-<province>-<commune>-<year>`, allocated per
commune and year without gaps or duplicates), and the immutable copy of what was submitted (the
electronic dossier "has the same legal value as paper", Art. 6)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierForms(models.Model):
    """The official forms of one dossier. Form 01 and 02 are the producer's, form 03 the
    commune's narrative report (four topics, text only). Stored shapes: {field key → text}."""

    dossier = models.OneToOneField("evaluation.Dossier", on_delete=models.CASCADE, related_name="forms")
    form01 = models.JSONField(_("Mẫu số 01"), default=dict, blank=True)
    form02 = models.JSONField(_("Mẫu số 02"), default=dict, blank=True)
    form03 = models.JSONField(_("Mẫu số 03"), default=dict, blank=True)
    form03_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    form03_at = models.DateTimeField(null=True, blank=True)
    registration_number = models.CharField(_("số phiếu đăng ký"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("biểu mẫu hồ sơ")
        verbose_name_plural = _("biểu mẫu hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~models.Q(registration_number=""),
                name="dossier_forms_unique_registration_number",
            )
        ]

    def __str__(self):
        return self.registration_number or f"#{self.dossier_id}"


class RegistrationSequence(models.Model):
    """The last registration number a commune gave in a year: numbers are never reused."""

    commune = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commune", "year"], name="registration_sequence_unique")]

    def __str__(self):
        return f"{self.commune_id}-{self.year}: {self.last_number}"


class SubmittedCopy(models.Model):
    """What the producer submitted, frozen: the forms, the self-assessment and the evidence's
    checksums as canonical JSON, with its SHA-256 chained to the previous submission of the same
    dossier. The database refuses any UPDATE or DELETE of a row (trigger, migration 0010)."""

    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.PROTECT, related_name="submitted_copies")
    number = models.PositiveSmallIntegerField(_("lần nộp"))
    submitted_at = models.DateTimeField(_("thời điểm nộp"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField(_("số phiếu đăng ký"), max_length=80, blank=True)
    content = models.JSONField(_("nội dung"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    previous_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("bản hồ sơ đã nộp")
        verbose_name_plural = _("bản hồ sơ đã nộp")
        ordering = ["dossier", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="submitted_copy_unique_number")]

    def __str__(self):
        return f"{self.dossier_id}/{self.number} {self.sha256[:12]}"
