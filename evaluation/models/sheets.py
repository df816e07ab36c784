from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import SheetState


class ScoreSheet(models.Model):
    """A score sheet (phiếu đánh giá) for one product set under one framework, versioned.

    Published sheets are immutable: a correction is a new version, and scorecards keep the
    version they were made on. A sheet with no province is shared by every province (the national
    role keeps it); a sheet with a province is that province's own correction of it (issue 18,
    Medium 6): its dossiers are scored on it, nobody else's, and publishing it retires only the
    province's earlier correction.
    """

    framework = models.ForeignKey("evaluation.Framework", on_delete=models.PROTECT, related_name="sheets")
    product_set = models.ForeignKey("products.ProductSet", on_delete=models.PROTECT, related_name="sheets")
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    province = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("bản hiệu chỉnh của tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: phiếu dùng chung toàn quốc."),
    )
    title = models.CharField(_("tên phiếu"), max_length=255)
    state = models.CharField(_("trạng thái"), max_length=10, choices=SheetState.choices, default=SheetState.DRAFT)
    source = models.TextField(_("nguồn"), blank=True)
    confidence = models.CharField(_("độ tin cậy"), max_length=40, blank=True)
    check_report = models.JSONField(_("kết quả kiểm tra tổng điểm"), default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["framework", "product_set__code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "product_set", "version"], name="sheet_unique_version"),
            models.UniqueConstraint(
                fields=["framework", "product_set"],
                condition=models.Q(state="published", province__isnull=True),
                name="sheet_one_published_per_set",
            ),
            models.UniqueConstraint(
                fields=["framework", "product_set", "province"],
                condition=models.Q(state="published", province__isnull=False),
                name="sheet_one_published_correction_per_province",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class SheetPart(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField(_("phần"), max_length=2)
    name = models.CharField(_("tên phần"), max_length=255, blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["sheet", "code"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="part_unique_code")]

    def __str__(self):
        return f"{self.code} ({self.max_points})"


class CriterionGroup(models.Model):
    part = models.ForeignKey(SheetPart, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("số nhóm"))
    name = models.CharField(_("tên nhóm tiêu chí"), max_length=255)
    max_points = models.DecimalField(_("điểm nhóm"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["part", "number"]
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="group_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Criterion(models.Model):
    """One criterion (tiêu chí); codes may nest a level deeper (6.1.1) as the sheets print them."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã tiêu chí"), max_length=12)
    name = models.CharField(_("tên tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    mandatory_min_star = models.PositiveSmallIntegerField(
        _("bắt buộc từ hạng sao"), null=True, blank=True, help_text=_("Dấu sao in trên tên tiêu chí.")
    )
    evidence = models.TextField(_("minh chứng cần có"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["sheet", "order"]
        constraints = [models.UniqueConstraint(fields=["sheet", "code"], name="criterion_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class CriterionCase(models.Model):
    """ "Lựa chọn một trong hai trường hợp": a criterion scored in exactly one case per dossier."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="cases")
    code = models.CharField(_("mã trường hợp"), max_length=10)
    name = models.CharField(_("trường hợp"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["criterion", "code"]
        constraints = [models.UniqueConstraint(fields=["criterion", "code"], name="case_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.name}"


class AnswerOption(models.Model):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    case = models.ForeignKey(CriterionCase, null=True, blank=True, on_delete=models.CASCADE, related_name="options")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung"))
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)
    min_star_marker = models.PositiveSmallIntegerField(
        _("mức tối thiểu cho hạng sao"), null=True, blank=True, help_text=_("*** = 3, **** = 4, ***** = 5")
    )

    class Meta:
        ordering = ["criterion", "case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "case", "number"], name="option_unique_number"),
        ]

    def __str__(self):
        return f"{self.text} ({self.points})"
