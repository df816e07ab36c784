from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("ocop_portal.core.urls")),
    path("accounts/", include("ocop_portal.accounts.urls")),
    path("registry/", include("products.urls")),
    path("support/", include("support.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("evaluation/", include("evaluation.urls")),
    path("", include("evaluation.public_urls")),
    path("reports/", include("reports.urls")),
    path("open-data/", include("opendata.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only product photos are public media; evidence and other private files are served through
    # permission-checked views, never from a media URL.
    urlpatterns += static(f"{settings.MEDIA_URL}products/", document_root=settings.MEDIA_ROOT / "products")
