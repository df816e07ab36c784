from django.db import models
from django.utils.translation import gettext_lazy as _


class ProducerKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    HOUSEHOLD = "household", _("Hộ kinh doanh")


class ProductStatus(models.TextChoices):
    ACTIVE = "active", _("Đang sản xuất")
    STOPPED = "stopped", _("Ngừng sản xuất")


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    REJECTED = "rejected", _("Không chấp nhận")


class ImportState(models.TextChoices):
    PREVIEWED = "previewed", _("Đã kiểm tra thử")
    FAILED = "failed", _("Có lỗi")
    COMMITTED = "committed", _("Đã nhập")
