"""On PostgreSQL, `product_name_id` (name, id) also carries `status` and `product_set_id`.

A list page reads its keys first (KeysFirstPaginator): walk this index in name order, keep the
rows matching the filters, skip to the page. Page 50 of a group's active products walked ~2.900
entries and visited the table for each to read the status and the set (2,2 ms). With both
columns included the walk is an index-only scan. SQLite has no INCLUDE; the model state keeps
the plain (name, id) index, which is what the name means on every database.
"""

from django.db import migrations

PLAIN = 'CREATE INDEX "product_name_id" ON "products_product" ("name", "id")'
COVERING = PLAIN + ' INCLUDE ("status", "product_set_id")'


def _replace(create_sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute('DROP INDEX IF EXISTS "product_name_id"')
        schema_editor.execute(create_sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0002_list_order_and_name_search"),
    ]

    operations = [migrations.RunPython(_replace(COVERING), _replace(PLAIN))]
