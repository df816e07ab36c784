"""Role-home panels for dossiers: those waiting for the completeness check, those returned for
completion, and a producer's own dossiers."""

from django.urls import reverse
from django.utils.translation import gettext as _

from ocop_portal.core.dashboard import Panel, register

from .enums import DossierState
from .selectors.dossiers import dossiers_visible_to, producer_dossiers


@register
def dossier_panels(user) -> list[Panel]:
    if not user.is_authenticated:
        return []
    panels = []
    queue_url = reverse("evaluation:dossier_queue")
    if user.staff_province_id or user.officer_district_id:
        visible = dossiers_visible_to(user)
        panels.append(
            Panel(
                title=_("Hồ sơ chờ kiểm tra"),
                count=visible.filter(state=DossierState.SUBMITTED).count(),
                url=f"{queue_url}?state={DossierState.SUBMITTED}",
                order=10,
                tone="warning",
            )
        )
        panels.append(
            Panel(
                title=_("Hồ sơ bị trả lại, chờ bổ sung"),
                count=visible.filter(state=DossierState.RETURNED).count(),
                url=f"{queue_url}?state={DossierState.RETURNED}",
                order=11,
                tone="secondary",
            )
        )
    if getattr(user, "producer_membership", None) is not None:
        mine = producer_dossiers(user)
        returned = mine.filter(state=DossierState.RETURNED).count()
        panels.append(
            Panel(
                title=_("Hồ sơ của tôi"),
                count=mine.exclude(state=DossierState.WITHDRAWN).count(),
                url=reverse("evaluation:dossier_mine"),
                items=[_("%(count)s hồ sơ bị trả lại cần bổ sung") % {"count": returned}] if returned else [],
                order=12,
                tone="danger" if returned else "primary",
            )
        )
    return panels
