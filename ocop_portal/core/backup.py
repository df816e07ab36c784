"""Backups: a PostgreSQL custom-format dump plus a tar of MEDIA_ROOT, with a manifest of row
counts and file checksums so a restore can be checked, not assumed."""

import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar.gz"


def _pg_env(alias: str = "default") -> dict:
    db = settings.DATABASES[alias]
    if "postgresql" not in db["ENGINE"]:
        raise RuntimeError("Backups are made with pg_dump: DATABASE_URL must point at PostgreSQL.")
    env = {**os.environ, "PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or "5432")}
    env["PGUSER"] = db.get("USER") or ""
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def row_counts(alias: str = "default") -> dict[str, int]:
    counts = {}
    with connections[alias].cursor() as cursor:
        for model in apps.get_models():
            if not model._meta.managed or model._meta.proxy:
                continue
            table = model._meta.db_table
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # table names come from our models
            counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path) -> dict[str, str]:
    sums = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def backup(target: Path) -> dict:
    target.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={target / DUMP}", db["NAME"]],
        env=_pg_env(),
        check=True,
    )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    manifest = {"row_counts": row_counts(), "media": media_checksums(media_root)}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return manifest


def restore(source: Path, *, database: str, media_root: Path) -> dict:
    """Restore into `database` (created if missing) and `media_root`; returns the manifest."""
    env = _pg_env()
    subprocess.run(["createdb", database], env=env, check=False, capture_output=True)
    subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={database}", str(source / DUMP)],
        env=env,
        check=True,
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    return json.loads((source / MANIFEST).read_text(encoding="utf-8"))
