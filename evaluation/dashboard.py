"""Role-home panels for evaluation: what needs the user's action now (dossiers to check,
scorecards to fill, decisions to record, certificates expiring, misuse reports) and a small chart.

Each panel costs a fixed number of queries, whatever the number of rows behind it.
"""

import datetime

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ocop_portal.core.dashboard import Panel, register
from ocop_portal.core.jurisdiction import in_province

from .enums import CertificateStatus, DossierState
from .next_steps import waiting_counts
from .selectors.certificates import (
    certificate_next_step,
    certificates_visible_to,
    misuse_reports_visible_to,
    own_certificates,
)
from .selectors.dossiers import dossiers_visible_to, producer_dossiers

EXPIRY_HORIZON_DAYS = 90
MY_CERTIFICATES_SHOWN = 5
CHART_STARS = (3, 4, 5)


@register
def dossier_panels(user) -> list[Panel]:
    if not user.is_authenticated:
        return []
    panels = []
    queue_url = reverse("evaluation:dossier_queue")
    if user.staff_province_id or user.officer_district_id or user.officer_commune_id:
        visible = dossiers_visible_to(user)
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


def _expiring(certificates, today: datetime.date):
    """Certificates in force that lapse within EXPIRY_HORIZON_DAYS (by date, so a late nightly
    status refresh does not hide them)."""
    horizon = today + datetime.timedelta(days=EXPIRY_HORIZON_DAYS)
    return certificates.filter(status__in=CertificateStatus.in_force(), valid_until__lte=horizon)


def _expiring_panel(count: int, url: str, order: int) -> Panel:
    return Panel(
        title=_("Giấy chứng nhận hết hạn trong %(days)s ngày tới") % {"days": EXPIRY_HORIZON_DAYS},
        count=count,
        url=url,
        order=order,
        tone="warning" if count else "secondary",
    )


def stars_chart_svg(counts: dict[int, int]) -> str:
    """A horizontal bar chart (inline SVG, drawn with presentation attributes only: the CSP
    forbids inline styles) of certificates in force per star class."""
    widest = max(counts.values(), default=0) or 1
    bar_full, bar_height, gap, label_width = 150, 18, 8, 84
    bars = [
        {
            "label": "★" * stars,
            "count": counts.get(stars, 0),
            "y": index * (bar_height + gap),
            "text_y": index * (bar_height + gap) + bar_height - 4,
            "width": round(bar_full * counts.get(stars, 0) / widest),
            "count_x": label_width + round(bar_full * counts.get(stars, 0) / widest) + 6,
        }
        for index, stars in enumerate(CHART_STARS)
    ]
    context = {
        "bars": bars,
        "label_width": label_width,
        "bar_height": bar_height,
        "width": label_width + bar_full + 40,
        "height": len(bars) * (bar_height + gap) - gap,
        "summary": "; ".join(
            _("%(stars)s sao: %(count)s") % {"stars": stars, "count": counts.get(stars, 0)} for stars in CHART_STARS
        ),
    }
    return render_to_string("evaluation/dashboard/stars_chart.svg", context)


def _province_staff_panels(user, today: datetime.date) -> list[Panel]:
    certificates = certificates_visible_to(user).filter(in_province(user.staff_province_id))
    misuse = misuse_reports_visible_to(user).filter(handled=False).count()
    by_stars = dict(
        certificates.filter(status__in=CertificateStatus.in_force())
        .order_by()
        .values_list("stars")
        .annotate(count=Count("pk"))
    )
    certificate_list = reverse("evaluation:certificate_list")
    return [
        _expiring_panel(
            _expiring(certificates, today).count(), f"{certificate_list}?status={CertificateStatus.EXPIRING}", 14
        ),
        Panel(
            title=_("Phản ánh sử dụng sai nhãn OCOP chưa xử lý"),
            count=misuse,
            url=f"{reverse('evaluation:misuse_report_list')}?open=1",
            order=15,
            tone="danger" if misuse else "secondary",
        ),
        Panel(
            title=_("Giấy chứng nhận còn hiệu lực theo hạng sao"),
            count=sum(by_stars.values()),
            items=[stars_chart_svg(by_stars)],
            url=f"{certificate_list}?status={CertificateStatus.VALID}",
            order=16,
        ),
    ]


def _district_officer_panels(user, today: datetime.date) -> list[Panel]:
    district_id = user.officer_district_id
    expiring = _expiring(certificates_visible_to(user).filter(district_id=district_id), today).count()
    url = f"{reverse('evaluation:certificate_list')}?status={CertificateStatus.EXPIRING}&district={district_id}"
    return [_expiring_panel(expiring, url, 14)]


def _producer_panels(user, today: datetime.date) -> list[Panel]:
    soonest_first = own_certificates(user).filter(status__in=CertificateStatus.in_force()).order_by("valid_until", "id")
    in_force = list(soonest_first)
    items = []
    for certificate in in_force[:MY_CERTIFICATES_SHOWN]:
        days_left = (certificate.valid_until - today).days
        items.append(
            _("%(product)s (%(stars)s sao, số %(number)s): còn %(days)s ngày, đến %(until)s. %(next)s")
            % {
                "product": certificate.product.name,
                "stars": certificate.stars,
                "number": certificate.number,
                "days": days_left,
                "until": formats.date_format(certificate.valid_until, "SHORT_DATE_FORMAT"),
                "next": certificate_next_step(certificate, today).text,
            }
        )
    if len(in_force) > MY_CERTIFICATES_SHOWN:
        items.append("…")
    soon = any((c.valid_until - today).days <= EXPIRY_HORIZON_DAYS for c in in_force)
    return [
        Panel(
            title=_("Giấy chứng nhận OCOP của tôi"),
            count=len(in_force),
            items=items,
            url=reverse("evaluation:my_certificates"),
            order=13,
            tone="warning" if soon else "primary",
        )
    ]


@register
def action_panels(user) -> list[Panel]:
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    panels = []
    if user.staff_province_id:
        panels += _province_staff_panels(user, today)
    if user.officer_district_id:
        panels += _district_officer_panels(user, today)
    if getattr(user, "producer_membership", None) is not None:
        panels += _producer_panels(user, today)
    return panels


@register
def next_step_panels(user) -> list[Panel]:
    """A card per waiting state the user acts on (evaluation/next_steps.py): the number of
    dossiers waiting and the list where the step is done. Cards at 0 show only for the
    everyday steps (checks, scoring, decisions)."""
    panels = []
    for index, (step, count) in enumerate(waiting_counts(user)):
        if not count and not step.always_shown:
            continue
        panels.append(
            Panel(
                title=str(step.card),
                count=count,
                url=step.card_url(user),
                order=5 + index / 100,
                tone="warning" if count else "secondary",
            )
        )
    return panels
