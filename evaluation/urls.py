from .urls_parts import certificates, councils, dossiers, inspections, review, sheets

app_name = "evaluation"
urlpatterns = [
    *sheets.urlpatterns,
    *dossiers.urlpatterns,
    *councils.urlpatterns,
    *certificates.urlpatterns,
    *inspections.urlpatterns,
    *review.urlpatterns,
]
