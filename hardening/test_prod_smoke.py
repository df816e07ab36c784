"""The production path on one machine (scripts/prod-smoke.sh): gunicorn, a Celery worker and beat
with DEBUG off serve a page and a static file, run a job end to end, and stop cleanly."""

import os
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration


def test_production_path_serves_runs_a_job_and_stops_cleanly():
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    result = subprocess.run(
        ["bash", str(settings.BASE_DIR / "scripts" / "prod-smoke.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=settings.BASE_DIR,
    )
    assert (result.returncode, result.stdout.strip().splitlines()[-1:]) == (0, ["[prod-smoke] OK"]), (
        result.stdout[-3000:] + result.stderr[-3000:]
    )
