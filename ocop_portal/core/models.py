import hashlib
import hmac
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import UnitLevel


class AdministrativeUnitQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """The versions in force on `day` (an open start or end means "since ever" / "still")."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        )


class AdministrativeUnit(models.Model):
    """One version of a province, district or commune: its official GSO code, name and parent
    for the period it was in force, and the list it came from.

    Codes are reused across reforms (2025's code 24 is Bắc Ninh, not Bắc Giang), so a code is
    only unique together with its level and the date it came into force. A record that names a
    place keeps the version of its time; "the unit today" is `unit_in_force(level, code, day)`.
    Loading a list never renames or re-parents another period's version (core/admin_units.py).
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
    source = models.CharField(_("danh mục nguồn"), max_length=60, blank=True)
    # Set on each version of a predecessor province once its records are carried into the merged
    # province (evaluation/services/carry.py): the successor's staff then manage them.
    carried_into = models.ForeignKey(
        "self",
        verbose_name=_("đã chuyển về tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_from",
    )

    objects = AdministrativeUnitQuerySet.as_manager()

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

    def in_force_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

    def district_and_province(self) -> tuple["AdministrativeUnit | None", "AdministrativeUnit | None"]:
        """(district, province) above this unit on its own map: a pre-2025 commune answers to a
        district and its province, a 2025 commune to its province alone (district None)."""
        district, unit = None, self
        while unit is not None and unit.level != UnitLevel.PROVINCE:
            if unit.level == UnitLevel.DISTRICT:
                district = unit
            unit = unit.parent
        return district, unit


def unit_in_force(level: str, code: str, day) -> AdministrativeUnit | None:
    """The version of unit (`level`, `code`) in force on `day`, or None."""
    return AdministrativeUnit.objects.filter(level=level, code=code).in_force_on(day).first()


class UnitSuccession(models.Model):
    """One row of the 2025 crosswalk (mapping-2025.csv): a pre-reform unit, named by level and
    code (every version of that code before 01/07/2025), went wholly or partly into a 2025 unit.
    An old commune split across several new communes has one row per new commune."""

    class Coverage(models.TextChoices):
        FULL = "full", _("toàn bộ")
        PARTIAL = "partial", _("một phần")

    old_level = models.CharField(_("cấp cũ"), max_length=10, choices=UnitLevel.choices)
    old_code = models.CharField(_("mã cũ"), max_length=5)
    old_province_code = models.CharField(_("mã tỉnh cũ"), max_length=5)
    new_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị mới"), on_delete=models.PROTECT, related_name="predecessors"
    )
    coverage = models.CharField(_("phạm vi"), max_length=10, choices=Coverage.choices)

    class Meta:
        verbose_name = _("sắp xếp đơn vị hành chính")
        verbose_name_plural = _("sắp xếp đơn vị hành chính")
        ordering = ["old_level", "old_code", "new_unit_id"]
        constraints = [
            models.UniqueConstraint(fields=["old_level", "old_code", "new_unit"], name="succession_unique_pair")
        ]
        indexes = [models.Index(fields=["old_province_code", "old_level"])]

    def __str__(self):
        return f"{self.old_code} → {self.new_unit}"


def audit_key() -> bytes:
    """The audit chain's HMAC key: OCOP_AUDIT_KEY, or one derived from SECRET_KEY when unset (both
    live outside the database; a separate key survives a SECRET_KEY rotation)."""
    key = settings.OCOP_AUDIT_KEY or hmac.new(settings.SECRET_KEY.encode(), b"ocop-audit-chain", "sha256").hexdigest()
    return key.encode()


class AuditEntry(models.Model):
    """One row per change to a record that matters (who, what, when, which fields).

    Entries are chained: each stores the keyed hash (HMAC-SHA256, key outside the database:
    settings.OCOP_AUDIT_KEY) of the previous entry and its own, so an edit, a deletion in the table
    or a rewritten chain is detectable without the key; the head is anchored on a schedule outside
    the database, so a cut tail is too (`manage.py verify_audit_chain`, core/audit_anchor.py).
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

    def hash_payload(self, previous_hash: str) -> bytes:
        """What the chain hashes: the previous entry's hash and every field of this one."""
        return json.dumps(
            [
                previous_hash,
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
        ).encode()

    def compute_hash(self) -> str:
        return hmac.new(audit_key(), self.hash_payload(self.previous_hash), hashlib.sha256).hexdigest()


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
