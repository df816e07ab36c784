"""Public (no sign-in) pages: certificate verification and the certified-product register."""

app_name = "public"
urlpatterns: list = []
