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


class SignupState(models.TextChoices):
    PENDING = "pending", _("Chờ xã xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    REJECTED = "rejected", _("Không xác nhận")


class ImportState(models.TextChoices):
    PREVIEWED = "previewed", _("Đã kiểm tra thử")
    FAILED = "failed", _("Có lỗi")
    COMMITTED = "committed", _("Đã nhập")


class AuditAction(models.TextChoices):
    """The audit-log action codes written by the registry services (core.AuditEntry.action)."""

    PRODUCER_CREATED = "producer.created", _("Tạo chủ thể")
    PRODUCER_UPDATED = "producer.updated", _("Sửa thông tin chủ thể")
    PRODUCT_CREATED = "product.created", _("Tạo sản phẩm")
    PRODUCT_UPDATED = "product.updated", _("Sửa thông tin sản phẩm")
    PHOTO_ADDED = "product.photo_added", _("Thêm ảnh sản phẩm")
    PROPOSAL_CREATED = "proposal.created", _("Gửi đề nghị sửa thông tin")
    PROPOSAL_ACCEPTED = "proposal.accepted", _("Chấp nhận đề nghị sửa thông tin")
    PROPOSAL_REJECTED = "proposal.rejected", _("Không chấp nhận đề nghị sửa thông tin")
    IMPORT_COMMITTED = "registry_import.committed", _("Nhập danh sách chủ thể, sản phẩm")
