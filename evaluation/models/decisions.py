from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import DecisionKind, Level


class Decision(models.Model):
    """A decision (quyết định) of a People's Committee: recognises stars for a list of dossiers,
    or revokes certificates."""

    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    issuer_unit = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("cơ quan ban hành (địa bàn)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=12, choices=DecisionKind.choices, default=DecisionKind.RECOGNITION)
    number = models.CharField(_("số quyết định"), max_length=60)
    date = models.DateField(_("ngày ban hành"))
    signer = models.CharField(_("người ký"), max_length=150)
    # The signature block's title lines under "TM. ỦY BAN NHÂN DÂN" (NĐ 30/2020); blank: "CHỦ TỊCH".
    signer_title = models.CharField(
        _("chức vụ người ký"),
        max_length=150,
        blank=True,
        help_text=_("Ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH. Để trống: CHỦ TỊCH."),
    )
    authority = models.CharField(_("cơ quan ban hành"), max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["issuer_unit", "number"], name="decision_unique_number")]

    def __str__(self):
        return f"{self.number} ({self.date:%d/%m/%Y})"


class DecisionItem(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    dossier = models.ForeignKey("evaluation.Dossier", on_delete=models.PROTECT, related_name="decision_items")
    assignment = models.ForeignKey(
        "evaluation.CouncilAssignment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recognised_stars = models.PositiveSmallIntegerField(_("hạng sao được công nhận"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "dossier"], name="decision_item_unique")]

    def __str__(self):
        return f"{self.dossier} → {self.recognised_stars}★"
