"""URL patterns of the post-certification inspections (joined into evaluation/urls.py)."""

from django.urls import path

from ..views import inspections as views

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/plans/new/", views.inspection_plan_create, name="inspection_plan_create"),
    path("inspections/plans/<int:pk>/", views.inspection_plan_detail, name="inspection_plan_detail"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/findings/new/", views.inspection_finding_add, name="inspection_finding_add"),
    path("inspections/<int:pk>/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path(
        "inspections/<int:pk>/findings/<int:finding_pk>/revoke/",
        views.inspection_finding_revoke,
        name="inspection_finding_revoke",
    ),
    path("inspections/<int:pk>/files/<int:file_pk>/", views.inspection_file_download, name="inspection_file_download"),
    path("certificates/<int:pk>/inspections/new/", views.inspection_create, name="inspection_create"),
    path(
        "certificates/misuse-reports/<int:pk>/inspection/",
        views.misuse_report_inspection,
        name="misuse_report_inspection",
    ),
]
