import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import UnitLevel


class AdministrativeUnit(models.Model):
    """A province, district or commune with its official GSO code and the dates it was in force.

    Codes are reused across reforms (2025's code 24 is Bắc Ninh, not Bắc Giang), so a code is
    only unique together with its level and the date it came into force.
    """

    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    code = models.CharField(_("mã"), max_length=5)
    name = models.CharField(_("tên"), max_length=120)
    unit_type = models.CharField(_("loại"), max_length=40)
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                condition=models.Q(valid_from__isnull=False),
                name="unit_unique_code_per_period",
            ),
            models.UniqueConstraint(
                fields=["level", "code"], condition=models.Q(valid_from__isnull=True), name="unit_unique_open_code"
            ),
        ]
        indexes = [models.Index(fields=["parent", "level"])]

    def __str__(self):
        return self.name


class AuditEntry(models.Model):
    """One row per change to a record that matters (who, what, when, which fields).

    Entries are chained: each stores the hash of the previous entry and its own, so an edit or a
    deletion in the table is detectable (`manage.py verify_audit_chain`).
    """

    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("hành động"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def compute_hash(self) -> str:
        payload = json.dumps(
            [
                self.previous_hash,
                self.created_at.isoformat() if self.created_at else "",
                self.actor_id,
                self.action,
                self.content_type_id,
                self.object_id,
                self.object_repr,
                self.changes,
                self.note,
            ],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


class Notification(models.Model):
    """An in-portal notice for one user (the bell list); e-mail copies are sent alongside."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # The outbox: an e-mail copy is owed while email_pending is set; emailed_at records the send.
    email_pending = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_pending"], condition=models.Q(email_pending=True), name="notification_outbox"),
        ]

    def __str__(self):
        return self.subject
