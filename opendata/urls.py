from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.snapshot_list_view, name="snapshot_list"),
    path("<str:as_of>/<str:name>", views.snapshot_file_view, name="snapshot_file"),
]
