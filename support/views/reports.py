"""Read-only summaries: support per category (the annual report's words) and outcomes."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import selectors
from .common import require_perm, selected_year, year_choices


@login_required
def category_summary(request):
    require_perm(request, "support.view_support_reports")
    year = selected_year(request)
    rows = selectors.category_summary(request.user, year)
    context = {
        "year": year,
        "years": year_choices(request.user, year),
        "rows": rows,
        "total": sum(row.amount for row in rows),
        "summary_text": selectors.category_summary_text(rows),
    }
    return render(request, "support/category_summary.html", context)


@login_required
def outcomes(request):
    require_perm(request, "support.view_support_reports")
    year = selected_year(request)
    rows = selectors.support_outcomes(request.user, year)
    context = {
        "year": year,
        "years": year_choices(request.user, year),
        "rows": rows,
        "totals": selectors.outcome_totals(rows),
    }
    return render(request, "support/outcomes.html", context)
