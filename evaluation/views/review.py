"""The review pages: council members' yearly figures (a job computes them), criterion analytics
(which mandatory criteria cost products their stars), the council pack and the inspector bundle,
and the status, retry and download of their background jobs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..bundles.council_pack import council_pack_request, council_pack_target, pack_assignments
from ..bundles.dossier_bundle import dossier_bundle_request, dossier_bundle_target
from ..enums import JobKind, JobState
from ..rules.councils import sits_on_council
from ..selectors import jobs as job_selectors
from ..selectors.councils import council_for_page
from ..selectors.dossiers import dossiers_visible_to
from ..selectors.fairness import gate_failures
from ..services import jobs as job_services
from ..services.fairness import fairness_target, fairness_year_request

FIRST_YEAR, LAST_YEAR = 2018, 2100


def _year(value) -> int:
    default = timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def _require_department(request):
    province = request.user.staff_province if request.user.is_authenticated else None
    if province is None or not request.user.has_perm("evaluation.view_member_fairness", province):
        raise PermissionDenied
    return province


def _years(province_id: int, year: int) -> list[int]:
    return sorted(set(job_selectors.round_years(province_id)) | {year, year - 1}, reverse=True)


@login_required
@require_GET
def member_fairness_view(request):
    province = _require_department(request)
    year = _year(request.GET.get("year"))
    jobs = job_selectors.jobs_for_target(fairness_target(province.pk, year))
    table = next((job for job in jobs if job.state == JobState.DONE), None)
    rounds = table.result.get("rounds", []) if table else []
    chosen = next((r for r in rounds if str(r["id"]) == request.GET.get("round")), None)
    context = {
        "year": year,
        "years": _years(province.pk, year),
        "current": jobs[0] if jobs else None,
        "table": table,
        "rounds": rounds,
        "chosen_round": chosen,
        "rows": (chosen or {}).get("rows") if chosen else (table.result.get("year_rows", []) if table else []),
    }
    return render(request, "evaluation/review/member_fairness.html", context)


@login_required
@require_POST
def member_fairness_compute_view(request, year):
    province = _require_department(request)
    year = _year(year)
    job = fairness_year_request(province=province, year=year, by=request.user)
    job.refresh_from_db()
    if job.state == JobState.DONE:
        messages.success(request, _("Đã tính xong bảng thống kê năm %(year)s.") % {"year": year})
    else:
        messages.info(request, _("Đã gửi yêu cầu tính bảng thống kê năm %(year)s.") % {"year": year})
    return redirect(f"{reverse('evaluation:member_fairness')}?year={year}")


@login_required
@require_GET
def criterion_analytics_view(request):
    province = _require_department(request)
    year = _year(request.GET.get("year"))
    sets = gate_failures(province_id=province.pk, year=year)
    context = {
        "year": year,
        "years": _years(province.pk, year),
        "sets": sets,
        "lowered_sets": [s for s in sets if s.lowered],
        "scored": sum(s.scored for s in sets),
        "lowered": sum(len(s.lowered) for s in sets),
    }
    return render(request, "evaluation/review/criterion_analytics.html", context)


# --- jobs ---------------------------------------------------------------------------------------


def _visible_job(request, pk):
    job = get_object_or_404(job_selectors.jobs_visible_to(request.user), pk=pk)
    if not request.user.has_perm("evaluation.view_job", job):
        raise Http404
    return job


def job_return_url(job) -> str:
    if job.kind == JobKind.FAIRNESS_YEAR:
        return f"{reverse('evaluation:member_fairness')}?year={job.year}"
    if job.kind == JobKind.COUNCIL_PACK:
        return reverse("evaluation:council_pack", args=[job.council_id])
    if job.kind == JobKind.MINISTRY_PACKAGE:
        return reverse("evaluation:dossier_province", args=[job.dossier_id])
    return reverse("evaluation:dossier_bundle", args=[job.dossier_id])


@login_required
@require_GET
def job_status_view(request, pk):
    return render(request, "evaluation/review/_job_status.html", {"job": _visible_job(request, pk)})


@login_required
@require_POST
def job_retry_view(request, pk):
    job = _visible_job(request, pk)
    try:
        job_services.job_retry(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    return redirect(job_return_url(job))


@login_required
@require_GET
def job_download_view(request, pk):
    job = _visible_job(request, pk)
    if job.state != JobState.DONE or not job.file:
        raise Http404
    name = job.file.name.rsplit("/", 1)[-1]
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- bundles ------------------------------------------------------------------------------------


def _council_for_pack(request, pk):
    council = council_for_page(request.user, pk)
    if not (request.user.has_perm("evaluation.change_council", council) or sits_on_council(request.user, council)):
        raise PermissionDenied
    return council


@login_required
@require_GET
def council_pack_view(request, pk):
    council = _council_for_pack(request, pk)
    jobs = job_selectors.jobs_for_target(council_pack_target(council.pk))
    context = {
        "council": council,
        "jobs": jobs,
        "current": jobs[0] if jobs else None,
        "assignments": list(pack_assignments(council.pk)),
    }
    return render(request, "evaluation/review/council_pack.html", context)


@login_required
@require_POST
def council_pack_build_view(request, pk):
    council = _council_for_pack(request, pk)
    try:
        council_pack_request(council=council, by=request.user)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.info(request, _("Đã gửi yêu cầu đóng gói hồ sơ; trang tự cập nhật tiến độ."))
    return redirect("evaluation:council_pack", council.pk)


def _dossier_for_bundle(request, pk):
    dossier = get_object_or_404(dossiers_visible_to(request.user), pk=pk)
    if not request.user.has_perm("evaluation.view_member_fairness", dossier.province):
        raise PermissionDenied
    return dossier


@login_required
@require_GET
def dossier_bundle_view(request, pk):
    dossier = _dossier_for_bundle(request, pk)
    jobs = job_selectors.jobs_for_target(dossier_bundle_target(dossier.pk))
    return render(
        request,
        "evaluation/review/dossier_bundle.html",
        {"dossier": dossier, "jobs": jobs, "current": jobs[0] if jobs else None},
    )


@login_required
@require_POST
def dossier_bundle_build_view(request, pk):
    dossier = _dossier_for_bundle(request, pk)
    dossier_bundle_request(dossier=dossier, by=request.user)
    messages.info(request, _("Đã gửi yêu cầu lập bộ hồ sơ; trang tự cập nhật tiến độ."))
    return redirect("evaluation:dossier_bundle", dossier.pk)
