"""Role-home panels for support money (collected by ocop_portal.core.dashboard)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.dashboard import Panel, register
from ocop_portal.core.templatetags.ocop import format_vnd

from . import selectors
from .enums import GrantState


@register
def panels(user) -> list[Panel]:
    if not user.is_authenticated:
        return []
    if user.staff_province_id:
        year = timezone.localdate().year
        overview = selectors.budget_overview(user, year)
        return [
            Panel(
                title=_("Đề xuất hỗ trợ chờ phê duyệt"),
                count=selectors.pending_proposals_count(user),
                url=f"{reverse('support:grant_list')}?state={GrantState.PROPOSED}",
                order=60,
                tone="warning",
            ),
            Panel(
                title=_("Ngân sách hỗ trợ OCOP năm %(year)s") % {"year": year},
                items=[
                    _("Phân bổ: %(amount)s") % {"amount": format_vnd(overview.total.allocated)},
                    _("Đã cam kết: %(amount)s") % {"amount": format_vnd(overview.total.committed)},
                    _("Đã chi: %(amount)s") % {"amount": format_vnd(overview.total.paid)},
                    _("Còn lại: %(amount)s") % {"amount": format_vnd(overview.total.remaining)},
                ],
                url=f"{reverse('support:overview')}?year={year}",
                order=61,
            ),
        ]
    if user.officer_district_id:
        return [
            Panel(
                title=_("Hỗ trợ cho chủ thể trong huyện"),
                count=selectors.grants_visible_to(user).count(),
                url=reverse("support:grant_list"),
                order=60,
            )
        ]
    if hasattr(user, "producer_membership"):
        return [
            Panel(
                title=_("Hỗ trợ chủ thể đã nhận"),
                count=selectors.grants_visible_to(user).exclude(state=GrantState.CANCELLED).count(),
                url=reverse("support:grant_list"),
                order=60,
            )
        ]
    return []
