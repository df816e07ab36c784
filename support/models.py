"""Support money: budget lines, grants to producers, disbursements and results-based award policies.

Amounts are whole đồng in BigIntegerFields: never floats, and a province's yearly budget fits.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from ocop_portal.core.enums import UnitLevel

from .enums import AwardKind, FundingSource, GrantState, SupportCategory
from .rules import (
    can_manage_support,
    can_propose_grant,
    is_staff_of_grant_province,
    is_staff_of_object_province,
)


class BudgetLine(RulesModel):
    """Money allocated for one year, from one source, for one category of support."""

    province = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": UnitLevel.PROVINCE},
    )
    district = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("huyện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": UnitLevel.DISTRICT},
        help_text=_("Để trống khi dòng ngân sách dùng cho cả tỉnh."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    funding_source = models.CharField(_("nguồn vốn"), max_length=30, choices=FundingSource.choices)
    category = models.CharField(_("nội dung hỗ trợ"), max_length=30, choices=SupportCategory.choices)
    allocated_amount = models.BigIntegerField(_("số được phân bổ (đồng)"))
    decision_number = models.CharField(_("số quyết định phân bổ"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dòng ngân sách hỗ trợ")
        verbose_name_plural = _("dòng ngân sách hỗ trợ")
        ordering = ["-year", "category", "funding_source", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allocated_amount__gte=0), name="budget_line_allocated_not_negative"
            )
        ]
        indexes = [models.Index(fields=["province", "year", "category"])]
        rules_permissions = {"add": can_manage_support, "change": is_staff_of_object_province}

    def __str__(self):
        return f"{self.year} · {self.get_category_display()} · {self.get_funding_source_display()}"


class SupportGrant(RulesModel):
    """Support committed to a producer (and product where it applies) against a budget line.

    `amount` is the state support: proposed until approval, then the approved amount.
    Only `support.services.grant_transition` writes `state`.
    """

    producer = models.ForeignKey(
        "products.Producer", verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="support_grants"
    )
    product = models.ForeignKey(
        "products.Product",
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support_grants",
    )
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("dòng ngân sách"), on_delete=models.PROTECT, related_name="grants"
    )
    amount = models.BigIntegerField(_("kinh phí hỗ trợ (đồng)"))
    units = models.PositiveIntegerField(
        _("số lượng"), default=1, help_text=_("Ví dụ: số sản phẩm được kiểm nghiệm, số lượt tham gia hội chợ.")
    )
    description = models.TextField(_("nội dung"), max_length=2000)
    counterpart_amount = models.BigIntegerField(_("vốn đối ứng của chủ thể (đồng)"), default=0)
    total_project_cost = models.BigIntegerField(
        _("tổng kinh phí dự án (đồng)"),
        null=True,
        blank=True,
        help_text=_("Cho dự án trang thiết bị: tổng chi phí, gồm phần nhà nước hỗ trợ và vốn đối ứng."),
    )
    decision_number = models.CharField(_("số quyết định hỗ trợ"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=GrantState.choices, default=GrantState.PROPOSED, editable=False
    )
    source_key = models.CharField(
        _("khóa nguồn đề xuất"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("Khóa của sự kiện đã tự động đề xuất khoản hỗ trợ (ví dụ một quyết định công nhận)."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("khoản hỗ trợ")
        verbose_name_plural = _("khoản hỗ trợ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="grant_amount_positive",
                violation_error_message=_("Kinh phí hỗ trợ phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                condition=models.Q(counterpart_amount__gte=0),
                name="grant_counterpart_not_negative",
                violation_error_message=_("Vốn đối ứng không được âm."),
            ),
            # A recognition proposes its award once, whoever calls and however often.
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="grant_unique_source_key"
            ),
        ]
        indexes = [models.Index(fields=["budget_line", "state"]), models.Index(fields=["producer", "-created_at"])]
        rules_permissions = {
            "add": can_propose_grant,
            "approve": is_staff_of_grant_province,
            "cancel": is_staff_of_grant_province,
            "disburse": is_staff_of_grant_province,
        }

    def __str__(self):
        return f"{self.producer} · {self.description[:60]}"


class Disbursement(models.Model):
    """A payment made on a grant."""

    grant = models.ForeignKey(
        SupportGrant, verbose_name=_("khoản hỗ trợ"), on_delete=models.PROTECT, related_name="disbursements"
    )
    paid_on = models.DateField(_("ngày chi"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần chi")
        verbose_name_plural = _("lần chi")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="disbursement_amount_positive",
                violation_error_message=_("Số tiền chi phải lớn hơn 0."),
            )
        ]

    def __str__(self):
        return f"{self.paid_on:%d/%m/%Y} · {self.amount}"


# The award amount fields, "<kind>_<stars>_stars", in the order the policy form shows them.
AWARD_AMOUNT_FIELDS = tuple(f"{kind.value}_{stars}_stars" for kind in AwardKind for stars in (3, 4, 5))


class AwardPolicy(RulesModel):
    """The results-based award a province pays per recognition in one year (đồng per star level).

    A zero amount means no award for that case.
    """

    province = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": UnitLevel.PROVINCE},
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    first_3_stars = models.BigIntegerField(_("công nhận lần đầu 3 sao"), default=0)
    first_4_stars = models.BigIntegerField(_("công nhận lần đầu 4 sao"), default=0)
    first_5_stars = models.BigIntegerField(_("công nhận lần đầu 5 sao"), default=0)
    reevaluation_3_stars = models.BigIntegerField(_("đánh giá lại 3 sao"), default=0)
    reevaluation_4_stars = models.BigIntegerField(_("đánh giá lại 4 sao"), default=0)
    reevaluation_5_stars = models.BigIntegerField(_("đánh giá lại 5 sao"), default=0)
    upgrade_3_stars = models.BigIntegerField(_("nâng hạng lên 3 sao"), default=0)
    upgrade_4_stars = models.BigIntegerField(_("nâng hạng lên 4 sao"), default=0)
    upgrade_5_stars = models.BigIntegerField(_("nâng hạng lên 5 sao"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mức thưởng theo kết quả")
        verbose_name_plural = _("mức thưởng theo kết quả")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="award_policy_unique_year"),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": 0}),
                    name=f"award_{name}_not_negative",
                    violation_error_message=_("Mức thưởng không được âm."),
                )
                for name in AWARD_AMOUNT_FIELDS
            ),
        ]
        rules_permissions = {"add": can_manage_support, "change": is_staff_of_object_province}

    def __str__(self):
        return f"{self.province} · {self.year}"

    def amount_for(self, *, kind: str, stars: int) -> int:
        """The award for a recognition of `kind` at `stars`; 0 below 3 stars or when unset."""
        if stars not in (3, 4, 5):
            return 0
        return getattr(self, f"{AwardKind(kind).value}_{stars}_stars")
