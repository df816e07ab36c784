"""The annual report pages: pick a year, write the narrative (autosaved), set the plan, generate,
watch progress, download; and the year's dashboard. Province staff of the province only.
The national summary page: generate and download the summary of every province; superusers only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ocop_portal.core.official import DOCX_TYPE

from . import document, programme, selectors, services
from .enums import RequestState
from .figures import compute_figures
from .formatting import vn_date, vn_int, vn_percent
from .forms import NarrativeForm, YearPlanForm, YearTargetForm
from .national_document import national_title
from .pdf import render_docx, render_national_docx

FIRST_YEAR, LAST_YEAR = services.FIRST_YEAR, services.LAST_YEAR


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _year(value, default: int | None = None) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default or timezone.localdate().year - 1
    return year if FIRST_YEAR <= year <= LAST_YEAR else (default or timezone.localdate().year - 1)


def _page_url(year: int, *, national: bool = False) -> str:
    return f"{reverse('reports:national_summary' if national else 'reports:annual_report')}?year={year}"


def _visible_request(request, pk):
    report = get_object_or_404(selectors.report_requests_visible_to(request.user), pk=pk)
    _require(request, "reports.view_report_request", report)
    return report


@login_required
@require_GET
def annual_report(request):
    _require(request, "reports.manage_annual_report")
    province = request.user.staff_province
    year = _year(request.GET.get("year"))
    requests_ = list(selectors.annual_reports_visible_to(request.user).filter(year=year))
    narrative = selectors.narrative_for(province, year)
    context = {
        "year": year,
        "years": selectors.report_years(request.user, year),
        "narrative": narrative,
        "narrative_form": NarrativeForm(instance=narrative),
        "plan_form": YearTargetForm(instance=selectors.plan_for(province, year), prefix="plan"),
        "next_plan_form": YearPlanForm(instance=selectors.plan_for(province, year + 1), prefix="next"),
        "requests": requests_,
        "current": requests_[0] if requests_ else None,
        "title": document.report_title(year),
    }
    return render(request, "reports/annual_report.html", context)


@login_required
@require_POST
def narrative_save(request, year):
    _require(request, "reports.manage_annual_report")
    year = _year(year)
    form = NarrativeForm(request.POST, instance=selectors.narrative_for(request.user.staff_province, year))
    if form.is_valid():
        narrative = services.narrative_save(
            province=request.user.staff_province, year=year, data=form.cleaned_data, by=request.user
        )
        if request.htmx:
            return render(request, "reports/_autosave_status.html", {"narrative": narrative})
        messages.success(request, _("Đã lưu nội dung báo cáo."))
        return redirect(_page_url(year))
    if request.htmx:
        return render(request, "reports/_autosave_status.html", {"errors": form.errors}, status=422)
    messages.error(request, _("Nội dung chưa lưu được: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect(_page_url(year))


@login_required
@require_POST
def plan_save(request, year):
    _require(request, "reports.manage_annual_report")
    year = _year(year)
    report_year = _year(request.POST.get("report_year"), default=year)
    form_class, prefix = (YearPlanForm, "next") if year == report_year + 1 else (YearTargetForm, "plan")
    form = form_class(request.POST, instance=selectors.plan_for(request.user.staff_province, year), prefix=prefix)
    if form.is_valid():
        services.year_plan_save(
            province=request.user.staff_province, year=year, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("Đã lưu kế hoạch năm %(year)s.") % {"year": year})
    else:
        messages.error(request, _("Kế hoạch chưa lưu được: %(errors)s") % {"errors": form.errors.as_text()})
    return redirect(_page_url(report_year))


@login_required
def programme_facts(request, year):
    """The year's budget by decision, events, projects and their funding by source, for the staff's
    province (reports.programme)."""
    _require(request, "reports.manage_annual_report")
    year = _year(year)
    province = request.user.staff_province
    formsets = programme.fact_formsets(province, year, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if all(formset.is_valid() for formset in formsets):
            programme.facts_save(province=province, year=year, formsets=formsets, by=request.user)
            messages.success(request, _("Đã lưu số liệu chương trình năm %(year)s.") % {"year": year})
            return redirect(reverse("reports:programme_facts", args=[year]))
        messages.error(request, _("Số liệu chưa lưu được: hãy sửa các ô được đánh dấu."))
    context = {"year": year, "formsets": formsets, "years": selectors.report_years(request.user, year)}
    return render(request, "reports/programme_facts.html", context)


@login_required
@require_POST
def generate(request, year):
    _require(request, "reports.manage_annual_report")
    year = _year(year)
    try:
        report = services.report_request_create(province=request.user.staff_province, year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return redirect(_page_url(year))
    report.refresh_from_db()
    if report.state == RequestState.DONE:
        messages.success(request, _("Đã tạo báo cáo phiên bản %(version)s.") % {"version": report.version})
    else:
        messages.info(request, _("Đã gửi yêu cầu tạo báo cáo phiên bản %(version)s.") % {"version": report.version})
    return redirect(_page_url(year))


@login_required
@require_GET
def request_status(request, pk):
    report = _visible_request(request, pk)
    return render(request, "reports/_status.html", {"report": report})


@login_required
@require_POST
def retry(request, pk):
    report = _visible_request(request, pk)
    _require(request, "reports.retry_report_request", report)
    try:
        services.report_request_retry(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    return redirect(_page_url(report.year, national=report.is_national))


@login_required
@require_GET
def download(request, pk, kind):
    report = _visible_request(request, pk)
    scope = "toan-quoc-" if report.is_national else ""
    name = f"bao-cao-ocop-{scope}{report.year}-v{report.version}.{kind}"
    if kind == "docx":
        # The Word twin is made from the frozen snapshot on request: the same figures as the PDF.
        if report.state != RequestState.DONE or not report.snapshot.get("figures"):
            raise Http404
        render = render_national_docx if report.is_national else render_docx
        response = HttpResponse(render(report.snapshot), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    file = report.pdf if kind == "pdf" else report.xlsx
    if report.state != RequestState.DONE or not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_GET
def dashboard(request):
    _require(request, "reports.manage_annual_report")
    year = _year(request.GET.get("year"))
    province = request.user.staff_province
    figures = compute_figures(province=province, year=year, cutoff=selectors.narrative_for(province, year).cutoff_date)
    target = figures["target"]
    context = {
        "year": year,
        "reference_date": vn_date(figures["year_end"]),
        "years": selectors.report_years(request.user, year),
        "figures": figures,
        "charts": document.charts(figures),
        "percent_of_plan": vn_percent(figures["recognised"]["total"], target["products"]) if target["products"] else "",
        "support_total": vn_int(figures["support"]["total_amount"] + figures["support"].get("stated_total", 0)),
        "illustrative": dict.fromkeys(figures["illustrative"], True),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def national_summary(request):
    _require(request, "reports.manage_national_summary")
    year = _year(request.GET.get("year"))
    requests_ = list(selectors.national_summaries_visible_to(request.user).filter(year=year))
    context = {
        "year": year,
        "years": selectors.national_summary_years(request.user, year),
        "requests": requests_,
        "current": requests_[0] if requests_ else None,
        "title": national_title(year),
    }
    return render(request, "reports/national_summary.html", context)


@login_required
@require_POST
def national_summary_generate(request, year):
    _require(request, "reports.manage_national_summary")
    year = _year(year)
    try:
        report = services.national_summary_request_create(year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return redirect(_page_url(year, national=True))
    report.refresh_from_db()
    if report.state == RequestState.DONE:
        messages.success(request, _("Đã tạo báo cáo phiên bản %(version)s.") % {"version": report.version})
    else:
        messages.info(request, _("Đã gửi yêu cầu tạo báo cáo phiên bản %(version)s.") % {"version": report.version})
    return redirect(_page_url(year, national=True))
