"""gunicorn.conf.py, which gunicorn reads from the project root by itself: one worker per CPU plus
one unless WEB_CONCURRENCY says otherwise, and once a worker has loaded the application, what it
loaded is frozen out of the collector's walks."""

import gc
import importlib.util
import os
from pathlib import Path

from django.conf import settings


def _config():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", Path(settings.BASE_DIR) / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_started_worker_freezes_what_it_loaded():
    config = _config()
    try:
        config.post_worker_init(worker=None)

        assert gc.get_freeze_count() > 10_000  # Django and the project, imported by this test run
    finally:
        gc.unfreeze()


def test_one_worker_per_cpu_plus_one_unless_web_concurrency_says(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert _config().workers == os.cpu_count() + 1

    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    assert _config().workers == 7
