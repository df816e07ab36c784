import uuid

import psycopg2
import pytest
from django.core.management import call_command

from ocop_portal.core.backup import row_counts


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(tmp_path, producer, settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("The backup test needs PostgreSQL (make test provides it).")
    media = tmp_path / "media"
    (media / "evidence" / "1").mkdir(parents=True)
    (media / "evidence" / "1" / "a.pdf").write_bytes(b"%PDF-1.4 minh chung")
    settings.MEDIA_ROOT = media
    before = row_counts()

    call_command("backup", output=tmp_path / "b")
    restored_db = f"ocop_restore_{uuid.uuid4().hex[:8]}"
    restored_media = tmp_path / "restored-media"
    try:
        call_command("restore", tmp_path / "b", database=restored_db, media_root=restored_media)
        db = settings.DATABASES["default"]
        target = psycopg2.connect(dbname=restored_db, user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432)
        with target, target.cursor() as cursor:
            after = {}
            for table in before:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                after[table] = cursor.fetchone()[0]
        target.close()
        assert after == before
        assert before["accounts_user"] >= 1
        assert (restored_media / "evidence" / "1" / "a.pdf").read_bytes() == b"%PDF-1.4 minh chung"
    finally:
        db = settings.DATABASES["default"]
        conn = psycopg2.connect(dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432)
        conn.autocommit = True
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{restored_db}"')
        conn.close()
