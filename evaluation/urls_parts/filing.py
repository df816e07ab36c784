"""URL patterns of the official dossier forms (joined into evaluation/urls.py)."""

from django.urls import path

from ..views import filing

urlpatterns = [
    path("dossiers/<int:pk>/form-01/", filing.form01_view, name="dossier_form01"),
    path("dossiers/<int:pk>/form-02/", filing.form02_view, name="dossier_form02"),
    path("dossiers/<int:pk>/form-01.pdf", filing.form01_pdf_view, name="dossier_form01_pdf"),
    path("dossiers/<int:pk>/form-02.pdf", filing.form02_pdf_view, name="dossier_form02_pdf"),
    path("dossiers/<int:pk>/form-03.pdf", filing.form03_pdf_view, name="dossier_form03_pdf"),
]
