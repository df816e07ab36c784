from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PROVINCE = "province", _("Báo cáo năm của tỉnh")
    NATIONAL = "national", _("Báo cáo tổng hợp toàn quốc")


class RequestState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")

    @classmethod
    def active_states(cls):
        """States a worker may still move on: the sweeper watches these."""
        return [cls.QUEUED, cls.RUNNING]


# The narrative sections DARD staff write, in the order the report prints them.
NARRATIVE_SECTIONS = (
    ("introduction", _("Mở đầu")),
    ("leadership", _("Công tác lãnh đạo, chỉ đạo")),
    ("communication", _("Công tác tuyên truyền, vận động")),
    ("guidance", _("Công tác tư vấn, hướng dẫn thực hiện Chương trình")),
    ("trade_promotion", _("Công tác quảng bá, xúc tiến thương mại sản phẩm OCOP")),
    ("assessment", _("Đánh giá chung: kết quả đạt được")),
    ("difficulties", _("Một số khó khăn, hạn chế")),
    ("next_year_tasks", _("Nhiệm vụ và giải pháp năm sau")),
)
NARRATIVE_FIELDS = tuple(name for name, _label in NARRATIVE_SECTIONS)

# The report's official-document fields (number, date, place, signer, recipients) and its cut-off,
# edited on the same page and saved with the narrative.
DOCUMENT_FIELDS = (
    "cutoff_date",
    "document_number",
    "document_date",
    "place",
    "issuer",
    "signer_title",
    "signer_name",
    "recipients",
)
