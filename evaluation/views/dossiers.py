"""Dossier pages: the queue, "my dossiers", opening a dossier, its detail, the registration form,
the self-assessment, evidence, and the completeness-check steps.

Each view loads the dossier through `dossiers_visible_to` (unseen → 404), checks one django-rules
permission (seen but not allowed → 403) and calls one service.
"""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop_portal.core.forms import add_service_errors
from ocop_portal.core.templatetags.ocop import format_vnd

from ..enums import DossierKind, DossierState
from ..forms.dossiers import (
    AcceptForm,
    DossierCreateForm,
    EvidenceUploadForm,
    QueueFilterForm,
    RegistrationForm,
    ReturnForm,
    SelfAssessmentForm,
    WithdrawForm,
)
from ..models import Criterion, Dossier, FrameworkLevel
from ..next_steps import next_steps
from ..rules.dossiers import has_dossier_queue, may_open_dossiers
from ..selectors.certificates import certificates_visible_to
from ..selectors.dossiers import (
    QUEUE_PAGE_SIZE,
    QueueFilters,
    dossier_evidence,
    dossier_for_page,
    dossier_history,
    dossier_queue,
    producer_dossiers,
    rounds_visible_to,
    self_assessment_view,
    timeline_steps,
)
from ..services import dossiers as dossier_services
from ..services import evidence as evidence_services
from ..services.advisory import advises
from ..services.clocks import attach_clocks, check_levels, dossier_clock
from ..services.province_clocks import attach_day_clocks
from ..services.reevaluation import filing_window
from ..services.transitions import allowed_targets


def _dossier(request, pk: int) -> Dossier:
    try:
        return dossier_for_page(request.user, pk)
    except Dossier.DoesNotExist as error:
        raise Http404 from error


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _message_errors(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


def _editable_or_redirect(request, dossier: Dossier):
    """None when the dossier can be edited, else a redirect to its page with the reason."""
    if dossier.state in DossierState.editable_states():
        return None
    messages.error(
        request, _("Hồ sơ đang ở trạng thái “%(state)s”, không thể sửa.") % {"state": dossier.get_state_display()}
    )
    return redirect("evaluation:dossier_detail", pk=dossier.pk)


# Lists ------------------------------------------------------------------------------------------


@login_required
def dossier_queue_view(request):
    if not has_dossier_queue.test(request.user):
        raise PermissionDenied
    rounds = rounds_visible_to(request.user)
    form = QueueFilterForm(request.GET or None, rounds=rounds)
    filters = QueueFilters()
    if form.is_valid():
        selected = form.cleaned_data["round"]
        filters = QueueFilters(
            round_id=selected.pk if selected else None,
            state=form.cleaned_data["state"],
            kind=form.cleaned_data["kind"],
            search=form.cleaned_data["q"].strip(),
        )
    page = Paginator(dossier_queue(request.user, filters), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    attach_clocks(page.object_list)
    attach_day_clocks(page.object_list)
    return render(request, "evaluation/dossiers/queue.html", {"form": form, "page_obj": page})


@login_required
def dossier_mine_view(request):
    if getattr(request.user, "producer_membership", None) is None:
        raise PermissionDenied
    page = Paginator(producer_dossiers(request.user), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    attach_clocks(page.object_list)
    rows = [(dossier, timeline_steps(dossier)) for dossier in page.object_list]
    return render(request, "evaluation/dossiers/mine.html", {"page_obj": page, "rows": rows})


# Opening and reading ----------------------------------------------------------------------------


@login_required
def dossier_create_view(request):
    if not may_open_dossiers.test(request.user):
        raise PermissionDenied
    form = DossierCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = dossier_services.dossier_create(
                product=form.cleaned_data["product"],
                round=form.cleaned_data["round"],
                kind=form.cleaned_data["kind"],
                renews_certificate=form.cleaned_data["renews_certificate"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lập hồ sơ. Hãy điền phiếu đăng ký, tự đánh giá và tải minh chứng."))
            return redirect("evaluation:dossier_detail", pk=dossier.pk)
    return render(request, "evaluation/dossiers/create.html", {"form": form})


@login_required
def dossier_detail_view(request, pk: int):
    dossier = _dossier(request, pk)
    user = request.user
    can_edit = user.has_perm("evaluation.edit_dossier", dossier)
    targets = allowed_targets(dossier, user)
    steps = next_steps(dossier, user)
    # the next-step box offers these itself: the action bar does not repeat them
    shown = {next_step.url.split("#")[0] for next_step in steps}
    attach_day_clocks([dossier])
    context = {
        "advises": advises(user, dossier),
        "dossier": dossier,
        "next_steps": steps,
        "decision_items": list(dossier.decision_items.select_related("decision").order_by("decision__date", "pk"))
        if user.has_perm("evaluation.add_decision")
        else [],
        "certificates": list(certificates_visible_to(user).filter(dossier_id=dossier.pk)),
        "history": dossier_history(dossier),
        "evidence": dossier_evidence(dossier),
        "sheet_view": self_assessment_view(dossier),
        "targets": targets,
        "can_submit": DossierState.SUBMITTED in targets
        and reverse("evaluation:dossier_submit", args=[dossier.pk]) not in shown,
        "can_return": DossierState.RETURNED in targets,
        "can_accept": DossierState.ACCEPTED in targets
        and reverse("evaluation:dossier_accept", args=[dossier.pk]) not in shown,
        "can_withdraw": DossierState.WITHDRAWN in targets,
        "can_edit": can_edit,
        "missing": dossier_services.dossier_missing_items(dossier) if can_edit else [],
        "registration_rows": registration_rows(dossier),
        "timeline": timeline_steps(dossier),
        "clock": dossier_clock(dossier, check_levels()),
        "filing_window": (
            filing_window(dossier.round.framework, dossier.renews_certificate.valid_until)
            if dossier.kind == DossierKind.REEVALUATION and dossier.renews_certificate_id
            else None
        ),
    }
    if dossier.round.framework.dossier_forms:
        from ..services.filing import forms_of

        forms = forms_of(dossier)
        context["official"] = {
            "registration_number": forms.registration_number,
            "form03": bool(forms.form03),
            "copies": list(dossier.submitted_copies.order_by("number").only("number", "submitted_at", "sha256")),
        }
    return render(request, "evaluation/dossiers/detail.html", context)


def registration_rows(dossier: Dossier) -> list[tuple]:
    """The registration form's (label, value) rows as the page shows them: money written
    1.800.000.000 đ (issue 19, item 8), a value that is not a number left as typed."""
    rows = []
    for key, spec in dossier_services.REGISTRATION_FIELDS.items():
        value = dossier.registration.get(key, "")
        if key in MONEY_FIELDS and value not in ("", None):
            with contextlib.suppress(ArithmeticError, ValueError, TypeError):
                value = format_vnd(value)
        rows.append((spec.label, value))
    return rows


MONEY_FIELDS = {"annual_revenue"}


# Editing ----------------------------------------------------------------------------------------


def _autosave_response(request, *, dossier=None, error=None, sheet_view=None):
    return render(
        request,
        "evaluation/dossiers/_autosave_status.html",
        {"dossier": dossier, "error": error, "saved_at": timezone.localtime(), "sheet_view": sheet_view},
    )


def autosave_post(request, form, *, save, saved_message, template, context):
    """A form page's POST: `save(form)` (a service call returning the dossier) on a valid form;
    with htmx (autosave) the status line answers, otherwise the dossier page or the form again."""
    if form.is_valid():
        try:
            dossier = save(form)
        except ValidationError as error:
            if request.htmx:
                return _autosave_response(request, error=" ".join(error.messages))
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _autosave_response(request, dossier=dossier)
            messages.success(request, saved_message)
            return redirect("evaluation:dossier_detail", pk=dossier.pk)
    elif request.htmx:
        return _autosave_response(request, error=_("Chưa lưu: có trường chưa hợp lệ, hãy kiểm tra lại."))
    return render(request, template, {**context, "form": form})


@login_required
def dossier_registration_view(request, pk: int):
    dossier = _dossier(request, pk)
    _require(request, "evaluation.prepare_dossier", dossier)
    if (refused := _editable_or_redirect(request, dossier)) is not None:
        return refused
    template = "evaluation/dossiers/registration.html"
    if request.method != "POST":
        form = RegistrationForm(initial={**dossier.registration, "version": dossier.version})
        return render(request, template, {"dossier": dossier, "form": form})
    return autosave_post(
        request,
        RegistrationForm(request.POST, partial=bool(request.htmx)),
        save=lambda form: dossier_services.dossier_update_registration(
            dossier=dossier, data=form.registration_data(), version=form.cleaned_data["version"], by=request.user
        ),
        saved_message=_("Đã lưu phiếu đăng ký."),
        template=template,
        context={"dossier": dossier},
    )


@login_required
def dossier_self_assessment_view(request, pk: int):
    dossier = _dossier(request, pk)
    _require(request, "evaluation.prepare_dossier", dossier)
    if (refused := _editable_or_redirect(request, dossier)) is not None:
        return refused
    sheet_view = self_assessment_view(dossier)
    if request.method != "POST":
        form = SelfAssessmentForm(initial={"version": dossier.version}, sheet_view=sheet_view)
        return render(
            request, "evaluation/dossiers/self_assessment.html", {"dossier": dossier, "form": form, "sheet": sheet_view}
        )
    form = SelfAssessmentForm(request.POST, sheet_view=sheet_view)
    if form.is_valid():
        try:
            dossier = dossier_services.dossier_save_self_assessment(
                dossier=dossier,
                answers=form.answers(),
                case_choices=form.case_choices(),
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            if request.htmx:
                return _autosave_response(request, error=" ".join(error.messages))
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _autosave_response(request, dossier=dossier, sheet_view=self_assessment_view(dossier))
            messages.success(request, _("Đã lưu bản tự đánh giá."))
            return redirect("evaluation:dossier_detail", pk=dossier.pk)
    elif request.htmx:
        return _autosave_response(request, error=_("Chưa lưu: có lựa chọn chưa hợp lệ, hãy kiểm tra lại."))
    return render(
        request, "evaluation/dossiers/self_assessment.html", {"dossier": dossier, "form": form, "sheet": sheet_view}
    )


# Evidence ---------------------------------------------------------------------------------------


@login_required
def evidence_view(request, pk: int):
    dossier = _dossier(request, pk)
    form = None
    if request.user.has_perm("evaluation.edit_dossier", dossier):
        form = EvidenceUploadForm(
            request.POST or None, request.FILES or None, topics=bool(dossier.round.framework.dossier_forms)
        )
    elif request.method == "POST":
        _require(request, "evaluation.prepare_dossier", dossier)
        return _editable_or_redirect(request, dossier)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_services.evidence_upload(
                dossier=dossier,
                evidence_type=form.cleaned_data["evidence_type"],
                uploaded=form.cleaned_data["file"],
                valid_until=form.cleaned_data["valid_until"],
                topic=form.cleaned_data.get("topic"),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã tải lên minh chứng."))
            return redirect("evaluation:dossier_evidence", pk=dossier.pk)
    context = {"dossier": dossier, "form": form, "evidence": dossier_evidence(dossier), "can_edit": form is not None}
    return render(request, "evaluation/dossiers/evidence.html", context)


@login_required
def evidence_download_view(request, pk: int, evidence_pk: int):
    dossier = _dossier(request, pk)
    _require(request, "evaluation.view_dossier", dossier)
    evidence = dossier.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_delete_view(request, pk: int, evidence_pk: int):
    dossier = _dossier(request, pk)
    _require(request, "evaluation.prepare_dossier", dossier)
    evidence = dossier.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    try:
        evidence_services.evidence_delete(evidence=evidence, by=request.user)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, _("Đã xoá minh chứng “%(name)s”.") % {"name": evidence.original_name})
    return redirect("evaluation:dossier_evidence", pk=dossier.pk)


# Steps ------------------------------------------------------------------------------------------


@login_required
@require_POST
def dossier_submit_view(request, pk: int):
    dossier = _dossier(request, pk)
    _require(request, "evaluation.prepare_dossier", dossier)
    try:
        dossier_services.dossier_submit(dossier=dossier, by=request.user)
    except ValidationError as error:
        messages.error(request, _("Chưa nộp được hồ sơ:"))
        _message_errors(request, error)
    else:
        messages.success(request, _("Đã nộp hồ sơ."))
    return redirect("evaluation:dossier_detail", pk=dossier.pk)


def _step_page(request, dossier, form, template, *, action):
    """GET shows the form; a valid POST runs `action(form)` and returns to the dossier."""
    if request.method == "POST" and form.is_valid():
        try:
            action(form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("evaluation:dossier_detail", pk=dossier.pk)
    return render(request, template, {"dossier": dossier, "form": form})


def _require_state(request, dossier, *states):
    if dossier.state in states:
        return None
    messages.error(
        request,
        _("Hồ sơ đang ở trạng thái “%(state)s”, không thực hiện được bước này.")
        % {"state": dossier.get_state_display()},
    )
    return redirect("evaluation:dossier_detail", pk=dossier.pk)


@login_required
def dossier_return_view(request, pk: int):
    dossier = _dossier(request, pk)
    _require(request, "evaluation.check_dossier", dossier)
    if (refused := _require_state(request, dossier, DossierState.SUBMITTED)) is not None:
        return refused

    def action(form):
        dossier_services.dossier_return(dossier=dossier, by=request.user, reasons=form.cleaned_data["reasons"])
        messages.success(request, _("Đã trả lại hồ sơ để bổ sung."))

    return _step_page(
        request, dossier, ReturnForm(request.POST or None), "evaluation/dossiers/return.html", action=action
    )


@login_required
def dossier_accept_view(request, pk: int):
    dossier = _dossier(request, pk)
    _require(request, "evaluation.check_dossier", dossier)
    if (refused := _require_state(request, dossier, DossierState.SUBMITTED)) is not None:
        return refused
    checks_only = FrameworkLevel.objects.filter(
        framework_id=dossier.round.framework_id, level=dossier.current_level, scores=False
    ).exists()
    if checks_only and dossier.round.framework.dossier_forms:
        from .filing import form03_accept

        return form03_accept(request, dossier)
    commune_criteria = []
    if checks_only:
        commune_criteria = list(
            Criterion.objects.filter(sheet_id=dossier.sheet_id, code__in=dossier.round.framework.commune_criteria)
            .prefetch_related("options")
            .order_by("order")
        )
    form = AcceptForm(request.POST or None, commune_criteria=commune_criteria)

    def action(form):
        dossier_services.dossier_accept(
            dossier=dossier,
            by=request.user,
            commune_assessment=form.commune_assessment() if checks_only else None,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request, _("Đã tiếp nhận hồ sơ và chuyển lên cấp trên.") if checks_only else _("Đã tiếp nhận hồ sơ.")
        )

    return _step_page(request, dossier, form, "evaluation/dossiers/accept.html", action=action)


@login_required
def dossier_withdraw_view(request, pk: int):
    dossier = _dossier(request, pk)
    _require(request, "evaluation.prepare_dossier", dossier)
    if (
        refused := _require_state(request, dossier, DossierState.DRAFT, DossierState.SUBMITTED, DossierState.RETURNED)
    ) is not None:
        return refused

    def action(form):
        dossier_services.dossier_withdraw(dossier=dossier, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Đã rút hồ sơ."))

    return _step_page(
        request, dossier, WithdrawForm(request.POST or None), "evaluation/dossiers/withdraw.html", action=action
    )
