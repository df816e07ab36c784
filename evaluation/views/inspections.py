"""Post-certification inspection pages (QĐ 26/2026 Art. 9): the list (with the province's plans),
a plan, a new inspection of a certificate, an inspection with its findings, adding a finding with
evidence, the conclusion, a revocation decision from a finding, the evidence download, and opening
or linking an inspection from a public misuse report.

Every page loads inspections through `inspections_visible_to`, so one outside the user's scope is a
404; an action the user may not take on one they see is a 403 (province staff of the certificate's
province act; commune officers and producers read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ocop_portal.core.forms import add_service_errors

from ..forms.inspections import (
    ConclusionForm,
    FindingForm,
    FindingRevocationForm,
    InspectionFilterForm,
    InspectionForm,
    InspectionPlanForm,
    ReportInspectionForm,
)
from ..models import FindingFile
from ..models.inspections import InspectionState
from ..selectors import certificates as certificate_selectors
from ..selectors import inspections as selectors
from ..services import inspections as services

PAGE_SIZE = 25


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _inspection(request, pk, queryset=None):
    _require(request, "evaluation.view_inspections")
    return get_object_or_404(
        queryset if queryset is not None else selectors.inspections_visible_to(request.user), pk=pk
    )


@login_required
@require_GET
def inspection_list(request):
    _require(request, "evaluation.view_inspections")
    user = request.user
    form = InspectionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.inspection_list(
        user, state=filters.get("state", ""), kind=filters.get("kind", ""), year=filters.get("year")
    ).only(
        "id",
        "kind",
        "state",
        "planned_on",
        "concluded_on",
        "certificate__number",
        "certificate__stars",
        "certificate__product__name",
        "certificate__producer__name",
        "plan__title",
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = user.has_perm("evaluation.manage_inspections")
    context = {
        "form": form,
        "page_obj": page,
        "can_manage": can_manage,
        "plans": list(selectors.inspection_plans_visible_to(user)[:10]) if can_manage else [],
    }
    return render(request, "evaluation/inspections/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_plan_create(request):
    _require(request, "evaluation.manage_inspections")
    form = InspectionPlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid() and request.user.staff_province_id:
        try:
            plan = services.inspection_plan_create(
                province=request.user.staff_province, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lập kế hoạch kiểm tra năm %(year)s.") % {"year": plan.year})
            return redirect("evaluation:inspection_plan_detail", pk=plan.pk)
    return render(request, "evaluation/inspections/plan_form.html", {"form": form})


@login_required
@require_GET
def inspection_plan_detail(request, pk):
    _require(request, "evaluation.view_inspections")
    plan = get_object_or_404(selectors.inspection_plans_visible_to(request.user), pk=pk)
    inspections = selectors.inspection_list(request.user, plan=plan)
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluation/inspections/plan_detail.html", {"plan": plan, "page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request, pk):
    """A new inspection of the certificate `pk` (from its page, or from a plan)."""
    certificate = get_object_or_404(certificate_selectors.certificates_visible_to(request.user), pk=pk)
    _require(request, "evaluation.manage_inspection", certificate)
    plans = selectors.inspection_plans_visible_to(request.user).filter(province_id=certificate.province_id)
    initial = {"planned_on": timezone.localdate(), "plan": request.GET.get("plan") or None}
    form = InspectionForm(request.POST or None, plans=plans, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_create(certificate=certificate, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lập lần kiểm tra."))
            return redirect("evaluation:inspection_detail", pk=inspection.pk)
    return render(request, "evaluation/inspections/form.html", {"form": form, "certificate": certificate})


@login_required
@require_GET
def inspection_detail(request, pk):
    user = request.user
    inspection = _inspection(request, pk, selectors.inspection_detail_for(user))
    can_manage = user.has_perm("evaluation.manage_inspection", inspection)
    findings = list(inspection.findings.all())
    today = timezone.localdate()
    for finding in findings:
        finding.can_revoke = can_manage and services.finding_can_lead_to_revocation(finding)
        # the 15-day clock, shown to those who must decide; a decision signed in time may still be
        # recorded after it, so it warns rather than hides the step
        finding.revoke_by = services.finding_revocation_deadline(finding, today) if finding.can_revoke else None
        finding.revoke_late = finding.revoke_by is not None and today > finding.revoke_by
    context = {
        "inspection": inspection,
        "certificate": inspection.certificate,
        "findings": findings,
        "can_manage": can_manage,
        "is_open": inspection.state == InspectionState.PLANNED,
        # the public's reports carry the reporter's name and contact: the province's staff only
        "misuse_reports": list(inspection.misuse_reports.all()) if can_manage else [],
    }
    return render(request, "evaluation/inspections/detail.html", context)


def _managed(request, pk):
    inspection = _inspection(request, pk)
    _require(request, "evaluation.manage_inspection", inspection)
    return inspection


@login_required
@require_http_methods(["GET", "POST"])
def inspection_finding_add(request, pk):
    inspection = _managed(request, pk)
    form = FindingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_finding_add(inspection=inspection, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi phát hiện."))
            return redirect("evaluation:inspection_detail", pk=inspection.pk)
    return render(request, "evaluation/inspections/finding_form.html", {"form": form, "inspection": inspection})


@login_required
@require_http_methods(["GET", "POST"])
def inspection_conclude(request, pk):
    inspection = _managed(request, pk)
    form = ConclusionForm(request.POST or None, initial={"concluded_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_conclude(inspection=inspection, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã ghi kết luận kiểm tra."))
            return redirect("evaluation:inspection_detail", pk=inspection.pk)
    return render(request, "evaluation/inspections/conclude.html", {"form": form, "inspection": inspection})


@login_required
@require_http_methods(["GET", "POST"])
def inspection_finding_revoke(request, pk, finding_pk):
    inspection = _managed(request, pk)
    finding = get_object_or_404(inspection.findings.select_related("inspection__certificate"), pk=finding_pk)
    _require(request, "evaluation.revoke_certificate", inspection.certificate)
    initial = services.finding_revocation_initial(finding)
    form = FindingRevocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_finding_revoke(finding=finding, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã thu hồi giấy chứng nhận %(number)s.") % {"number": inspection.certificate.number},
            )
            return redirect("evaluation:inspection_detail", pk=inspection.pk)
    context = {"form": form, "inspection": inspection, "finding": finding, "initial": initial}
    return render(request, "evaluation/inspections/revoke.html", context)


def finding_file_response(inspection, file_pk) -> FileResponse:
    """A finding's evidence file of `inspection` (already scope-checked): an attachment, never
    sniffed nor cached; 404 when the inspection has no such file. The page and the API serve it."""
    record = FindingFile.objects.filter(finding__inspection=inspection, pk=file_pk).first()
    if record is None:
        raise Http404
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=record.original_name, content_type=record.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def inspection_file_download(request, pk, file_pk):
    return finding_file_response(_inspection(request, pk), file_pk)


@login_required
@require_http_methods(["GET", "POST"])
def misuse_report_inspection(request, pk):
    """From a public misuse report: open an ad-hoc inspection of its certificate, or link the
    report to an inspection of that certificate already open."""
    _require(request, "evaluation.view_misuse_reports")
    report = get_object_or_404(
        certificate_selectors.misuse_reports_visible_to(request.user).filter(certificate__isnull=False), pk=pk
    )
    _require(request, "evaluation.manage_inspection", report.certificate)
    inspections = selectors.inspections_visible_to(request.user).filter(certificate_id=report.certificate_id)
    form = ReportInspectionForm(
        request.POST or None, inspections=inspections, initial={"planned_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["inspection"] is not None:
                services.misuse_report_link(report=report, inspection=data["inspection"], by=request.user)
                inspection = data["inspection"]
            else:
                inspection = services.inspection_open_for_report(
                    report=report, planned_on=data["planned_on"], lead=data["lead"], by=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã gắn phản ánh với lần kiểm tra."))
            return redirect("evaluation:inspection_detail", pk=inspection.pk)
    return render(request, "evaluation/inspections/from_report.html", {"form": form, "report": report})
