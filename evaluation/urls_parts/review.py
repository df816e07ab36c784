"""URL patterns of the review tools: fairness figures, criterion analytics, background jobs."""

from django.urls import path

from ..views import carry, review

urlpatterns = [
    path("review/members/", review.member_fairness_view, name="member_fairness"),
    path("review/members/<int:year>/compute/", review.member_fairness_compute_view, name="member_fairness_compute"),
    path("review/criteria/", review.criterion_analytics_view, name="criterion_analytics"),
    path("jobs/<int:pk>/status/", review.job_status_view, name="job_status"),
    path("jobs/<int:pk>/retry/", review.job_retry_view, name="job_retry"),
    path("jobs/<int:pk>/download/", review.job_download_view, name="job_download"),
]
urlpatterns += [
    path("councils/<int:pk>/pack/", review.council_pack_view, name="council_pack"),
    path("councils/<int:pk>/pack/build/", review.council_pack_build_view, name="council_pack_build"),
    path("dossiers/<int:pk>/bundle/", review.dossier_bundle_view, name="dossier_bundle"),
    path("dossiers/<int:pk>/bundle/build/", review.dossier_bundle_build_view, name="dossier_bundle_build"),
]
urlpatterns += [path("carry/", carry.carry_province_view, name="carry_province")]
