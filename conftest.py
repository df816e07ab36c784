"""Suite-wide set-up: refuse SQLite in CI, eager Celery unless a test starts a real worker."""

import fcntl
import os
import re
import tempfile

import pytest
from django.conf import settings
from django.db import OperationalError


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
    settings.OCOP_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The test client's login() calls authenticate() without a request, which django-axes
    # refuses; the lock-out tests switch it back on.
    settings.AXES_ENABLED = False
    # Personas are created in almost every test: a fast hasher keeps the suite quick. Password
    # hashing itself is Django's, tested there.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A private in-memory cache per test: `make test` points CACHES at a Redis shared by both
    # xdist workers, where rate-limit counters would leak between tests and ignore frozen clocks.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"{tmp_path}-f"},
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(scope="session", autouse=True)
def _close_stray_database_sessions(django_db_setup, django_db_blocker):
    """Before pytest-django drops the test database, end sessions that tests left behind: a
    Celery worker killed on purpose (the fault tests) can leave its backend for a moment, and
    DROP DATABASE refuses while one is connected."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
    except OperationalError:
        # A run of database-free tests only never made the test database: nothing to end.
        return


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """`make mutate` runs each mutant's tests in a process of its own, several at once: each
    such process takes a free slot and the slot's test database (kept between mutants with
    --reuse-db), so parallel mutants never share a database."""
    mutant = os.environ.get("MUTANT_UNDER_TEST")  # set in mutmut's processes only
    if mutant is None:
        return
    from django.contrib.contenttypes.models import ContentType

    # Each pytest session of a mutmut process starts from the database's own content types: the
    # cache may hold another database's ids (a mutant's process is forked from mutmut's; mutmut's
    # own process runs pytest several times), and a transaction=True test re-seeds them with new
    # ids. With stale ids every audit entry fails on its foreign key: mutants counted as
    # "killed", or mutmut's clean run failing before any mutant.
    ContentType.objects.clear_cache()
    database = settings.DATABASES["default"]
    # A session with --reuse-db leaves the test database's name in the settings, and the next
    # session in the same process would prefix it again (test_test_…): name it from the base.
    base = re.sub(r"^(test_)+", "", database["NAME"])
    if "__mutmut_" not in mutant:
        database["NAME"] = base
        return
    for slot in range(os.cpu_count() or 1):
        lock = open(os.path.join(tempfile.gettempdir(), f"ocop-mutate-{base}-{slot}.lock"), "w")  # noqa: SIM115
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        _MUTATION_SLOT_LOCKS.append(lock)  # held until the process ends
        database.setdefault("TEST", {})["NAME"] = f"test_{base}_mutant{slot}"
        return
    raise RuntimeError("more mutants running at once than CPUs: give `mutmut run` --max-children")


_MUTATION_SLOT_LOCKS: list = []

pytest_plugins = ["ocop_portal.testing.fixtures"]
