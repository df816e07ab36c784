from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    DISTRICT = "district", _("Huyện/quận/thị xã/thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã/phường/thị trấn")


class EmailFrequency(models.TextChoices):
    """How a user's notifications reach their mailbox (the in-portal list always has them)."""

    DAILY = "daily", _("Một thư tổng hợp mỗi ngày")
    EACH = "each", _("Một thư cho mỗi thông báo")
    NONE = "none", _("Không gửi thư")
