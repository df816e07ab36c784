"""Writes for the reports app: report requests (one state machine, for the provincial annual report
and the national summary alike), the year's plan and narrative.

Everything that changes ReportRequest.state goes through report_request_transition().
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.jobs import (
    MAX_ATTEMPTS,
    QUEUED_LOST_AFTER,
    RUNNING_LOST_AFTER,
    TRANSIENT_ERRORS,
    TRANSITIONS,
    enqueue_on_commit,
    stamp,
)
from ocop_portal.core.services import audit_log

from .council_members import council_members_snapshot
from .enums import DOCUMENT_FIELDS, NARRATIVE_FIELDS, ReportKind
from .enums import RequestState as S
from .figures import compute_figures
from .models import ReportNarrative, ReportRequest, YearPlan
from .national import compute_national_figures

logger = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 2018, 2100


def report_request_transition(report: ReportRequest, to: str, *, by=None, error: str = "", files=None) -> ReportRequest:
    """Move `report` to state `to` if the table allows it; returns the saved row.

    Side effects: locks the row; sets the timestamps, attempts and progress the state implies;
    stores `files` ({"pdf": (name, bytes), …}) on DONE; writes an audit entry.
    Raises ValidationError for a transition the table forbids.
    """
    with transaction.atomic():
        locked = ReportRequest.objects.select_for_update(no_key=True).get(pk=report.pk)
        if (locked.state, to) not in TRANSITIONS:
            raise ValidationError(
                _("Không thể chuyển yêu cầu từ “%(from)s” sang “%(to)s”.")
                % {"from": S(locked.state).label, "to": S(to).label}
            )
        previous = locked.state
        stamp(locked, to, now=timezone.now(), error=error)
        if to == S.DONE:
            for field, (name, content) in (files or {}).items():
                getattr(locked, field).save(name, ContentFile(content), save=False)
        locked.save()
        audit_log(actor=by, action=f"report_request.{to}", obj=locked, changes={"state": [previous, to]}, note=error)
    report.refresh_from_db()
    return report


def _enqueue(report: ReportRequest) -> None:
    enqueue_on_commit("reports.tasks.generate_annual_report", request_id=report.pk)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({"year": _("Năm báo cáo không hợp lệ.")})


def _request_create(*, scope: dict, year: int, by, parameters: dict | None) -> ReportRequest:
    """A new version of the report `scope` names (kind and province), or the one already queued
    or running. Side effects: a ReportRequest row, an audit entry, the task queued after commit."""
    _check_year(year)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                versions = ReportRequest.objects.filter(**scope, year=year)
                active = versions.filter(state__in=S.active_states()).first()
                if active:
                    return active
                last = versions.aggregate(v=Max("version"))["v"]
                report = ReportRequest.objects.create(
                    **scope, year=year, version=(last or 0) + 1, requested_by=by, parameters=parameters or {}
                )
                audit_log(actor=by, action="report_request.queued", obj=report, changes={"version": report.version})
                _enqueue(report)
                return report
        except IntegrityError:
            continue  # another request took the same version number first: count again
    raise ValidationError(_("Không tạo được yêu cầu, hãy thử lại."))


def report_request_create(*, province, year: int, by, parameters: dict | None = None) -> ReportRequest:
    """Queue a new version of the province's annual report, or return the one already queued or
    running. Side effects: a ReportRequest row, an audit entry, the generation task queued after commit.
    """
    return _request_create(
        scope={"kind": ReportKind.PROVINCE, "province": province}, year=year, by=by, parameters=parameters
    )


def national_summary_request_create(*, year: int, by) -> ReportRequest:
    """Queue a new version of the national summary (every province), or return the one already
    queued or running. Side effects: a ReportRequest row without province, an audit entry, the
    generation task queued after commit. Who may ask is the view's rule (superusers)."""
    return _request_create(scope={"kind": ReportKind.NATIONAL, "province": None}, year=year, by=by, parameters=None)


def report_request_retry(*, report: ReportRequest, by) -> ReportRequest:
    """Queue a failed request again (same version). Side effects: transition, task queued after commit."""
    with transaction.atomic():
        report = report_request_transition(report, S.QUEUED, by=by)
        _enqueue(report)
    return report


def _progress(report: ReportRequest, value: int) -> None:
    ReportRequest.objects.filter(pk=report.pk, state=S.RUNNING).update(progress=value, updated_at=timezone.now())


def document_fields(narrative: ReportNarrative | None) -> dict:
    """The official-document fields the staff filled in (number, date, place, signer…), as JSON."""
    values = {field: getattr(narrative, field) if narrative else None for field in DOCUMENT_FIELDS}
    return {
        field: value.isoformat() if hasattr(value, "isoformat") else (value or "") for field, value in values.items()
    }


def build_snapshot(*, province, year: int, version: int | None = None) -> dict:
    """Every figure and narrative the report prints, as plain JSON."""
    narrative = ReportNarrative.objects.filter(province=province, year=year).first()
    return {
        "figures": compute_figures(province=province, year=year, cutoff=narrative.cutoff_date if narrative else None),
        "council_members": council_members_snapshot(province=province, year=year),
        "narrative": {field: getattr(narrative, field) if narrative else "" for field in NARRATIVE_FIELDS},
        "document": document_fields(narrative),
        "version": version,
        "generated_on": timezone.localdate().isoformat(),
    }


def build_national_snapshot(*, year: int, version: int | None = None) -> dict:
    """Every figure the national summary prints, as plain JSON (no narrative: the text is generated)."""
    return {
        "kind": ReportKind.NATIONAL.value,
        "figures": compute_national_figures(year=year),
        "version": version,
        "generated_on": timezone.localdate().isoformat(),
    }


def render_files(snapshot: dict, *, on_progress=None) -> dict[str, bytes]:
    from .excel import build_national_workbook, build_workbook
    from .pdf import render_national_pdf, render_pdf

    national = snapshot.get("kind") == ReportKind.NATIONAL
    pdf = (render_national_pdf if national else render_pdf)(snapshot)
    if on_progress:
        on_progress(80)
    return {"pdf": pdf, "xlsx": (build_national_workbook if national else build_workbook)(snapshot)}


def _snapshot_for(report: ReportRequest) -> dict:
    if report.is_national:
        return build_national_snapshot(year=report.year, version=report.version)
    return build_snapshot(province=report.province, year=report.year, version=report.version)


def file_stem(report: ReportRequest) -> str:
    scope = "toan-quoc" if report.is_national else report.province.code
    return f"bao-cao-ocop-{scope}-{report.year}-v{report.version}"


def report_request_run(*, report: ReportRequest) -> ReportRequest:
    """Generate the files of a queued (or redelivered running) request; a done or failed one is
    left alone, so running the task twice renders once.

    Side effects: state running → done with the snapshot and both files, or → failed with the
    error text. Transient database errors propagate so the task can retry them.
    """
    if report.state not in S.active_states():
        logger.info("report request %s is %s: nothing to do", report.pk, report.state)
        return report
    if report.attempts >= MAX_ATTEMPTS:
        return report_request_transition(
            report, S.FAILED, error=_("Đã chạy quá %(n)s lần mà không xong.") % {"n": MAX_ATTEMPTS}
        )
    report = report_request_transition(report, S.RUNNING)
    try:
        if not report.snapshot:
            # The numbers are frozen the first time they are computed for this version.
            snapshot = _snapshot_for(report)
            ReportRequest.objects.filter(pk=report.pk).update(snapshot=snapshot, progress=30, updated_at=timezone.now())
            report.snapshot = snapshot
        files = render_files(report.snapshot, on_progress=lambda value: _progress(report, value))
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("report request %s failed", report.pk)
        return report_request_transition(report, S.FAILED, error=f"{type(exc).__name__}: {exc}")
    stem = file_stem(report)
    return report_request_transition(
        report, S.DONE, files={"pdf": (f"{stem}.pdf", files["pdf"]), "xlsx": (f"{stem}.xlsx", files["xlsx"])}
    )


def report_request_fail(*, request_id: int, error: str) -> None:
    """Record a failure the task could not retry away (retries exhausted, time limit)."""
    report = ReportRequest.objects.filter(pk=request_id, state__in=S.active_states()).first()
    if report is not None:
        report_request_transition(report, S.FAILED, error=error)


def report_requests_sweep(*, now: datetime.datetime | None = None) -> int:
    """Mark requests that stopped moving as failed ("lost job"); returns how many.

    Side effects: running requests untouched for RUNNING_LOST_AFTER and queued ones for
    QUEUED_LOST_AFTER go to failed with an explanation; the page then offers Retry.
    """
    now = now or timezone.now()
    lost = list(
        ReportRequest.objects.filter(state=S.RUNNING, updated_at__lt=now - RUNNING_LOST_AFTER)
        | ReportRequest.objects.filter(state=S.QUEUED, updated_at__lt=now - QUEUED_LOST_AFTER)
    )
    for report in lost:
        try:
            report_request_transition(
                report,
                S.FAILED,
                error=_(
                    "Mất tiến trình: yêu cầu không tiến triển từ %(time)s (máy chạy nền dừng hoặc không nhận việc)."
                )
                % {"time": timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y")},
            )
        except ValidationError:
            continue  # it finished meanwhile
    return len(lost)


def narrative_save(*, province, year: int, data: dict, by) -> ReportNarrative:
    """Save the narrative sections present in `data` (autosave sends all of them).

    Side effects: the ReportNarrative row (created on first save), its revision counter.
    """
    _check_year(year)
    values = {field: data[field] for field in NARRATIVE_FIELDS + DOCUMENT_FIELDS if field in data}
    with transaction.atomic():
        narrative, _created = ReportNarrative.objects.select_for_update(no_key=True).get_or_create(
            province=province, year=year
        )
        for field, value in values.items():
            setattr(narrative, field, value)
        narrative.revision += 1
        narrative.updated_by = by if by is not None and by.is_authenticated else None
        narrative.full_clean()
        narrative.save()
    return narrative


def year_plan_save(*, province, year: int, data: dict, by) -> YearPlan:
    """Save a year's plan. Side effects: the YearPlan row and an audit entry with the changes."""
    _check_year(year)
    with transaction.atomic():
        plan, _created = YearPlan.objects.select_for_update(no_key=True).get_or_create(province=province, year=year)
        changes = {}
        for field, value in data.items():
            if getattr(plan, field) != value:
                changes[field] = [str(getattr(plan, field)), str(value)]
                setattr(plan, field, value)
        plan.updated_by = by
        plan.full_clean()
        plan.save()
        if changes:
            audit_log(actor=by, action="year_plan.changed", obj=plan, changes=changes)
    return plan
