"""The scorecard page (the sheet part by part), the autosave of one answer, and submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..enums import ScorecardState
from ..forms.councils import AnswerForm
from ..models import EvidenceFile, Scorecard
from ..services import scorecards as services
from .councils import assignment_for


def _open_card(request, assignment) -> Scorecard:
    try:
        return services.scorecard_open(assignment=assignment, user=request.user)
    except PermissionDenied:
        raise
    except ValidationError:
        raise PermissionDenied from None


@login_required
def scorecard_view(request, pk):
    assignment = assignment_for(request, pk)
    member = services.member_for(assignment, request.user)
    if member is None:
        raise PermissionDenied
    if not assignment.declarations.filter(member=member).exists():
        return redirect("evaluation:conflict_declare", assignment.pk)
    card = _open_card(request, assignment)
    criteria = services.sheet_criteria(assignment.dossier, card.sheet)
    answers = {a.criterion_id: a for a in card.answers.all()}
    parts = sorted({c.part for c in criteria})
    part = request.GET.get("part") if request.GET.get("part") in parts else (parts[0] if parts else "")
    progress = services.scorecard_progress(criteria, answers)
    rows = [(c, answers.get(c.id)) for c in criteria if c.part == part]
    evidence = EvidenceFile.objects.filter(dossier=assignment.dossier).order_by("evidence_type", "id")
    context = {
        "assignment": assignment,
        "card": card,
        "rows": rows,
        "parts": [(code, sum(1 for c in criteria if c.part == code)) for code in parts],
        "part": part,
        "progress": progress,
        "evidence": evidence,
        "editable": card.state == ScorecardState.DRAFT,
    }
    return render(request, "evaluation/scorecards/page.html", context)


@login_required
@require_POST
def scorecard_answer_view(request, pk, criterion_pk):
    """Autosave of one answer: htmx posts on every change and gets a small status fragment."""
    assignment = assignment_for(request, pk)
    card = _open_card(request, assignment)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    error = ""
    try:
        services.scorecard_answer(
            scorecard=card,
            criterion_id=criterion_pk,
            option_id=form.cleaned_data["option"],
            comment=form.cleaned_data["comment"] or "",
            by=request.user,
        )
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        part = request.POST.get("part", "")
        return redirect(f"{reverse('evaluation:scorecard', args=[assignment.pk])}?part={part}#criterion-{criterion_pk}")
    criteria = services.sheet_criteria(assignment.dossier, card.sheet)
    answers = {a.criterion_id: a for a in card.answers.all()}
    criterion = next((c for c in criteria if c.id == criterion_pk), None)
    context = {
        "criterion": criterion,
        "answer": answers.get(criterion_pk),
        "progress": services.scorecard_progress(criteria, answers),
        "error": error,
    }
    return render(request, "evaluation/scorecards/_answer_status.html", context)


@login_required
@require_POST
def scorecard_submit_view(request, pk):
    assignment = assignment_for(request, pk)
    card = _open_card(request, assignment)
    try:
        services.scorecard_submit(scorecard=card, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("evaluation:scorecard", assignment.pk)
    messages.success(request, _("Đã nộp phiếu chấm."))
    return redirect("evaluation:assignment_detail", assignment.pk)
