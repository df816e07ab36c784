"""WeasyPrint documents that load nothing but the project's own static files (issue 18, Also).

WeasyPrint's default fetcher follows file:// and http(s):// URLs: only autoescaping kept a
producer's text from becoming `<img src="file:///etc/…">` or a request to an internal address.
Every PDF the portal renders goes through pdf_document(), whose fetcher answers data: URIs (the QR
codes) and files under the static directories (the fonts), and refuses everything else; WeasyPrint
then leaves the resource out and renders the rest.
"""

import os
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from django.conf import settings


def _static_roots() -> list[str]:
    roots = [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]
    return [os.path.normpath(str(root)) + os.sep for root in roots if root]


def static_url_allowed(url: str) -> bool:
    """data: URIs, and file:// URLs of files under the static directories (no way out by ..)."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return True
    if parsed.scheme != "file" or parsed.netloc:
        return False
    path = os.path.normpath(url2pathname(parsed.path))
    return any(path.startswith(root) for root in _static_roots()) and Path(path).is_file()


def static_only_url_fetcher():
    """A WeasyPrint URL fetcher that refuses every URL static_url_allowed() refuses."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not static_url_allowed(url):
                raise ValueError(f"Only the portal's static files may be loaded into a PDF, not {url[:200]!r}.")
            return super().fetch(url, headers)

    return StaticOnlyURLFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def pdf_document(html: str):
    """A WeasyPrint HTML document of `html` with the static-only fetcher."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR / "static"), url_fetcher=static_only_url_fetcher())
