"""URL patterns of the score sheets (joined into evaluation/urls.py)."""

from django.urls import path

from ..views import sheets as views

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework_list"),
    path("sheets/", views.sheet_list, name="sheet_list"),
    path("sheets/import/", views.sheet_import, name="sheet_import"),
    path("sheets/template.xlsx", views.sheet_template, name="sheet_template"),
    path("sheets/<int:pk>/", views.sheet_detail, name="sheet_detail"),
    path("sheets/<int:pk>/publish/", views.sheet_publish, name="sheet_publish"),
    path("sheets/<int:pk>/new-version/", views.sheet_new_version, name="sheet_new_version"),
    path("sheets/<int:pk>/criteria/<int:criterion_pk>/", views.sheet_criterion_edit, name="sheet_criterion_edit"),
    path("sheets/<int:pk>/groups/<int:group_pk>/", views.sheet_group_edit, name="sheet_group_edit"),
]
