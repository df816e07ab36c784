"""Public (no sign-in) pages: certificate verification and the certified-product register."""

from django.urls import path, re_path

from .views import public

app_name = "public"
urlpatterns = [
    path("verify/", public.verify_lookup, name="verify_lookup"),
    # Codes are secrets.token_urlsafe output; anything else is a 404 without touching the database.
    re_path(r"^verify/(?P<code>[A-Za-z0-9_-]{6,20})/$", public.verify, name="verify"),
    path("products/certified/", public.certified_products, name="certified_products"),
    path("certificates/revoked/", public.revoked_certificates, name="revoked_certificates"),
]
