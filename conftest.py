"""Suite-wide set-up: refuse SQLite in CI, eager Celery unless a test starts a real worker."""

import os

import pytest
from django.conf import settings


def pytest_configure(config):
    # WhiteNoise warns (an error under -W error) when STATIC_ROOT is missing; tests serve no
    # collected files, so an empty directory is enough.
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("CI") and "postgresql" not in engine:
        raise pytest.UsageError(
            f"CI runs the suite on PostgreSQL only, but DATABASE_URL selects {engine}. Run `make test`."
        )


@pytest.fixture(autouse=True)
def _celery_eager_and_media(settings, tmp_path):
    """Tasks run in-process by default; integration tests that start a worker turn this off."""
    from ocop_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The test client's login() calls authenticate() without a request, which django-axes
    # refuses; the lock-out tests switch it back on.
    settings.AXES_ENABLED = False
    # Personas are created in almost every test: a fast hasher keeps the suite quick. Password
    # hashing itself is Django's, tested there.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    app.conf.task_always_eager = previous


pytest_plugins = ["ocop_portal.testing.fixtures"]
