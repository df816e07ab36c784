"""Role-home panels for the annual report (collected by ocop_portal.core.dashboard)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.dashboard import Panel, register

from .selectors import annual_reports_visible_to, national_summaries_visible_to


def _status(latest, year: int) -> str:
    if latest:
        return _("Phiên bản %(version)s: %(state)s") % {"version": latest.version, "state": latest.get_state_display()}
    return _("Chưa tạo báo cáo năm %(year)s.") % {"year": year}


@register
def national_panels(user) -> list[Panel]:
    if not user.is_authenticated or not user.is_superuser:
        return []
    year = timezone.localdate().year - 1
    latest = national_summaries_visible_to(user).filter(year=year).first()
    return [
        Panel(
            title=_("Báo cáo tổng hợp toàn quốc năm %(year)s") % {"year": year},
            items=[_status(latest, year)],
            url=f"{reverse('reports:national_summary')}?year={year}",
            order=82,
        )
    ]


@register
def panels(user) -> list[Panel]:
    if not user.is_authenticated or not user.staff_province_id:
        return []
    year = timezone.localdate().year - 1
    latest = annual_reports_visible_to(user).filter(year=year).first()
    return [
        Panel(
            title=_("Báo cáo năm %(year)s") % {"year": year},
            items=[_status(latest, year)],
            url=f"{reverse('reports:annual_report')}?year={year}",
            order=80,
        ),
        Panel(
            title=_("Số liệu OCOP năm %(year)s") % {"year": year},
            items=[_("Biểu đồ theo huyện, nhóm sản phẩm và nội dung hỗ trợ")],
            url=f"{reverse('reports:dashboard')}?year={year}",
            order=81,
        ),
    ]
