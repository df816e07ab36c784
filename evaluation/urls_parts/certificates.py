"""URL patterns of this area (joined into evaluation/urls.py)."""

urlpatterns: list = []
