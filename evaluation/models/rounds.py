from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Level, RoundState


class Round(models.Model):
    """An evaluation round (đợt đánh giá): two a year, each with deadlines per level."""

    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey("evaluation.Framework", on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt"))
    title = models.CharField(_("tên đợt"), max_length=255, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=RoundState.choices, default=RoundState.PLANNED)
    opens_on = models.DateField(_("ngày mở đợt"), null=True, blank=True)
    # Set only when the round runs under a framework not in force on its opening date: the
    # choice is explicit and shown on every page of the round (DOMAIN.md §1).
    expired_framework_reason = models.TextField(
        _("lý do dùng khung pháp lý đã hết hiệu lực"), max_length=1000, blank=True
    )

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["province", "year", "number"], name="round_unique_number")]

    def __str__(self):
        return self.title or _("Đợt %(number)s năm %(year)s") % {"number": self.number, "year": self.year}

    @property
    def framework_expired(self) -> bool:
        """The round's framework is not in force on its opening date."""
        return bool(self.opens_on) and not self.framework.in_force_on(self.opens_on)


class RoundDeadline(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadlines")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    submission = models.DateField(_("hạn nộp hồ sơ"), null=True, blank=True)
    completeness_check = models.DateField(_("hạn kiểm tra hồ sơ"), null=True, blank=True)
    scoring = models.DateField(_("hạn Hội đồng chấm điểm"), null=True, blank=True)
    decision = models.DateField(_("hạn ban hành quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời hạn theo cấp")
        verbose_name_plural = _("thời hạn theo cấp")
        ordering = ["round", "level"]
        constraints = [models.UniqueConstraint(fields=["round", "level"], name="deadline_unique_level")]

    def __str__(self):
        return f"{self.round} · {self.get_level_display()}"
