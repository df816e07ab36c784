from .urls_parts import certificates, councils, dossiers, filing, inspections, province, review, sheets

app_name = "evaluation"
urlpatterns = [
    *sheets.urlpatterns,
    *dossiers.urlpatterns,
    *filing.urlpatterns,
    *councils.urlpatterns,
    *certificates.urlpatterns,
    *inspections.urlpatterns,
    *review.urlpatterns,
    *province.urlpatterns,
]
