"""The lists' order index, and trigram indexes for searching names (PostgreSQL only).

Django's `icontains` on PostgreSQL is `UPPER(column) LIKE UPPER('%term%')`: a GIN index over
UPPER(name) with pg_trgm's operator class serves it (the public certified-products search, the
registry search). SQLite (`make run`) has no such index type and needs none at demo size, so the
trigram part runs on PostgreSQL only; it is not part of the model state.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = [
    ("products_product", "product_name_trgm"),
    ("products_producer", "producer_name_trgm"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, name in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("name") gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["name", "id"], name="product_name_id"),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(fields=["product_set", "status"], name="product_set_status"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
