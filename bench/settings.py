"""Settings for the benchmark's gunicorn and in-process measurements: the project's own settings
(read from the environment the runner sets: DEBUG=false, DATABASE_URL, SECRET_KEY…) with three
bench-only changes:

- STATIC_ROOT is the runner's temporary directory (the project's is fixed to BASE_DIR/staticfiles);
- static files are hashed by ManifestStaticFilesStorage without whitenoise's gzip/brotli pass: the
  load driver never asks for a compressed response, and compressing costs ~2 minutes on 2 cores;
- ROOT_URLCONF adds a plain ModelAdmin for Product when the project registers none, as the
  "Django admin on the same data" baseline the issue compares the product list with.
"""

import os
from pathlib import Path

from ocop_portal.settings import *  # noqa: F403
from ocop_portal.settings import STORAGES

STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/ocop-bench-static"))
# Without a collected manifest (bench.queries run on its own) plain names do: nothing is served then.
_STATIC_BACKEND = (
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    if (STATIC_ROOT / "staticfiles.json").exists() or os.environ.get("BENCH_COLLECTING")
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": _STATIC_BACKEND}}
ROOT_URLCONF = "bench.urls"

# The bench signs personas in with passwords and measures pages: no second factor.
OCOP_REQUIRE_TWO_FACTOR = False
