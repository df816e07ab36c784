"""The schema and the docs page. Swagger UI comes from drf-spectacular-sidecar's static files; its
start-up script is served as a separate file (the split view) and our template drops
drf-spectacular's inline <style>, so the page runs under the portal's CSP (script-src and
style-src 'self'). Redoc is not offered: it injects <style> elements, which that CSP refuses."""

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class SchemaView(SpectacularAPIView):
    pass


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
