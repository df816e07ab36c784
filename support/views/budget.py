"""Budget pages for province staff: the year's overview, budget lines, the award policy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ocop_portal.core.forms import add_service_errors

from .. import selectors, services
from ..forms import AwardPolicyForm, BudgetLineForm
from ..models import AWARD_AMOUNT_FIELDS
from .common import FIRST_YEAR, LAST_YEAR, require_perm, selected_year, year_choices


@login_required
def overview(request):
    require_perm(request, "support.view_budget_overview")
    year = selected_year(request)
    context = {
        "overview": selectors.budget_overview(request.user, year),
        "years": year_choices(request.user, year),
        "year": year,
        "can_add_line": request.user.has_perm("support.add_budgetline"),
    }
    return render(request, "support/overview.html", context)


@login_required
def line_create(request):
    require_perm(request, "support.add_budgetline")
    province = request.user.staff_province
    form = BudgetLineForm(request.POST or None, province=province, initial={"year": selected_year(request)})
    if request.method == "POST" and form.is_valid():
        try:
            line = services.budget_line_create(by=request.user, province=province, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm dòng ngân sách."))
            return redirect(f"{reverse('support:overview')}?year={line.year}")
    return render(request, "support/line_form.html", {"form": form, "line": None})


@login_required
def line_edit(request, pk):
    line = get_object_or_404(selectors.budget_lines_visible_to(request.user), pk=pk)
    require_perm(request, "support.change_budgetline", line)
    form = BudgetLineForm(request.POST or None, instance=line, province=line.province)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.budget_line_update(line=line, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu dòng ngân sách."))
            return redirect(f"{reverse('support:overview')}?year={line.year}")
    return render(request, "support/line_form.html", {"form": form, "line": line})


@login_required
def award_policy_edit(request, year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    require_perm(request, "support.add_awardpolicy")
    policy = selectors.award_policy_for(request.user, year)
    if policy is not None:
        require_perm(request, "support.change_awardpolicy", policy)
    form = AwardPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_policy_save(
                province=request.user.staff_province,
                year=year,
                by=request.user,
                amounts={name: form.cleaned_data[name] for name in AWARD_AMOUNT_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu mức thưởng năm %(year)s.") % {"year": year})
            return redirect("support:award_policy", year=year)
    return render(request, "support/award_policy_form.html", {"form": form, "year": year, "policy": policy})
