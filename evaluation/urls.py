from .urls_parts import certificates, councils, dossiers, filing, province, review, sheets

app_name = "evaluation"
urlpatterns = [
    *sheets.urlpatterns,
    *dossiers.urlpatterns,
    *filing.urlpatterns,
    *councils.urlpatterns,
    *certificates.urlpatterns,
    *review.urlpatterns,
    *province.urlpatterns,
]
