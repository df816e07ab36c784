"""Dated snapshots of the certified-product register, published as open data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def snapshot_path(instance, filename):
    # Public by nature, but served through opendata's own view (nginx serves only /media/products/).
    return f"opendata/{instance.as_of:%Y-%m-%d}/{filename}"


class RegisterSnapshot(models.Model):
    """The register as of one date: every certificate issued by then, with its status that day.
    Built from the certificates' dates and status history, so building it again for the same date
    gives the same bytes (the checksums are kept to show it)."""

    as_of = models.DateField(_("số liệu đến ngày"), unique=True)
    schema_version = models.CharField(max_length=10)
    records = models.PositiveIntegerField(_("số bản ghi"))
    in_force = models.PositiveIntegerField(_("còn hiệu lực"))
    csv_en = models.FileField(upload_to=snapshot_path, max_length=255)
    csv_vi = models.FileField(upload_to=snapshot_path, max_length=255)
    json = models.FileField(upload_to=snapshot_path, max_length=255)
    datapackage = models.FileField(upload_to=snapshot_path, max_length=255)
    checksums = models.JSONField(_("mã SHA-256"), default=dict)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản dữ liệu mở")
        verbose_name_plural = _("bản dữ liệu mở")
        ordering = ["-as_of"]

    def __str__(self):
        return f"{self.as_of:%d/%m/%Y}"

    def files(self) -> dict:
        """File name → field, in the order the page lists them."""
        return {
            field.name.rsplit("/", 1)[-1]: field for field in (self.csv_en, self.csv_vi, self.json, self.datapackage)
        }
