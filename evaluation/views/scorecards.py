"""The scorecard page (every part of the sheet on one page), the autosave of one answer, and submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..enums import AssignmentState, ScorecardState
from ..forms.councils import AnswerForm, AnswerSyncForm
from ..models import EvidenceFile, Scorecard, SelfAssessmentAnswer
from ..scorecard_evidence import evidence_for
from ..selectors.councils import assignment_for_scorecard, next_to_score
from ..services import offline
from ..services import scorecards as services


def _open_card(request, assignment, member=None) -> Scorecard:
    try:
        return services.scorecard_open(assignment=assignment, user=request.user, member=member)
    except PermissionDenied:
        raise
    except ValidationError:
        raise PermissionDenied from None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def scorecard_view(request, pk):
    """The member's scorecard. A GET only reads: when the card of the current revision does not
    exist yet (a reconciliation's new round, a declaration made before cards were opened with it)
    the page offers to open it, and the POST opens it (scorecard_open) and comes back here."""
    assignment = assignment_for_scorecard(request.user, pk)
    member = services.member_for(assignment, request.user)
    if member is None:
        raise PermissionDenied
    card = None
    if request.method != "POST":
        card = services.scorecard_current(assignment=assignment, member=member)
    if card is None:
        declared = assignment.declarations.filter(member=member).values_list("has_conflict", flat=True).first()
        if declared is None:
            return redirect("evaluation:conflict_declare", assignment.pk)
        if declared or assignment.state == AssignmentState.CLOSED:
            raise PermissionDenied
        if request.method != "POST":
            return render(request, "evaluation/scorecards/start.html", {"assignment": assignment})
        try:
            services.scorecard_open(assignment=assignment, user=request.user, member=member)
        except ValidationError:
            raise PermissionDenied from None
        return redirect("evaluation:scorecard", assignment.pk)
    criteria = services.sheet_criteria(assignment.dossier, card.sheet)
    answers = {a.criterion_id: a for a in card.answers.all()}
    parts = sorted({c.part for c in criteria})
    progress = services.scorecard_progress(criteria, answers)
    evidence = list(EvidenceFile.objects.filter(dossier=assignment.dossier).order_by("evidence_type", "id"))
    # The producer's self-assessment beside each criterion (issue 19, item 11): one query.
    self_assessed = {
        answer.criterion_id: answer.option
        for answer in SelfAssessmentAnswer.objects.filter(dossier_id=assignment.dossier_id).select_related("option")
    }
    # Every part on one page, with a link to each part (issue 19, item 11: no page per part);
    # `?part=` addresses still answer (bookmarks, the offline worker's copies) with the whole card.
    rows = [(c, answers.get(c.id), self_assessed.get(c.id), evidence_for(c.evidence, evidence)) for c in criteria]
    sections = [(code, [row for row in rows if row[0].part == code]) for code in parts]
    context = {
        "assignment": assignment,
        "card": card,
        "rows": rows,
        "sections": sections,
        "parts": [(code, len(section)) for code, section in sections],
        "progress": progress,
        "evidence": evidence,
        "editable": card.state == ScorecardState.DRAFT,
        "next_assignment": next_to_score(request.user, assignment),
    }
    return render(request, "evaluation/scorecards/page.html", context)


@login_required
@require_POST
def scorecard_answer_view(request, pk, criterion_pk):
    """Autosave of one answer: htmx posts on every change and gets a small status fragment.

    The sheet is read once and serves both the validation and the progress shown."""
    assignment = assignment_for_scorecard(request.user, pk)
    card = _open_card(request, assignment)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise PermissionDenied
    criteria = services.sheet_criteria(assignment.dossier, card.sheet)
    error = ""
    try:
        services.scorecard_answer(
            scorecard=card,
            criterion_id=criterion_pk,
            option_id=form.cleaned_data["option"],
            comment=form.cleaned_data["comment"] or "",
            by=request.user,
            criteria=criteria,
        )
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(f"{reverse('evaluation:scorecard', args=[assignment.pk])}#criterion-{criterion_pk}")
    answers = {a.criterion_id: a for a in card.answers.all()}
    criterion = next((c for c in criteria if c.id == criterion_pk), None)
    context = {
        "criterion": criterion,
        "answer": answers.get(criterion_pk),
        "progress": services.scorecard_progress(criteria, answers),
        "error": error,
    }
    # Rendered without the request: the fragment needs none of the page layout's context
    # processors (their notification count is a query per keystroke).
    return HttpResponse(render_to_string("evaluation/scorecards/_answer_status.html", context))


@login_required
@require_POST
def scorecard_submit_view(request, pk):
    assignment = assignment_for_scorecard(request.user, pk)
    card = _open_card(request, assignment)
    try:
        services.scorecard_submit(scorecard=card, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("evaluation:scorecard", assignment.pk)
    messages.success(request, _("Đã nộp phiếu chấm."))
    return redirect("evaluation:assignment_detail", assignment.pk)


@login_required
@require_POST
def scorecard_sync_view(request, pk, criterion_pk):
    """An answer made offline (evaluation/static/evaluation/scorecard.js sends it when the
    connection returns): JSON, 200 saved, 409 with the server's value when it conflicts."""
    assignment = assignment_for_scorecard(request.user, pk)
    form = AnswerSyncForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"status": "invalid", "message": form.errors.as_text()}, status=400)
    data = form.cleaned_data
    try:
        offline.scorecard_answer_sync(
            assignment=assignment,
            user=request.user,
            card_id=data["card"],
            criterion_id=criterion_pk,
            option_id=data["option"],
            comment=data["comment"] or "",
            base_option_id=data["base_option"],
            base_comment=data["base_comment"] or "",
        )
    except offline.AnswerConflict as conflict:
        return JsonResponse(
            {
                "status": "conflict",
                "reason": conflict.reason,
                "message": conflict.message,
                "server": {"option": conflict.server.option_id, "comment": conflict.server.comment},
            },
            status=409,
        )
    except ValidationError as refusal:
        return JsonResponse({"status": "invalid", "message": " ".join(refusal.messages)}, status=400)
    return JsonResponse({"status": "saved", "option": data["option"], "comment": (data["comment"] or "").strip()})
