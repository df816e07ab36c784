from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop_portal.core.enums import EmailFrequency, UnitLevel


class User(AbstractUser):
    """A portal user. Roles are where the user is bound, not a single field, so one person can hold
    several: province staff of a province, district officer of a district, commune officer of a
    commune, a council seat (evaluation.CouncilMember) and a producer link
    (products.ProducerMembership)."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    staff_province = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("cán bộ Sở NN&PTNT của tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="province_staff",
        limit_choices_to={"level": UnitLevel.PROVINCE},
        help_text=_("Cán bộ cơ quan thường trực OCOP cấp tỉnh: xem và quản lý toàn tỉnh."),
    )
    officer_district = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("cán bộ phụ trách OCOP của huyện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="district_officers",
        limit_choices_to={"level": UnitLevel.DISTRICT},
    )
    officer_commune = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("cán bộ UBND xã phụ trách OCOP"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commune_officers",
        limit_choices_to={"level": UnitLevel.COMMUNE},
        help_text=_(
            "Cán bộ UBND cấp xã: đăng ký chủ thể và sản phẩm của xã, tiếp nhận và kiểm tra hồ sơ ở bước cấp xã."
        ),
    )
    notification_email = models.CharField(
        _("thư thông báo"),
        max_length=8,
        choices=EmailFrequency.choices,
        default=EmailFrequency.DAILY,
        help_text=_("Thông báo luôn có trong cổng; đây là cách gửi bản sao qua thư điện tử."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)

    @property
    def is_province_staff(self) -> bool:
        return self.staff_province_id is not None

    @property
    def is_district_officer(self) -> bool:
        return self.officer_district_id is not None

    @property
    def is_commune_officer(self) -> bool:
        return self.officer_commune_id is not None
