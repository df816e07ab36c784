"""Grant pages: list and export, detail, propose, approve, cancel, record a payment, history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.collation import vi_order
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.forms import add_service_errors
from ocop_portal.core.models import AdministrativeUnit

from .. import selectors, services
from ..enums import GrantState
from ..exports import grants_workbook
from ..forms import DisbursementForm, GrantApproveForm, GrantCancelForm, GrantFilter, GrantProposeForm
from .common import require_perm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered_grants(request) -> GrantFilter:
    user = request.user
    if user.staff_province_id:
        districts = AdministrativeUnit.objects.filter(parent_id=user.staff_province_id, level=UnitLevel.DISTRICT)
    elif user.officer_district_id:
        districts = AdministrativeUnit.objects.filter(pk=user.officer_district_id)
    else:
        districts = AdministrativeUnit.objects.none()
    return GrantFilter(
        request.GET or None, queryset=selectors.grants_visible_to(user), districts=districts.order_by(*vi_order("name"))
    )


@login_required
def grant_list(request):
    require_perm(request, "support.view_grants")
    grant_filter = _filtered_grants(request)
    page = Paginator(grant_filter.qs, 25).get_page(request.GET.get("page"))
    context = {
        "filter": grant_filter,
        "page_obj": page,
        "export_query": request.GET.urlencode(),
        "can_propose": request.user.has_perm("support.add_supportgrant"),
    }
    return render(request, "support/grant_list.html", context)


@login_required
def grant_export(request):
    require_perm(request, "support.view_grants")
    content = grants_workbook(_filtered_grants(request).qs)
    response = HttpResponse(content, content_type=XLSX)
    filename = f"ho-tro-ocop-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def grant_detail(request, pk):
    grant = get_object_or_404(selectors.grants_visible_to(request.user), pk=pk)
    user = request.user
    context = {
        "grant": grant,
        "disbursements": grant.disbursements.all(),
        "left_to_pay": grant.amount - grant.paid,
        "can_approve": grant.state == GrantState.PROPOSED and user.has_perm("support.approve_supportgrant", grant),
        "can_cancel": grant.state in (GrantState.PROPOSED, GrantState.APPROVED)
        and user.has_perm("support.cancel_supportgrant", grant),
        "can_disburse": grant.state in (GrantState.APPROVED, GrantState.PAID_IN_PART)
        and user.has_perm("support.disburse_supportgrant", grant),
    }
    return render(request, "support/grant_detail.html", context)


@login_required
def grant_create(request):
    require_perm(request, "support.add_supportgrant")
    user = request.user
    form = GrantProposeForm(
        request.POST or None,
        initial={"producer": request.GET.get("producer")},
        budget_lines=selectors.budget_lines_visible_to(user),
        producers=selectors.producers_in_scope(user),
        products=selectors.products_in_scope(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_propose(by=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã gửi đề xuất hỗ trợ."))
            return redirect("support:grant_detail", pk=grant.pk)
    return render(request, "support/grant_form.html", {"form": form})


def _grant_action(request, pk, perm):
    grant = get_object_or_404(selectors.grants_visible_to(request.user), pk=pk)
    require_perm(request, perm, grant)
    return grant


@login_required
def grant_approve(request, pk):
    grant = _grant_action(request, pk, "support.approve_supportgrant")
    form = GrantApproveForm(request.POST or None, initial={"amount": grant.amount})
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_approve(grant=grant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã phê duyệt khoản hỗ trợ."))
            return redirect("support:grant_detail", pk=grant.pk)
    line = selectors.budget_lines_visible_to(request.user).get(pk=grant.budget_line_id)
    return render(request, "support/grant_approve.html", {"form": form, "grant": grant, "line": line})


@login_required
def grant_cancel(request, pk):
    grant = _grant_action(request, pk, "support.cancel_supportgrant")
    form = GrantCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_cancel(grant=grant, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã hủy khoản hỗ trợ."))
            return redirect("support:grant_detail", pk=grant.pk)
    return render(request, "support/grant_cancel.html", {"form": form, "grant": grant})


@login_required
def disbursement_create(request, pk):
    grant = _grant_action(request, pk, "support.disburse_supportgrant")
    form = DisbursementForm(request.POST or None, initial={"amount": max(grant.amount - grant.paid, 0)})
    if request.method == "POST" and form.is_valid():
        try:
            services.disbursement_create(grant=grant, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận lần chi."))
            return redirect("support:grant_detail", pk=grant.pk)
    context = {"form": form, "grant": grant, "left_to_pay": grant.amount - grant.paid}
    return render(request, "support/disbursement_form.html", context)


@login_required
def producer_history(request, producer_id):
    """The producer's support history; htmx requests get the bare fragment for the producer page."""
    require_perm(request, "support.view_grants")
    producer = get_object_or_404(selectors.producers_visible_to(request.user), pk=producer_id)
    context = {"producer": producer, "support_grants": selectors.grants_for_producer(request.user, producer)}
    template = "support/_producer_history.html" if request.htmx else "support/producer_history.html"
    return render(request, template, context)
