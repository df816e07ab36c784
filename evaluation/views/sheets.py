"""Score sheet pages: the list and the whole sheet for every signed-in role; import, publish, new
version and draft corrections for the staff who manage sheets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ocop_portal.core.forms import add_service_errors

from ..enums import SheetState
from ..models import AnswerOption, Criterion, CriterionGroup, Framework
from ..selectors import sheets as selectors
from ..services import sheets as services
from ..sheets.forms import CriterionForm, GroupForm, SheetImportForm
from ..sheets.parser import SheetFileError
from ..sheets.template import template_workbook

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request, perm: str, obj=None) -> None:
    """403 unless the rule allows it; the object was already found through a visibility selector."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@login_required
def framework_list(request):
    """The legal frameworks as the portal applies them: dates, confidence, chain (who certifies
    what), bands, notices, re-evaluation window, revocation grounds, clocks, round pairs, and
    how many of their sheets are published. Three queries whatever the number of frameworks."""
    today = timezone.localdate()
    frameworks = selectors.framework_rows()
    for framework in frameworks:
        framework.in_force_today = framework.in_force_on(today)
    return render(request, "evaluation/sheets/frameworks.html", {"frameworks": frameworks})


@login_required
def sheet_list(request):
    framework_code = request.GET.get("framework", "")
    state = request.GET.get("state", "")
    state = state if state in SheetState.values else ""
    rows = selectors.sheet_rows(request.user, framework_code=framework_code, state=state)
    context = {
        "page_obj": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "frameworks": Framework.objects.order_by("code").values_list("code", flat=True),
        "states": SheetState.choices if request.user.has_perm("evaluation.manage_scoresheets") else [],
        "framework_code": framework_code,
        "state": state,
        "can_manage": request.user.has_perm("evaluation.manage_scoresheets"),
    }
    return render(request, "evaluation/sheets/list.html", context)


@login_required
def sheet_detail(request, pk):
    sheet = selectors.sheet_for_page(request.user, pk)
    _flag_findings(sheet)
    user = request.user
    context = {
        "sheet": sheet,
        "versions": selectors.sheet_versions(sheet, user),
        "can_edit": user.has_perm("evaluation.change_scoresheet", sheet),
        "can_publish": user.has_perm("evaluation.publish_scoresheet", sheet),
        "can_new_version": user.has_perm("evaluation.new_version_scoresheet", sheet),
        "correction_for": services.sheet_copy_province(sheet, user),
    }
    return render(request, "evaluation/sheets/detail.html", context)


def _flag_findings(sheet) -> None:
    """Mark the parts, groups and criteria the check report names, for the page to highlight."""
    refs = {finding.get("ref") for finding in sheet.check_report}
    for part in sheet.parts.all():
        part.flagged = f"part:{part.code}" in refs
        for group in part.groups.all():
            group.flagged = f"group:{part.code}:{group.number}" in refs
            for criterion in group.criteria.all():
                criterion.flagged = f"criterion:{criterion.code}" in refs


@login_required
@require_POST
def sheet_publish(request, pk):
    sheet = get_object_or_404(selectors.sheets_visible_to(request.user), pk=pk)
    _require(request, "evaluation.publish_scoresheet", sheet)
    try:
        services.sheet_publish(sheet, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Đã ban hành phiếu “%(title)s” (phiên bản %(v)s).") % {"title": sheet.title, "v": sheet.version}
        )
    return redirect("evaluation:sheet_detail", pk=sheet.pk)


@login_required
@require_POST
def sheet_new_version(request, pk):
    sheet = get_object_or_404(selectors.sheets_visible_to(request.user), pk=pk)
    _require(request, "evaluation.new_version_scoresheet", sheet)
    try:
        draft = services.sheet_new_version(sheet, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("evaluation:sheet_detail", pk=sheet.pk)
    messages.success(request, _("Đã tạo bản nháp phiên bản %(v)s.") % {"v": draft.version})
    return redirect("evaluation:sheet_detail", pk=draft.pk)


@login_required
def sheet_import(request):
    _require(request, "evaluation.manage_scoresheets")
    form = SheetImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sheet = services.sheet_import(
                data["file"], data["framework"], data["product_set"], request.user, title=data["title"]
            )
        except SheetFileError as error:
            row_errors = error.row_errors
            form.add_error(None, _("Tệp có %(count)s lỗi; chưa lưu gì.") % {"count": len(row_errors)})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã nhập phiếu thành bản nháp phiên bản %(v)s.") % {"v": sheet.version})
            return redirect("evaluation:sheet_detail", pk=sheet.pk)
    return render(request, "evaluation/sheets/import.html", {"form": form, "row_errors": row_errors})


@login_required
def sheet_template(request):
    _require(request, "evaluation.manage_scoresheets")
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-phieu-danh-gia-ocop.xlsx"'
    return response


@login_required
def sheet_criterion_edit(request, pk, criterion_pk):
    sheet = get_object_or_404(selectors.sheets_visible_to(request.user).select_related("framework"), pk=pk)
    _require(request, "evaluation.change_scoresheet", sheet)
    options = AnswerOption.objects.select_related("case").order_by("case__code", "number")
    criterion = get_object_or_404(
        Criterion.objects.select_related("group__part").prefetch_related(Prefetch("options", queryset=options)),
        pk=criterion_pk,
        sheet=sheet,
    )
    initial = {"max_points": criterion.max_points, "mandatory_min_star": criterion.mandatory_min_star or ""}
    form = CriterionForm(request.POST or None, criterion=criterion, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_revise(
                criterion,
                request.user,
                max_points=form.cleaned_data["max_points"],
                mandatory_min_star=form.cleaned_data["mandatory_min_star"],
                options=form.option_changes(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": criterion.code})
            return redirect("evaluation:sheet_detail", pk=sheet.pk)
    context = {"sheet": sheet, "criterion": criterion, "form": form}
    return render(request, "evaluation/sheets/criterion_form.html", context)


@login_required
def sheet_group_edit(request, pk, group_pk):
    sheet = get_object_or_404(selectors.sheets_visible_to(request.user).select_related("framework"), pk=pk)
    _require(request, "evaluation.change_scoresheet", sheet)
    group = get_object_or_404(CriterionGroup.objects.select_related("part"), pk=group_pk, part__sheet=sheet)
    form = GroupForm(request.POST or None, initial={"max_points": group.max_points})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_update(group, request.user, max_points=form.cleaned_data["max_points"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu điểm nhóm %(number)s.") % {"number": group.number})
            return redirect("evaluation:sheet_detail", pk=sheet.pk)
    return render(request, "evaluation/sheets/group_form.html", {"sheet": sheet, "group": group, "form": form})
