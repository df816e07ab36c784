"""URL patterns of this area (joined into evaluation/urls.py)."""

from django.urls import path

from ..views import certificates as views

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/mine/", views.my_certificates, name="my_certificates"),
    path("certificates/revoke/", views.certificate_revoke_bulk, name="certificate_revoke_bulk"),
    path("certificates/misuse-reports/", views.misuse_report_list, name="misuse_report_list"),
    path("certificates/misuse-reports/<int:pk>/handled/", views.misuse_report_handled, name="misuse_report_handled"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("certificates/<int:pk>/extend/", views.certificate_extend, name="certificate_extend"),
    path("certificates/<int:pk>/qr.svg", views.certificate_qr_svg, name="certificate_qr_svg"),
    path("certificates/<int:pk>/qr.png", views.certificate_qr_png, name="certificate_qr_png"),
    path("certificates/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
]
