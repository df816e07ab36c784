from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("annual/", views.annual_report, name="annual_report"),
    path("annual/<int:year>/narrative/", views.narrative_save, name="narrative_save"),
    path("annual/<int:year>/plan/", views.plan_save, name="plan_save"),
    path("annual/<int:year>/programme/", views.programme_facts, name="programme_facts"),
    path("annual/<int:year>/generate/", views.generate, name="generate"),
    path("requests/<int:pk>/status/", views.request_status, name="request_status"),
    path("requests/<int:pk>/retry/", views.retry, name="retry"),
    path("requests/<int:pk>/download/<str:kind>/", views.download, name="download"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("national/", views.national_summary, name="national_summary"),
    path("national/<int:year>/generate/", views.national_summary_generate, name="national_summary_generate"),
]
