"""URL patterns of rounds and dossiers (joined into evaluation/urls.py)."""

from django.urls import path

from ..views import dossiers, rounds

urlpatterns = [
    path("rounds/", rounds.round_list_view, name="round_list"),
    path("rounds/new/", rounds.round_create_view, name="round_create"),
    path("rounds/from-template/", rounds.round_template_view, name="round_template"),
    path("rounds/<int:pk>/", rounds.round_detail_view, name="round_detail"),
    path("rounds/<int:pk>/edit/", rounds.round_edit_view, name="round_edit"),
    path("rounds/<int:pk>/deadlines/", rounds.round_deadlines_view, name="round_deadlines"),
    path("rounds/<int:pk>/state/", rounds.round_state_view, name="round_state"),
    path("dossiers/", dossiers.dossier_queue_view, name="dossier_queue"),
    path("dossiers/mine/", dossiers.dossier_mine_view, name="dossier_mine"),
    path("dossiers/new/", dossiers.dossier_create_view, name="dossier_create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail_view, name="dossier_detail"),
    path("dossiers/<int:pk>/registration/", dossiers.dossier_registration_view, name="dossier_registration"),
    path("dossiers/<int:pk>/self-assessment/", dossiers.dossier_self_assessment_view, name="dossier_self_assessment"),
    path("dossiers/<int:pk>/evidence/", dossiers.evidence_view, name="dossier_evidence"),
    path(
        "dossiers/<int:pk>/evidence/<int:evidence_pk>/download/",
        dossiers.evidence_download_view,
        name="evidence_download",
    ),
    path("dossiers/<int:pk>/evidence/<int:evidence_pk>/delete/", dossiers.evidence_delete_view, name="evidence_delete"),
    path("dossiers/<int:pk>/submit/", dossiers.dossier_submit_view, name="dossier_submit"),
    path("dossiers/<int:pk>/return/", dossiers.dossier_return_view, name="dossier_return"),
    path("dossiers/<int:pk>/accept/", dossiers.dossier_accept_view, name="dossier_accept"),
    path("dossiers/<int:pk>/withdraw/", dossiers.dossier_withdraw_view, name="dossier_withdraw"),
]
