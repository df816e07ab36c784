import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop_portal.core.forms import add_service_errors

from .. import selectors, services
from ..enums import ProposalState
from ..forms import ProposalReviewForm
from .common import display_value, field_label, paginate, render_conflict, require


@login_required
def proposal_list(request):
    proposals = selectors.proposals_visible_to(request.user).order_by("-proposed_at", "-id")
    state = request.GET.get("state", ProposalState.PENDING)
    if state in ProposalState.values:
        proposals = proposals.filter(state=state)
    context = {"page_obj": paginate(request, proposals), "state": state, "states": ProposalState.choices}
    return render(request, "products/proposal_list.html", context)


def _proposal_rows(proposal, target) -> list[dict]:
    model = type(target)
    return [
        {
            "label": field_label(model, field),
            "when_proposed": display_value(model, field, values[0]),
            "now": display_value(model, field, getattr(target, field)),
            "proposed": display_value(model, field, values[1]),
        }
        for field, values in proposal.changes["fields"].items()
    ]


@login_required
def proposal_review(request, pk):
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    target = proposal.product or proposal.producer
    can_review = proposal.state == ProposalState.PENDING and rules.has_perm(
        "products.review_proposal", request.user, proposal
    )
    form = ProposalReviewForm(initial={"version": target.version}) if can_review else None
    return _render_review(request, proposal, target, form, can_review)


def _render_review(request, proposal, target, form, can_review, status=200):
    context = {
        "proposal": proposal,
        "target": target,
        "rows": _proposal_rows(proposal, target),
        "form": form,
        "can_review": can_review,
        "stale": proposal.changes.get("base_version") != target.version,
    }
    return render(request, "products/proposal_review.html", context, status=status)


@login_required
@require_POST
def proposal_decide(request, pk):
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    require(request.user, "products.review_proposal", proposal)
    target = proposal.product or proposal.producer
    form = ProposalReviewForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "accept":
                services.edit_proposal_accept(
                    proposal=proposal, actor=request.user, expected_version=form.cleaned_data["version"], note=note
                )
                messages.success(request, _("Đã chấp nhận đề nghị và cập nhật thông tin."))
            else:
                services.edit_proposal_reject(proposal=proposal, actor=request.user, note=note)
                messages.success(request, _("Đã trả lời không chấp nhận đề nghị."))
        except services.VersionConflict as conflict:
            fields = services.proposable_fields(conflict.current)
            submitted = {field: values[1] for field, values in proposal.changes["fields"].items()}
            return render_conflict(
                request,
                record=conflict.current,
                fields=fields,
                submitted=submitted,
                back_url=reverse("products:proposal_review", args=[proposal.pk]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("products:proposal_review", pk=proposal.pk)
    return _render_review(request, proposal, target, form, can_review=True, status=400)
