"""URL patterns of councils, scoring and decisions (joined into evaluation/urls.py)."""

from django.urls import path

from ..views import councils, decisions, scorecards

urlpatterns = [
    path("councils/work/", councils.work_list_view, name="council_work_list"),
    path("councils/", councils.council_list_view, name="council_list"),
    path("councils/new/", councils.council_create_view, name="council_create"),
    path("councils/rules/", councils.council_rules_view, name="council_rules"),
    path("councils/<int:pk>/", councils.council_detail_view, name="council_detail"),
    path("councils/<int:pk>/members/new/", councils.council_member_add_view, name="council_member_add"),
    path("councils/<int:pk>/assign/", councils.council_assign_view, name="council_assign"),
    path("assignments/<int:pk>/", councils.assignment_detail_view, name="assignment_detail"),
    path("assignments/<int:pk>/declare/", councils.conflict_declare_view, name="conflict_declare"),
    path("assignments/<int:pk>/close/", councils.assignment_close_view, name="assignment_close"),
    path("assignments/<int:pk>/result/", councils.assignment_result_view, name="assignment_result"),
    path("assignments/<int:pk>/minutes.pdf", councils.assignment_minutes_view, name="assignment_minutes"),
    path("assignments/<int:pk>/scorecard/", scorecards.scorecard_view, name="scorecard"),
    path(
        "assignments/<int:pk>/scorecard/answers/<int:criterion_pk>/",
        scorecards.scorecard_answer_view,
        name="scorecard_answer",
    ),
    path("assignments/<int:pk>/scorecard/submit/", scorecards.scorecard_submit_view, name="scorecard_submit"),
    path(
        "assignments/<int:pk>/scorecard/sync/<int:criterion_pk>/",
        scorecards.scorecard_sync_view,
        name="scorecard_sync",
    ),
    path("decisions/", decisions.decision_list_view, name="decision_list"),
    path("decisions/new/", decisions.decision_create_view, name="decision_create"),
    path("decisions/<int:pk>/", decisions.decision_detail_view, name="decision_detail"),
    path("decisions/<int:pk>/decision.pdf", decisions.decision_pdf_view, name="decision_pdf"),
    path("dossiers/<int:pk>/gap-report/", decisions.gap_report_view, name="dossier_gap_report"),
]
