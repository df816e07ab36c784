"""The product's standing in the register, kept on the product (issue 22).

`products.Product.current_stars` and `certificate_status` are the stars and status of the
product's certificate in force (valid, expiring, extended; the database allows one per product),
None and "" without one. The registry's lists and filters read them from its own table, so
the registry never imports evaluation.

Evaluation writes them, in the transaction that changes a certificate: every save of a
Certificate that may change its status, stars or product (issuing, supersession, revocation,
extension, the daily expiry; `certificate_set_status` saves through the model) refreshes its
product, by the post_save/post_delete receivers connected in EvaluationConfig.ready; a bulk
insert, which sends no signal, calls `products_standing_refresh` itself (reports/historical.py,
bench/dataset.py), and migration evaluation 0013 filled the existing products.
"""

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from products.models import Product

from ...enums import CertificateStatus as S
from ...models import Certificate

# Fields whose change moves a product's standing: a save naming none of them leaves it alone.
STANDING_FIELDS = frozenset({"status", "stars", "product"})


def products_standing_refresh(product_ids=None) -> int:
    """Write the standing of the products `product_ids` (every product for None) from their
    certificates in force, in one UPDATE; returns the number of products written."""
    in_force = Certificate.objects.filter(product_id=OuterRef("pk"), status__in=S.in_force()).order_by("-id")
    products = Product.objects.all() if product_ids is None else Product.objects.filter(pk__in=list(product_ids))
    return products.update(
        current_stars=Subquery(in_force.values("stars")[:1]),
        certificate_status=Coalesce(Subquery(in_force.values("status")[:1]), Value("")),
    )


def certificate_saved(sender, instance: Certificate, *, raw: bool, update_fields, **kwargs) -> None:
    """post_save of Certificate: refresh its product. post_save always sends `raw` and
    `update_fields` (None for a save of every field)."""
    if raw or (update_fields is not None and not STANDING_FIELDS & set(update_fields)):
        return
    products_standing_refresh([instance.product_id])


def certificate_deleted(sender, instance: Certificate, **kwargs) -> None:
    products_standing_refresh([instance.product_id])


def connect() -> None:
    post_save.connect(certificate_saved, sender=Certificate, dispatch_uid="evaluation.product_standing.saved")
    post_delete.connect(certificate_deleted, sender=Certificate, dispatch_uid="evaluation.product_standing.deleted")
