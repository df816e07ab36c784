"""Public (no sign-in) pages: certificate verification and the certified-product register."""

from django.urls import path, re_path

from .verify_cache import VERIFY_CODE_PATTERN
from .views import public

app_name = "public"
urlpatterns = [
    path("verify/", public.verify_lookup, name="verify_lookup"),
    # Codes are secrets.token_urlsafe output; anything else is a 404 without touching the database.
    # evaluation.verify_cache serves this page from its cache at this path: keep them in step.
    re_path(rf"^verify/(?P<code>{VERIFY_CODE_PATTERN})/$", public.verify, name="verify"),
    re_path(rf"^verify/(?P<code>{VERIFY_CODE_PATTERN})/report/$", public.verify_report, name="verify_report"),
    path("products/certified/", public.certified_products, name="certified_products"),
    path("certificates/revoked/", public.revoked_certificates, name="revoked_certificates"),
]
