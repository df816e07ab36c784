"""Fill products.Product.current_stars / certificate_status from the certificates in force
(issue 22); from now on evaluation keeps them (services/certificates/standing.py)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

IN_FORCE = ["valid", "expiring", "extended"]  # CertificateStatus.in_force() when this was written


def backfill(apps, schema_editor):
    certificate = apps.get_model("evaluation", "Certificate")
    product = apps.get_model("products", "Product")
    in_force = certificate.objects.filter(product_id=OuterRef("pk"), status__in=IN_FORCE).order_by("-id")
    product.objects.update(
        current_stars=Subquery(in_force.values("stars")[:1]),
        certificate_status=Coalesce(Subquery(in_force.values("status")[:1]), Value("")),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0012_inspections"),
        ("products", "0007_product_standing"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
