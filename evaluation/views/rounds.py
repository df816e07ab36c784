"""Round pages: the list and detail for every role of the province; creating, editing, deadlines
and opening/closing for the province staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop_portal.accounts.rules import is_province_staff
from ocop_portal.core.forms import add_service_errors

from ..enums import DossierState, RoundState
from ..forms.rounds import RoundDeadlinesForm, RoundForm, RoundStateForm, RoundTemplateForm
from ..models import Round
from ..rules.dossiers import may_open_dossiers
from ..selectors.dossiers import dossiers_visible_to, rounds_visible_to
from ..services import rounds as round_services


def _round(request, pk: int) -> Round:
    try:
        return rounds_visible_to(request.user).get(pk=pk)
    except Round.DoesNotExist as error:
        raise Http404 from error


def _require_manager(request, round_: Round) -> None:
    if not request.user.has_perm("evaluation.manage_round", round_):
        raise PermissionDenied


def _round_fields(form) -> dict:
    """The form's fields for the service; an empty framework means "the one in force" on creation
    and "unchanged" on editing."""
    fields = dict(form.cleaned_data)
    if fields.get("framework") is None:
        fields.pop("framework", None)
    return fields


@login_required
def round_list_view(request):
    if not may_open_dossiers.test(request.user):
        raise PermissionDenied
    rounds = rounds_visible_to(request.user)
    return render(
        request,
        "evaluation/rounds/list.html",
        {
            "rounds": rounds,
            "can_create": is_province_staff.test(request.user),
            "template_form": RoundTemplateForm(initial={"year": timezone.localdate().year, "pair": 1}),
        },
    )


@login_required
def round_create_view(request):
    if not is_province_staff.test(request.user):
        raise PermissionDenied
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_services.round_create(
                province=request.user.staff_province, by=request.user, **_round_fields(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã tạo đợt đánh giá. Hãy đặt thời hạn cho từng cấp."))
            return redirect("evaluation:round_deadlines", pk=round_.pk)
    return render(request, "evaluation/rounds/form.html", {"form": form, "round": None})


@login_required
@require_POST
def round_template_view(request):
    """A round from the framework's Art. 5 pairs (year and pair posted from the round list)."""
    if not is_province_staff.test(request.user):
        raise PermissionDenied
    form = RoundTemplateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn năm và đợt."))
        return redirect("evaluation:round_list")
    try:
        round_ = round_services.round_from_template(
            province=request.user.staff_province, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:round_list")
    messages.success(request, _("Đã tạo đợt theo mốc của khung pháp lý, kèm thời hạn từng cấp."))
    return redirect("evaluation:round_detail", pk=round_.pk)


@login_required
def round_detail_view(request, pk: int):
    round_ = _round(request, pk)
    counts = {
        row["state"]: row["n"]
        for row in dossiers_visible_to(request.user)
        .filter(round=round_)
        .order_by()
        .values("state")
        .annotate(n=Count("id"))
    }
    context = {
        "round": round_,
        "deadlines": round_.deadlines.all(),
        "counts": [(DossierState(state).label, counts[state]) for state in DossierState if state in counts],
        "can_manage": request.user.has_perm("evaluation.manage_round", round_),
        "next_states": [
            RoundState(to) for (frm, to) in sorted(round_services.ROUND_TRANSITIONS) if frm == round_.state
        ],
    }
    return render(request, "evaluation/rounds/detail.html", context)


@login_required
def round_edit_view(request, pk: int):
    round_ = _round(request, pk)
    _require_manager(request, round_)
    # The form gets its own copy: ModelForm validation writes into its instance, and the service
    # compares the round before and after.
    form = RoundForm(request.POST or None, instance=Round.objects.get(pk=round_.pk))
    if request.method == "POST" and form.is_valid():
        try:
            round_services.round_update(round_=round_, by=request.user, **_round_fields(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu đợt đánh giá."))
            return redirect("evaluation:round_detail", pk=round_.pk)
    return render(request, "evaluation/rounds/form.html", {"form": form, "round": round_})


@login_required
def round_deadlines_view(request, pk: int):
    round_ = _round(request, pk)
    _require_manager(request, round_)
    form = RoundDeadlinesForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            round_services.round_set_deadlines(round_=round_, deadlines=form.deadlines(), by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thời hạn của đợt."))
            return redirect("evaluation:round_detail", pk=round_.pk)
    return render(request, "evaluation/rounds/deadlines.html", {"form": form, "round": round_})


@login_required
@require_POST
def round_state_view(request, pk: int):
    round_ = _round(request, pk)
    _require_manager(request, round_)
    form = RoundStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Trạng thái không hợp lệ."))
        return redirect("evaluation:round_detail", pk=round_.pk)
    try:
        round_services.round_transition(round_, form.cleaned_data["to"], by=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Đợt đánh giá: %(state)s.") % {"state": round_.get_state_display()})
    return redirect("evaluation:round_detail", pk=round_.pk)
