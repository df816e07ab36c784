from .urls_parts import certificates, councils, dossiers, review, sheets

app_name = "evaluation"
urlpatterns = [
    *sheets.urlpatterns,
    *dossiers.urlpatterns,
    *councils.urlpatterns,
    *certificates.urlpatterns,
    *review.urlpatterns,
]
