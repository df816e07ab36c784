"""Annual reports: the request a worker renders, the year's plan and the staff's narrative."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from support.enums import SupportCategory

from .enums import ReportKind, RequestState


def report_file_path(instance, filename):
    # Private files: MEDIA_ROOT/reports/… is never served by URL, only by the download view.
    scope = instance.province_id if instance.kind == ReportKind.PROVINCE else "national"
    return f"reports/{scope}/{instance.year}/v{instance.version}/{filename}"


class ReportRequest(models.Model):
    """One generation of a report for a year: a province's annual report, or the national summary
    (kind NATIONAL, no province) that covers every province of the deployment.

    Only `reports.services.report_request_transition` changes `state`. `snapshot` freezes every
    figure and narrative the files were built from, so a later download repeats the same numbers.
    """

    kind = models.CharField(
        _("loại báo cáo"), max_length=10, choices=ReportKind.choices, default=ReportKind.PROVINCE, editable=False
    )
    province = models.ForeignKey(
        "core.AdministrativeUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm báo cáo"))
    version = models.PositiveIntegerField(_("phiên bản"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=RequestState.choices, default=RequestState.QUEUED, editable=False
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    snapshot = models.JSONField(_("số liệu đã chốt"), default=dict, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to=report_file_path, blank=True)
    xlsx = models.FileField(_("tệp Excel"), upload_to=report_file_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu tạo báo cáo năm")
        verbose_name_plural = _("yêu cầu tạo báo cáo năm")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "version"],
                condition=models.Q(kind=ReportKind.PROVINCE),
                name="report_request_unique_version",
            ),
            models.UniqueConstraint(
                fields=["year", "version"],
                condition=models.Q(kind=ReportKind.NATIONAL),
                name="report_request_unique_national_version",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=ReportKind.PROVINCE, province__isnull=False)
                | models.Q(kind=ReportKind.NATIONAL, province__isnull=True),
                name="report_request_province_iff_provincial",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_request_progress_max_100"),
        ]
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self):
        scope = self.province if self.kind == ReportKind.PROVINCE else _("Toàn quốc")
        return f"{scope} · {self.year} · v{self.version}"

    @property
    def is_national(self) -> bool:
        return self.kind == ReportKind.NATIONAL

    @property
    def is_active(self) -> bool:
        return self.state in RequestState.active_states()


class YearPlan(models.Model):
    """The province's plan for one year: the target the report measures against, and the round
    deadlines it announces for that year (used when the year's rounds are not yet in the portal)."""

    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    target_products = models.PositiveIntegerField(_("số sản phẩm phấn đấu công nhận từ 3 sao"), null=True, blank=True)
    target_upgrades = models.PositiveIntegerField(_("số sản phẩm phấn đấu nâng hạng sao"), null=True, blank=True)
    target_five_star = models.PositiveIntegerField(_("số sản phẩm phấn đấu đạt 5 sao"), null=True, blank=True)
    # Targets are often ranges ("25–30", "5–10"): the fields above are the lower bound, these the upper.
    target_products_max = models.PositiveIntegerField(_("… đến (sản phẩm từ 3 sao)"), null=True, blank=True)
    target_upgrades_max = models.PositiveIntegerField(_("… đến (nâng hạng sao)"), null=True, blank=True)
    target_per_district_min = models.PositiveIntegerField(_("mỗi huyện, thành phố: ít nhất"), null=True, blank=True)
    target_per_district_max = models.PositiveIntegerField(_("mỗi huyện, thành phố: đến"), null=True, blank=True)
    target_tourism = models.PositiveIntegerField(
        _("số sản phẩm dịch vụ du lịch phấn đấu (tối thiểu)"), null=True, blank=True
    )
    target_cumulative = models.PositiveIntegerField(
        _("tổng số sản phẩm OCOP phấn đấu (lũy kế, trên)"), null=True, blank=True
    )
    district_round1_deadline = models.DateField(_("cấp huyện, đợt 1: trước ngày"), null=True, blank=True)
    district_round2_deadline = models.DateField(_("cấp huyện, đợt 2: trước ngày"), null=True, blank=True)
    province_round1_deadline = models.DateField(_("cấp tỉnh, đợt 1: trước ngày"), null=True, blank=True)
    province_round2_deadline = models.DateField(_("cấp tỉnh, đợt 2: trước ngày"), null=True, blank=True)
    announcement_deadline = models.DateField(_("công bố kết quả, trao chứng nhận: xong trước"), null=True, blank=True)
    # The year's budget need as the report of the year before states it (seed 004: "Dự kiến nhu cầu
    # kinh phí … năm 2019 là: 6.400 triệu đồng", with the sources it proposes).
    budget_need = models.BigIntegerField(_("dự kiến nhu cầu kinh phí từ ngân sách (đồng)"), null=True, blank=True)
    budget_need_sources = models.TextField(
        _("nguồn vốn đề xuất"), max_length=2000, blank=True, help_text=_("Mỗi dòng một nguồn vốn.")
    )
    # The province's standing at the end of the year by its number of OCOP products, when the
    # national summary gives it (seed 000: "đứng thứ 2 khu vực Miền núi phía Bắc … thứ 7 cả nước").
    national_rank = models.PositiveSmallIntegerField(_("thứ hạng cả nước về số sản phẩm OCOP"), null=True, blank=True)
    regional_rank = models.PositiveSmallIntegerField(_("thứ hạng trong vùng"), null=True, blank=True)
    region = models.CharField(_("vùng"), max_length=120, blank=True, help_text=_("Ví dụ: Miền núi phía Bắc"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="year_plan_unique_year")]

    def __str__(self):
        return f"{self.province} · {self.year}"

    RANGES = (
        ("target_products", "target_products_max"),
        ("target_upgrades", "target_upgrades_max"),
        ("target_per_district_min", "target_per_district_max"),
    )

    def clean(self):
        super().clean()
        errors = {}
        for low, high in self.RANGES:
            low_value, high_value = getattr(self, low), getattr(self, high)
            if high_value is not None and (low_value is None or high_value < low_value):
                errors[high] = _("Cận trên của khoảng phải có cận dưới và không nhỏ hơn cận dưới.")
        if self.regional_rank is not None and not self.region:
            errors["region"] = _("Thứ hạng trong vùng cần tên vùng.")
        if self.budget_need is not None and self.budget_need < 0:
            errors["budget_need"] = _("Nhu cầu kinh phí không được âm.")
        if errors:
            raise ValidationError(errors)


class ReportNarrative(models.Model):
    """The sections DARD staff write for one year's report; autosaved while they type."""

    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    introduction = models.TextField(_("Mở đầu"), max_length=20000, blank=True)
    leadership = models.TextField(_("Công tác lãnh đạo, chỉ đạo"), max_length=20000, blank=True)
    communication = models.TextField(_("Công tác tuyên truyền, vận động"), max_length=20000, blank=True)
    guidance = models.TextField(_("Công tác tư vấn, hướng dẫn"), max_length=20000, blank=True)
    trade_promotion = models.TextField(_("Quảng bá, xúc tiến thương mại"), max_length=20000, blank=True)
    assessment = models.TextField(_("Đánh giá chung: kết quả đạt được"), max_length=20000, blank=True)
    difficulties = models.TextField(_("Khó khăn, hạn chế"), max_length=20000, blank=True)
    next_year_tasks = models.TextField(_("Nhiệm vụ, giải pháp năm sau"), max_length=20000, blank=True)
    # The report as an official document (Nghị định 30/2020/NĐ-CP): what the office fills in before
    # signing. Blank number and date print as dotted blanks to be completed by hand.
    cutoff_date = models.DateField(
        _("số liệu tính đến ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống: 31/12 của năm báo cáo. Có thể là một ngày của năm sau (đến hết tháng 1…)."),
    )
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True, help_text=_("Ví dụ: 78/BC-SNN"))
    document_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=60, blank=True, help_text=_("Để trống: tên tỉnh."))
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=150, blank=True, help_text=_("Để trống: Sở Nông nghiệp của tỉnh.")
    )
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=150, blank=True, help_text=_("Ví dụ: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    recipients = models.TextField(_("nơi nhận"), max_length=2000, blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    revision = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nội dung báo cáo năm")
        verbose_name_plural = _("nội dung báo cáo năm")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="narrative_unique_year")]

    def __str__(self):
        return f"{self.province} · {self.year}"

    @staticmethod
    def cutoff_bounds(year: int) -> tuple[datetime.date, datetime.date]:
        """A report on `year` counts to a day of that year or of the first half of the next."""
        return datetime.date(year, 1, 1), datetime.date(year + 1, 6, 30)

    def clean(self):
        super().clean()
        if self.cutoff_date and self.year:
            first, last = self.cutoff_bounds(self.year)
            if not first <= self.cutoff_date <= last:
                raise ValidationError(
                    {
                        "cutoff_date": _("Ngày chốt số liệu của báo cáo năm %(year)s phải từ %(first)s đến %(last)s.")
                        % {"year": self.year, "first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"}
                    }
                )


class ProvinceYearFact(models.Model):
    """A fact a province's report states for one year (the base of the models below)."""

    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))

    class Meta:
        abstract = True


class BudgetAllocation(ProvinceYearFact):
    """Money the province assigned to the programme for a year by a decision, as the report states it
    (seed 004: 500 triệu đồng by Quyết định số 649/QĐ-UBND ngày 29/3/2018, central NTM funds;
    seed 002: about 6,81 tỷ đồng from the NTM programme). Not tied to support categories: reports
    state the programme's budget whole."""

    amount = models.BigIntegerField(_("kinh phí (đồng)"))
    source = models.CharField(_("nguồn vốn"), max_length=255)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("kinh phí bố trí cho Chương trình")
        verbose_name_plural = _("kinh phí bố trí cho Chương trình")
        ordering = ["year", "decision_date", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_allocation_not_negative")]

    def __str__(self):
        return f"{self.year} · {self.decision_number or self.source}"


class PromotionEvent(ProvinceYearFact):
    """A fair or trade-promotion event producers took part in with the province's support (seed
    004: nine fairs in the year). Its cost when known; what a report states only as a total goes
    in ActivityFunding."""

    name = models.CharField(_("tên sự kiện"), max_length=255)
    place = models.CharField(_("địa điểm"), max_length=120, blank=True)
    participants = models.PositiveIntegerField(_("số chủ thể tham gia"), null=True, blank=True)
    cost = models.BigIntegerField(_("kinh phí (đồng)"), null=True, blank=True)

    class Meta:
        verbose_name = _("hội chợ, sự kiện xúc tiến thương mại")
        verbose_name_plural = _("hội chợ, sự kiện xúc tiến thương mại")
        ordering = ["year", "id"]

    def __str__(self):
        return f"{self.year} · {self.name}"


class DevelopmentProject(ProvinceYearFact):
    """A product-development project (equipment…) with its total cost and, when known per project,
    the state's share (seed 004: three projects, 556,4 triệu đồng)."""

    name = models.CharField(_("tên dự án"), max_length=255)
    beneficiary = models.CharField(_("đơn vị thụ hưởng"), max_length=255, blank=True)
    place = models.CharField(_("địa điểm thực hiện"), max_length=255, blank=True)
    total_cost = models.BigIntegerField(_("tổng kinh phí (đồng)"))
    state_share = models.BigIntegerField(_("ngân sách nhà nước hỗ trợ (đồng)"), null=True, blank=True)

    class Meta:
        verbose_name = _("dự án hỗ trợ phát triển sản phẩm")
        verbose_name_plural = _("dự án hỗ trợ phát triển sản phẩm")
        ordering = ["year", "id"]

    def __str__(self):
        return f"{self.year} · {self.name}"


class ActivityFunding(ProvinceYearFact):
    """What the year's events or projects cost from one source, where a report states it only as a
    total (seed 004: fairs 226,62 triệu from the OCOP programme and 363,1 triệu from the key crops
    and livestock programme; projects 273,38 triệu from the state)."""

    class Activity(models.TextChoices):
        EVENTS = "events", _("Hội chợ, xúc tiến thương mại")
        PROJECTS = "projects", _("Dự án hỗ trợ phát triển sản phẩm")

    activity = models.CharField(_("hoạt động"), max_length=10, choices=Activity.choices)
    source = models.CharField(_("nguồn vốn"), max_length=255)
    amount = models.BigIntegerField(_("kinh phí (đồng)"))
    state = models.BooleanField(_("thuộc ngân sách nhà nước"), default=True)

    class Meta:
        verbose_name = _("kinh phí hoạt động theo nguồn")
        verbose_name_plural = _("kinh phí hoạt động theo nguồn")
        ordering = ["year", "activity", "id"]

    def __str__(self):
        return f"{self.year} · {self.get_activity_display()} · {self.source}"


class StatedSupport(ProvinceYearFact):
    """Support a report states only in totals — a decision's list with its number of units per
    content and one total amount (seed 000: Quyết định số 2121/QĐ-UBND ngày 22/10/2021, 19 units
    for labels and 3 for trademarks, 460.000.000 đồng), or a content without a decision (food-safety
    testing of 15 products, 73.600.000 đồng). Recorded as stated, so that no grant is invented to
    make the totals come out: the per-grant amounts and sources stay unknown."""

    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    amount = models.BigIntegerField(_("tổng kinh phí (đồng)"), null=True, blank=True)

    class Meta:
        verbose_name = _("hỗ trợ theo số liệu báo cáo")
        verbose_name_plural = _("hỗ trợ theo số liệu báo cáo")
        ordering = ["year", "decision_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="stated_support_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.decision_number or _('không theo quyết định')}"


class StatedSupportLine(models.Model):
    """One content of a StatedSupport: how many units, and its amount when the report states it."""

    support = models.ForeignKey(StatedSupport, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("nội dung hỗ trợ"), max_length=30, choices=SupportCategory.choices)
    units = models.PositiveIntegerField(_("số lượng"))
    amount = models.BigIntegerField(_("kinh phí (đồng)"), null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung hỗ trợ")
        verbose_name_plural = _("nội dung hỗ trợ")
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_category_display()}: {self.units}"


class IllustrativeRecord(models.Model):
    """Marks a row as illustrative (demo) data: written by a historical import or the demo to stand
    for something its source states only as a count — a product among the 61 recognised, its
    certificate, the decision that names it — whose names, numbers, dates, districts or producer
    kinds the source does not give. The report labels every part computed from such rows
    "(số liệu minh họa)" (reports.figures, `illustrative`)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    province = models.ForeignKey("core.AdministrativeUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("bản ghi minh họa")
        verbose_name_plural = _("bản ghi minh họa")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="illustrative_record_unique_row")
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id}"

    @classmethod
    def mark(cls, rows, *, province, year: int, source: str = "") -> None:
        """Mark saved `rows` (any one model) as illustrative."""
        rows = list(rows)
        if not rows:
            return
        content_type = ContentType.objects.get_for_model(rows[0])
        cls.objects.bulk_create(
            [
                cls(content_type=content_type, object_id=row.pk, province=province, year=year, source=source)
                for row in rows
            ],
            ignore_conflicts=True,
        )

    @classmethod
    def exists_for(cls, model, ref: str):
        """Exists(...) of the mark of `model`'s row whose pk is OuterRef(`ref`), for annotations
        and filters (no content-type lookup: the join names the model)."""
        return models.Exists(
            cls.objects.filter(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
                object_id=models.OuterRef(ref),
            )
        )
