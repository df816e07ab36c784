from .urls_parts import certificates, councils, dossiers, sheets

app_name = "evaluation"
urlpatterns = [*sheets.urlpatterns, *dossiers.urlpatterns, *councils.urlpatterns, *certificates.urlpatterns]
