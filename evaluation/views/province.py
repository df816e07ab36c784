"""The province's steps on a dossier (QĐ 26/2026 Art. 6.3, 7.3, 7.4): the advisory team's file
(review, site visits, extra tests, report to the chair) and the 5★ dossier to the Ministry
(approval, package, outcome); and the advisory team's list of dossiers at the province.

A dossier comes through `dossier_for_page` (unseen → 404); the page is the advisory team's
(province staff of its province, a support-team seat on a provincial council it is assigned to;
others → 403); the 5★ steps are the province staff's (403 for the rest of the team).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..enums import AdvisoryKind, Level
from ..forms.province import AdvisoryForm, ApproveForm, MinistryOutcomeForm, SendForm
from ..models import AdvisoryRecord, CouncilMember, Dossier
from ..selectors.dossiers import dossier_for_page, dossiers_visible_to
from ..services import ministry
from ..services.advisory import (
    ADVISORY_STATES,
    advises,
    advisory_record,
    has_site_visit,
    open_test_requests,
    site_visit_required,
)
from ..services.decisions import central_outcome_record
from ..services.province_clocks import attach_day_clocks
from .councils import add_service_errors

PAGE_SIZE = 25


def _dossier(request, pk: int) -> Dossier:
    try:
        dossier = dossier_for_page(request.user, pk)
    except Dossier.DoesNotExist as error:
        raise Http404 from error
    if not advises(request.user, dossier):
        raise PermissionDenied
    return dossier


def _staff(request, dossier) -> bool:
    return bool(request.user.staff_province_id and request.user.staff_province_id == dossier.province_id)


def _page(request, dossier, **forms):
    records = list(dossier.advisory_records.select_related("by", "answers").order_by("on", "id"))
    staff = _staff(request, dossier)
    waiting = ministry.waiting_for_the_ministry(dossier)
    submission = ministry.submission_of(dossier)
    attach_day_clocks([dossier])
    context = {
        "dossier": dossier,
        "records": records,
        "site_visit_required": site_visit_required(dossier),
        "has_site_visit": has_site_visit(dossier),
        "open_requests": list(open_test_requests(dossier)),
        "advisory_form": forms.get("advisory_form") or AdvisoryForm(open_requests=open_test_requests(dossier)),
        "staff": staff,
        "waiting": waiting,
        "submission": submission,
        "missing": ministry.package_missing(dossier) if staff and waiting else [],
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "send_form": forms.get("send_form") or SendForm(),
        "outcome_form": forms.get("outcome_form") or MinistryOutcomeForm(),
        "standing": ministry.dossier_standing(dossier),
    }
    return render(request, "evaluation/province/dossier.html", context)


@login_required
@require_GET
def dossier_province_view(request, pk: int):
    return _page(request, _dossier(request, pk))


@login_required
@require_POST
def advisory_add_view(request, pk: int):
    dossier = _dossier(request, pk)
    form = AdvisoryForm(request.POST, open_requests=open_test_requests(dossier))
    if form.is_valid():
        data = form.cleaned_data
        try:
            advisory_record(
                dossier=dossier,
                kind=data["kind"],
                on=data["on"],
                text=data["text"],
                answers=data["answers"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận: %(kind)s.") % {"kind": AdvisoryKind(data["kind"]).label})
            return redirect("evaluation:dossier_province", dossier.pk)
    return _page(request, dossier, advisory_form=form)


def _staff_dossier(request, pk: int) -> Dossier:
    dossier = _dossier(request, pk)
    if not _staff(request, dossier):
        raise PermissionDenied
    return dossier


def _staff_step(request, pk: int, form_class, form_key: str, action, done: str):
    """A 5★ step: the province's staff post `form_class`; `action(dossier, data)` calls the
    service. Bad input or a refusal re-renders the page with the form's errors, nothing written."""
    dossier = _staff_dossier(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(dossier, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("evaluation:dossier_province", dossier.pk)
    return _page(request, dossier, **{form_key: form})


@login_required
@require_POST
def five_star_approve_view(request, pk: int):
    return _staff_step(
        request,
        pk,
        ApproveForm,
        "approve_form",
        lambda dossier, data: ministry.five_star_approve(dossier=dossier, by=request.user, **data),
        _("Đã ghi nhận phê duyệt kết quả của Chủ tịch UBND tỉnh."),
    )


@login_required
@require_POST
def five_star_send_view(request, pk: int):
    return _staff_step(
        request,
        pk,
        SendForm,
        "send_form",
        lambda dossier, data: ministry.five_star_send(dossier=dossier, by=request.user, **data),
        _("Đã gửi hồ sơ đề nghị Bộ công nhận 5 sao; bộ hồ sơ đang được đóng gói."),
    )


@login_required
@require_POST
def five_star_outcome_view(request, pk: int):
    return _staff_step(
        request,
        pk,
        MinistryOutcomeForm,
        "outcome_form",
        lambda dossier, data: central_outcome_record(dossier=dossier, by=request.user, **data),
        _("Đã ghi nhận kết quả của Bộ."),
    )


# --- the advisory team's list ----------------------------------------------------------------------


def is_advisory_team(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.staff_province_id:
        return True
    return CouncilMember.objects.filter(
        user=user, active=True, is_support_team=True, council__level=Level.PROVINCE
    ).exists()


def province_work_queryset(user):
    """Visible dossiers at the province's council (or sent on to the Ministry), with what the rows
    show read in the page's query."""
    visited = AdvisoryRecord.objects.filter(dossier=OuterRef("pk"), kind=AdvisoryKind.SITE_VISIT)
    reported = AdvisoryRecord.objects.filter(dossier=OuterRef("pk"), kind=AdvisoryKind.REPORT)
    return (
        dossiers_visible_to(user)
        .filter(state__in=ADVISORY_STATES, current_level__in=[Level.PROVINCE, Level.CENTRAL])
        .select_related(None)
        .select_related("product__producer", "round__framework", "sheet__product_set__group", "ministry_submission")
        .annotate(visited=Exists(visited), reported=Exists(reported))
    )


@login_required
def province_work_view(request):
    if not is_advisory_team(request.user):
        raise PermissionDenied
    page = Paginator(province_work_queryset(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    attach_day_clocks(page.object_list)
    for dossier in page.object_list:
        dossier.needs_visit = site_visit_required(dossier)
    return render(request, "evaluation/province/work.html", {"page_obj": page})
