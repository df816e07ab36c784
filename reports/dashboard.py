"""Role-home panels for the annual report (collected by ocop_portal.core.dashboard)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.dashboard import Panel, register

from .selectors import report_requests_visible_to


@register
def panels(user) -> list[Panel]:
    if not user.is_authenticated or not user.staff_province_id:
        return []
    year = timezone.localdate().year - 1
    latest = report_requests_visible_to(user).filter(year=year).first()
    if latest:
        status = _("Phiên bản %(version)s: %(state)s") % {
            "version": latest.version,
            "state": latest.get_state_display(),
        }
    else:
        status = _("Chưa tạo báo cáo năm %(year)s.") % {"year": year}
    return [
        Panel(
            title=_("Báo cáo năm %(year)s") % {"year": year},
            items=[status],
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
