from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FundingSource(models.TextChoices):
    CENTRAL_NTM = "central_ntm", _("Vốn sự nghiệp Chương trình MTQG xây dựng nông thôn mới (trung ương)")
    PROVINCIAL = "provincial", _("Ngân sách tỉnh")
    DISTRICT = "district", _("Ngân sách huyện")
    OTHER_PROGRAMMES = "other_programmes", _("Lồng ghép các chương trình khác")
    PRODUCER_COUNTERPART = "producer_counterpart", _("Vốn đối ứng của chủ thể")


class SupportCategory(models.TextChoices):
    LABELS_PACKAGING = "labels_packaging", _("Tem nhãn mác, bao bì")
    TRADEMARK = "trademark", _("Quản lý nhãn hiệu")
    FOOD_SAFETY_TESTING = "food_safety_testing", _("Kiểm nghiệm chỉ tiêu ATTP")
    TRADE_PROMOTION = "trade_promotion", _("Hội chợ, xúc tiến thương mại")
    EQUIPMENT = "equipment", _("Dự án hỗ trợ trang thiết bị")
    TRAINING = "training", _("Đào tạo, tập huấn")
    CONSULTING = "consulting", _("Tư vấn, hoàn thiện hồ sơ")
    RESULTS_AWARD = "results_award", _("Thưởng theo kết quả đánh giá")
    OTHER = "other", _("Nội dung khác")


# What a grant's `units` counts in each category, for the summary in the seeds' shape
# ("kiểm nghiệm ATTP: 15 sản phẩm"). Categories missing here are counted in producers.
CATEGORY_UNIT_LABELS = {
    SupportCategory.FOOD_SAFETY_TESTING: pgettext_lazy("support units", "sản phẩm"),
    SupportCategory.TRADE_PROMOTION: pgettext_lazy("support units", "lượt hội chợ"),
    SupportCategory.EQUIPMENT: pgettext_lazy("support units", "dự án"),
    SupportCategory.TRAINING: pgettext_lazy("support units", "lớp"),
}


class GrantState(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPROVED = "approved", _("Đã phê duyệt")
    PAID_IN_PART = "paid_in_part", _("Đã chi một phần")
    PAID = "paid", _("Đã chi đủ")
    CANCELLED = "cancelled", _("Đã hủy")


# A grant takes money from its budget line from approval on.
COMMITTED_STATES = frozenset({GrantState.APPROVED, GrantState.PAID_IN_PART, GrantState.PAID})
OPEN_STATES = frozenset({GrantState.PROPOSED, GrantState.APPROVED, GrantState.PAID_IN_PART})
FINAL_STATES = frozenset({GrantState.PAID, GrantState.CANCELLED})
PAYABLE_STATES = frozenset({GrantState.APPROVED, GrantState.PAID_IN_PART})


class AwardKind(models.TextChoices):
    FIRST = "first", _("Công nhận lần đầu")
    REEVALUATION = "reevaluation", _("Đánh giá lại, giữ nguyên hạng sao")
    UPGRADE = "upgrade", _("Nâng hạng sao")
