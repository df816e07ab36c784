"""Council pages: work list, councils (list, detail, create, members, assignment of dossiers),
an assignment (detail, conflict declaration, closing, result) and the minutes PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop_portal.core.forms import add_service_errors

from ..enums import AssignmentState, Level, Outcome
from ..forms.councils import AssignForm, ConflictForm, CouncilForm, CouncilMemberForm, ProvinceCouncilRulesForm
from ..models import ConflictDeclaration, CouncilAssignment
from ..pdf import document_response
from ..pdf.minutes import minutes_docx, minutes_pdf
from ..rules.councils import manages_assignment
from ..selectors import councils as selectors
from ..selectors.fairness import session_fairness
from ..services import councils as services
from ..services.scorecards import member_for


def require_perm(request, perm: str, obj=None) -> None:
    """403 unless the user holds the django-rules permission; objects come through a selector
    first, so an unseen object is already a 404."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def assignment_for(request, pk: int) -> CouncilAssignment:
    return get_object_or_404(selectors.assignments_visible_to(request.user), pk=pk)


@login_required
def work_list_view(request):
    assignments = list(selectors.member_work_list(request.user))
    return render(
        request,
        "evaluation/councils/work_list.html",
        {"assignments": assignments, "today": timezone.localdate()},
    )


@login_required
def council_list_view(request):
    councils = selectors.councils_visible_to(request.user)
    return render(
        request,
        "evaluation/councils/list.html",
        {"councils": councils, "can_create": request.user.has_perm("evaluation.add_council")},
    )


@login_required
def council_rules_view(request):
    """The province's rules for its councils: its staff set them, its district officers read
    the rules their councils must keep within."""
    province_id = services.rules_province_id(request.user)
    if province_id is None:
        raise PermissionDenied
    current = services.province_council_rules(province_id)
    can_edit = request.user.staff_province_id == province_id
    form = ProvinceCouncilRulesForm(request.POST or None, initial=current)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.province_council_rules_set(
                    province=request.user.staff_province, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Đã lưu quy tắc Hội đồng của tỉnh."))
                return redirect("evaluation:council_rules")
    context = {"form": form, "rules": current, "can_edit": can_edit, "floors": services.legal_floors()}
    return render(request, "evaluation/councils/province_rules.html", context)


@login_required
def council_create_view(request):
    require_perm(request, "evaluation.add_council")
    province_id = services.rules_province_id(request.user)
    initial = services.province_council_rules(province_id) if province_id else None
    form = CouncilForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        jurisdiction = data["jurisdiction"]
        province = jurisdiction if data["level"] == Level.PROVINCE else jurisdiction.parent
        try:
            council = services.council_create(
                province=province,
                level=data["level"],
                jurisdiction=jurisdiction,
                name=data["name"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                establishing_decision=data["establishing_decision"],
                quorum_ratio=data["quorum_ratio"],
                min_members=data["min_members"],
                max_spread=data["max_spread"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lập Hội đồng."))
            return redirect("evaluation:council_detail", council.pk)
    return render(request, "evaluation/councils/form.html", {"form": form, "title": _("Lập Hội đồng")})


@login_required
def council_detail_view(request, pk):
    council = selectors.council_for_page(request.user, pk)
    can_manage = request.user.has_perm("evaluation.change_council", council)
    context = {
        "council": council,
        "members": selectors.council_members(council),
        "assignments": selectors.council_assignments(council),
        "can_manage": can_manage,
    }
    return render(request, "evaluation/councils/detail.html", context)


@login_required
def council_member_add_view(request, pk):
    council = selectors.council_for_page(request.user, pk)
    require_perm(request, "evaluation.change_council", council)
    form = CouncilMemberForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "username"}
        try:
            services.council_member_add(council=council, by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm thành viên."))
            return redirect("evaluation:council_detail", council.pk)
    query = request.GET.get("q", "")[:100]
    context = {
        "form": form,
        "title": _("Thêm thành viên"),
        "council": council,
        "member_search": {"query": query, "found": selectors.seat_candidates(council, query)},
    }
    return render(request, "evaluation/councils/form.html", context)


@login_required
def council_assign_view(request, pk):
    council = selectors.council_for_page(request.user, pk)
    require_perm(request, "evaluation.change_council", council)
    assignable = selectors.dossiers_assignable_to(council)
    # Preselected from a dossier's "next step" button (?dossier=<id>)
    chosen = request.GET.get("dossier", "")
    initial = {"dossiers": [int(chosen)]} if chosen.isdigit() and len(chosen) < 12 else {}
    form = AssignForm(request.POST or None, dossiers=assignable, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assigned = services.council_assign(council=council, dossiers=form.cleaned_data["dossiers"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã trình %(count)s hồ sơ.") % {"count": len(assigned)})
            return redirect("evaluation:council_detail", council.pk)
    return render(
        request, "evaluation/councils/form.html", {"form": form, "title": _("Trình hồ sơ"), "council": council}
    )


@login_required
def assignment_detail_view(request, pk):
    # What the page and its panels read; the framework only for the fairness section.
    assignment = selectors.visible_assignment(
        request.user, pk, "council", "dossier__product__producer", "dossier__round"
    )
    user = request.user
    member = member_for(assignment, user)
    declaration = ConflictDeclaration.objects.filter(assignment=assignment, member=member).first() if member else None
    manages = manages_assignment.test(user, assignment)
    is_open = assignment.state != AssignmentState.CLOSED
    # One status serves the quorum panel and who presides (can_close_assignment's predicate,
    # read from the status instead of loading the members a second time).
    status = services.assignment_status(assignment) if manages or member else None
    presides = bool(member and status and status.quorum.presiding_id == member.pk)
    can_close = is_open and (manages or presides)
    context = {
        "assignment": assignment,
        "dossier": assignment.dossier,
        "member": member,
        "declaration": declaration,
        "can_close": can_close,
        "status": status if manages or can_close else None,
        # Only the presiding member, and only once every eligible card is in (session_fairness).
        "fairness": session_fairness(assignment, status) if presides and is_open else None,
        "scorecards": selectors.scorecards_readable_by(user, assignment),
        "closed": assignment.state == AssignmentState.CLOSED,
    }
    return render(request, "evaluation/councils/assignment_detail.html", context)


@login_required
def conflict_declare_view(request, pk):
    assignment = assignment_for(request, pk)
    member = member_for(assignment, request.user)
    if member is None:
        raise PermissionDenied
    if ConflictDeclaration.objects.filter(assignment=assignment, member=member).exists():
        return redirect("evaluation:assignment_detail", assignment.pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.conflict_declare(
                assignment=assignment,
                member=member,
                has_conflict=form.cleaned_data["has_conflict"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if declaration.has_conflict:
                messages.info(request, _("Bạn không chấm điểm hồ sơ này."))
                return redirect("evaluation:assignment_detail", assignment.pk)
            return redirect("evaluation:scorecard", assignment.pk)
    context = {
        "assignment": assignment,
        "form": form,
        "flags": services.conflict_flags(assignment, member),
    }
    return render(request, "evaluation/councils/declare.html", context)


@login_required
@require_POST
def assignment_close_view(request, pk):
    assignment = assignment_for(request, pk)
    require_perm(request, "evaluation.close_councilassignment", assignment)
    try:
        services.assignment_close(
            assignment=assignment, by=request.user, late_reason=request.POST.get("late_reason", "")[:1000]
        )
    except (ValidationError, PermissionDenied) as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("evaluation:assignment_detail", assignment.pk)
    if assignment.state == AssignmentState.RECONCILIATION:
        messages.warning(request, _("Chênh lệch điểm vượt mức cho phép: các thành viên chấm lại."))
        return redirect("evaluation:assignment_detail", assignment.pk)
    messages.success(request, _("Đã kết thúc phiên chấm và tính kết quả."))
    return redirect("evaluation:assignment_result", assignment.pk)


@login_required
def assignment_result_view(request, pk):
    assignment = assignment_for(request, pk)
    if assignment.state != AssignmentState.CLOSED:
        raise PermissionDenied
    return render(
        request,
        "evaluation/councils/result.html",
        {"assignment": assignment, "result": assignment.result, "Outcome": Outcome},
    )


@login_required
def assignment_minutes_view(request, pk):
    assignment = assignment_for(request, pk)
    if assignment.state != AssignmentState.CLOSED:
        raise PermissionDenied
    return document_response(
        request, f"bien-ban-{assignment.pk}", pdf=lambda: minutes_pdf(assignment), docx=lambda: minutes_docx(assignment)
    )
