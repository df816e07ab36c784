"""PostgreSQL helpers: the bench database's URL, creating/dropping it, COPY of generated rows."""

import datetime
import io
import json
import os
import string
from decimal import Decimal

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# The cache as in production (Redis, shared by the workers), in a database of its own: the bench
# empties it when it starts, so no run reads what another one left.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
SECRET_KEY = "bench-only-" + string.ascii_letters  # never used outside the bench database


def database_url(name: str) -> str:
    return f"{PG_SERVER}/{name}"


def django_env(database: str, *, allowed_hosts: str = "127.0.0.1,testserver") -> dict[str, str]:
    """The environment every bench process runs Django with: production-like, bench database."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": allowed_hosts,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(database),
        "DB_CONN_MAX_AGE": "60",  # as .env.example
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "REDIS_URL": REDIS_URL,
    }


def setup_django(database: str) -> None:
    os.environ.update(django_env(database))
    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()


def _server_connection():
    import psycopg2

    connection = psycopg2.connect(database_url("postgres"))
    connection.autocommit = True
    return connection


def drop_database(name: str) -> None:
    connection = _server_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    connection.close()


def create_database(name: str) -> None:
    drop_database(name)
    connection = _server_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def database_size(name: str) -> str:
    connection = _server_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(%s))", [name])
        size = cursor.fetchone()[0]
    connection.close()
    return size


# --- COPY ---------------------------------------------------------------------------------------

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (int, Decimal, float)):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


class Copier:
    """COPY rows of one model: the caller gives some fields (attnames) per row as a tuple; every
    other concrete field gets its default (auto_now fields: the build's start time)."""

    def __init__(self, model, fields: list[str], *, now: datetime.datetime, chunk_rows: int = 100_000):
        self.model = model
        self.table = model._meta.db_table
        concrete = model._meta.concrete_fields
        by_attname = {f.attname: f for f in concrete}
        unknown = [name for name in fields if name not in by_attname]
        if unknown:
            raise ValueError(f"{model.__name__}: no fields {unknown}")
        self.columns = [by_attname[name].column for name in fields]
        tail_columns, tail_values = [], []
        for field in concrete:
            if field.attname in fields or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.has_default():
                value = field.get_default()
                if isinstance(value, str) and field.__class__.__name__ == "JSONField":
                    value = json.loads(value)
            elif field.null:
                value = None
            elif field.empty_strings_allowed:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.attname} has no default: give it")
            tail_columns.append(field.column)
            tail_values.append(copy_value(value))
        self.columns += tail_columns
        self.tail = ("\t" + "\t".join(tail_values)) if tail_values else ""
        self.chunk_rows = chunk_rows
        self.rows = 0

    def _copy(self, cursor, buffer: io.StringIO) -> None:
        buffer.seek(0)
        columns = ", ".join(f'"{c}"' for c in self.columns)
        cursor.copy_expert(f'COPY "{self.table}" ({columns}) FROM STDIN', buffer)

    def copy(self, cursor, rows) -> int:
        buffer, pending = io.StringIO(), 0
        tail = self.tail
        for row in rows:
            buffer.write("\t".join(map(copy_value, row)))
            buffer.write(tail)
            buffer.write("\n")
            pending += 1
            if pending >= self.chunk_rows:
                self._copy(cursor, buffer)
                self.rows += pending
                buffer, pending = io.StringIO(), 0
        if pending:
            self._copy(cursor, buffer)
            self.rows += pending
        return self.rows

    def copy_lines(self, cursor, chunks) -> int:
        """Fast path: chunks of pre-formatted lines (without the tail); returns the rows copied."""
        for lines in chunks:
            if not lines:
                continue
            buffer = io.StringIO()
            tail = self.tail + "\n"
            buffer.write(tail.join(lines))
            buffer.write(tail)
            self._copy(cursor, buffer)
            self.rows += len(lines)
        return self.rows


def secondary_indexes(cursor, table: str) -> list[tuple[str, str, str]]:
    """(kind, name, definition) of the unique constraints and plain indexes besides the primary key."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
        [table],
    )
    constraints = [("constraint", name, definition) for name, definition in cursor.fetchall()]
    names = {name for _kind, name, _def in constraints}
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary",
        [table],
    )
    indexes = [("index", name, definition) for name, definition in cursor.fetchall() if name not in names]
    return constraints + indexes


def drop_indexes(cursor, table: str) -> list[tuple[str, str, str]]:
    saved = secondary_indexes(cursor, table)
    for kind, name, _definition in saved:
        if kind == "constraint":
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        else:
            cursor.execute(f'DROP INDEX "{name}"')
    return saved


def restore_indexes(cursor, table: str, saved) -> None:
    for kind, name, definition in saved:
        if kind == "constraint":
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        else:
            cursor.execute(definition)
