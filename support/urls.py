from django.urls import path

from .views import budget, grants, reports

app_name = "support"
urlpatterns = [
    path("", budget.overview, name="overview"),
    path("lines/new/", budget.line_create, name="line_create"),
    path("lines/<int:pk>/edit/", budget.line_edit, name="line_edit"),
    path("awards/<int:year>/", budget.award_policy_edit, name="award_policy"),
    path("grants/", grants.grant_list, name="grant_list"),
    path("grants/export.xlsx", grants.grant_export, name="grant_export"),
    path("grants/new/", grants.grant_create, name="grant_create"),
    path("grants/<int:pk>/", grants.grant_detail, name="grant_detail"),
    path("grants/<int:pk>/approve/", grants.grant_approve, name="grant_approve"),
    path("grants/<int:pk>/cancel/", grants.grant_cancel, name="grant_cancel"),
    path("grants/<int:pk>/disbursements/new/", grants.disbursement_create, name="disbursement_create"),
    path("producers/<int:producer_id>/history/", grants.producer_history, name="producer_history"),
    path("summary/", reports.category_summary, name="category_summary"),
    path("outcomes/", reports.outcomes, name="outcomes"),
]
