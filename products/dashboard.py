"""The registry's panels on the role home page."""

import rules
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop_portal.core.dashboard import Panel, register

from .enums import ProposalState
from .selectors import producers_visible_to, products_visible_to, proposals_to_review, proposals_visible_to

MY_PRODUCTS_SHOWN = 5


@register
def panels(user) -> list[Panel]:
    if not user.is_authenticated:
        return []
    result = []
    if rules.has_perm("products.add_producer", user):
        pending = proposals_to_review(user).count()
        result += [
            Panel(
                title=_("Chủ thể OCOP trong phạm vi quản lý"),
                count=producers_visible_to(user).count(),
                url=reverse("products:producer_list"),
                order=20,
            ),
            Panel(
                title=_("Sản phẩm trong phạm vi quản lý"),
                count=products_visible_to(user).count(),
                url=reverse("products:product_list"),
                order=21,
            ),
            Panel(
                title=_("Đề nghị sửa thông tin chờ xem xét"),
                count=pending,
                url=reverse("products:proposal_list"),
                order=22,
                tone="warning" if pending else "secondary",
            ),
        ]
    membership = getattr(user, "producer_membership", None)
    if membership is not None:
        products = products_visible_to(user).filter(producer_id=membership.producer_id)
        names = list(products.values_list("name", flat=True)[: MY_PRODUCTS_SHOWN + 1])
        items = names[:MY_PRODUCTS_SHOWN] + (["…"] if len(names) > MY_PRODUCTS_SHOWN else [])
        result += [
            Panel(
                title=_("Sản phẩm của tôi"),
                count=products.count(),
                items=items,
                url=reverse("products:producer_detail", args=[membership.producer_id]),
                order=20,
            ),
            Panel(
                title=_("Đề nghị sửa thông tin đang chờ"),
                count=proposals_visible_to(user).filter(state=ProposalState.PENDING).count(),
                url=reverse("products:proposal_list"),
                order=23,
                tone="secondary",
            ),
        ]
    return result
