"""API keys. A user may hold several named keys (one per program); only a hash is stored, so
the key is shown once, when it is created."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên khóa"), max_length=100)
    # The first characters of the key, kept in clear so the owner can tell keys apart.
    prefix = models.CharField(_("mở đầu khóa"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    # Optional end of life, and a read-only scope (GET/HEAD/OPTIONS only): a key handed to a
    # program that only reads need not carry the owner's right to write.
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    read_only = models.BooleanField(_("chỉ đọc"), default=False)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
