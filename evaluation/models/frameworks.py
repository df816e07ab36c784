from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Level


class Framework(models.Model):
    """A legal framework (QĐ 148, QĐ 148 + 1489, QĐ 1048): part maxima, rounding, star bands and
    the chain of evaluation levels. Rules live here as data, never as constants in code."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    product_set_framework = models.CharField(
        _("bộ sản phẩm theo khung"), max_length=20, help_text=_("Khung của danh mục bộ sản phẩm, ví dụ 148.")
    )
    valid_from = models.DateField(_("áp dụng từ"))
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)
    part_maxima = models.JSONField(_("điểm tối đa từng phần"), help_text=_('Ví dụ {"A": 40, "B": 25, "C": 35}'))
    rounding_decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân khi làm tròn"), default=2)
    is_default = models.BooleanField(_("mặc định"), default=False)
    commune_criteria = models.JSONField(
        _("tiêu chí do cấp xã đánh giá"), default=list, blank=True, help_text=_('Mã tiêu chí, ví dụ ["1.1"]')
    )
    source = models.TextField(_("nguồn"), blank=True)
    confidence = models.CharField(_("độ tin cậy"), max_length=40, blank=True)
    # Re-evaluation filing window, in days before the certificate's expiry (QĐ 26/2026 Art. 7.6:
    # no earlier than 180, no later than 120). Both empty: no window (QĐ 148).
    reevaluation_earliest_days = models.PositiveSmallIntegerField(
        _("nộp đánh giá lại sớm nhất (ngày trước khi hết hạn)"), null=True, blank=True
    )
    reevaluation_latest_days = models.PositiveSmallIntegerField(
        _("nộp đánh giá lại muộn nhất (ngày trước khi hết hạn)"), null=True, blank=True
    )
    notices = models.JSONField(
        _("thông báo trước khi hết hạn"),
        default=list,
        blank=True,
        help_text=_('Ví dụ [{"days": 210, "kind": "window_opens"}, {"days": 135, "kind": "window_closes"}]'),
    )
    revocation_grounds = models.JSONField(
        _("căn cứ thu hồi"), default=list, blank=True, help_text=_('Ví dụ [{"code": "a", "label": "…"}]')
    )
    clocks = models.JSONField(
        _("thời hạn xử lý"),
        default=dict,
        blank=True,
        help_text=_('Ví dụ {"commune_check_working_days": 15, "reevaluation_days": 45, "revocation_days": 15}'),
    )
    dossier_forms = models.CharField(
        _("biểu mẫu hồ sơ"),
        max_length=20,
        blank=True,
        help_text=_("Bộ biểu mẫu hồ sơ chính thức (Mẫu 01, 02, 03), ví dụ 26/2026; trống: phiếu đăng ký chung."),
    )
    # The province's steps that are the framework's rules (QĐ 26/2026 Art. 6.3, 7.3, 7.6):
    # {"site_visit_groups": ["VI"], "ministry_package": true, "written_opinions": true}.
    procedure = models.JSONField(
        _("quy trình cấp tỉnh"),
        default=dict,
        blank=True,
        help_text=_('Ví dụ {"site_visit_groups": ["VI"], "ministry_package": true, "written_opinions": true}'),
    )
    round_pairs = models.JSONField(
        _("mốc đợt đánh giá"),
        default=list,
        blank=True,
        help_text=_('Ví dụ [{"request_by": "04-30", "decide_by": "06-30"}]'),
    )

    class Meta:
        verbose_name = _("khung pháp lý")
        verbose_name_plural = _("khung pháp lý")
        ordering = ["-valid_from", "code"]

    def __str__(self):
        return self.name

    def in_force_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clock(self, name: str) -> int | None:
        value = (self.clocks or {}).get(name)
        return int(value) if value is not None else None

    @property
    def total_points(self) -> Decimal:
        return sum((Decimal(str(v)) for v in self.part_maxima.values()), Decimal(0))


class StarBand(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    stars = models.PositiveSmallIntegerField(_("số sao"))
    min_score = models.DecimalField(_("điểm từ"), max_digits=5, decimal_places=2)
    recognised = models.BooleanField(_("được công nhận"))

    class Meta:
        verbose_name = _("hạng sao")
        verbose_name_plural = _("hạng sao")
        ordering = ["framework", "-min_score"]
        constraints = [models.UniqueConstraint(fields=["framework", "stars"], name="band_unique_stars")]

    def __str__(self):
        return f"{self.stars}★ ≥ {self.min_score}"


class FrameworkLevel(models.Model):
    """One step of the evaluation chain: which level scores, which stars it certifies, and the
    score from which a dossier is forwarded to the next level."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    scores = models.BooleanField(_("có Hội đồng chấm điểm"), default=True)
    certifies_stars = models.JSONField(_("cấp chứng nhận hạng sao"), default=list, blank=True)
    forward_threshold = models.DecimalField(
        _("điểm chuyển cấp trên"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    certifier = models.CharField(_("cơ quan công nhận"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cấp đánh giá")
        verbose_name_plural = _("cấp đánh giá")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "order"], name="level_unique_order"),
            models.UniqueConstraint(fields=["framework", "level"], name="level_unique_level"),
        ]

    def __str__(self):
        return f"{self.framework.code} · {self.get_level_display()}"
