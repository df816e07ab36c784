"""The product's stars and certificate status in force, kept on the product by evaluation in the
transaction that changes a certificate (issue 22), so the registry reads its own table."""

import datetime

import pytest
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DossierKind
from evaluation.models import Certificate
from evaluation.services.certificates import certificate_set_status
from evaluation.services.certificates.standing import products_standing_refresh
from evaluation.services.certificates.status import advance_by_date
from products.models import Product

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 7, 10)


def standing(product):
    return tuple(Product.objects.filter(pk=product.pk).values_list("current_stars", "certificate_status").get())


@freeze_time("2026-08-01 03:00")
def test_issuing_and_superseding_write_the_stars_in_force(producer_record):
    product = product_of(producer_record)
    assert standing(product) == (None, "")

    first = issue(product, stars=3, on=ON)
    assert standing(product) == (3, S.VALID)

    issue(product, stars=4, on=datetime.date(2026, 7, 20), kind=DossierKind.UPGRADE, renews=first)
    assert standing(product) == (4, S.VALID)


@freeze_time("2026-08-01 03:00")
@pytest.mark.parametrize(
    ("to", "expected"),
    [(S.EXPIRING, (3, S.EXPIRING)), (S.EXTENDED, (3, S.EXTENDED)), (S.EXPIRED, (None, "")), (S.REVOKED, (None, ""))],
)
def test_every_status_change_rewrites_the_standing(producer_record, to, expected):
    product = product_of(producer_record)
    certificate = issue(product, stars=3, on=ON)

    certificate_set_status(certificate=certificate, to=to, on=datetime.date(2026, 8, 1), reason="test")

    assert standing(product) == expected


def test_the_calendar_moves_the_standing_through_expiring_to_none(producer_record):
    product = product_of(producer_record)
    with freeze_time("2026-08-01 03:00"):
        certificate = issue(product, stars=5, on=ON)
    last_day = certificate.valid_until

    advance_by_date(certificate, last_day)
    assert standing(product) == (5, S.EXPIRING)
    advance_by_date(certificate, last_day + datetime.timedelta(days=1))
    assert standing(product) == (None, "")


@freeze_time("2026-08-01 03:00")
def test_a_save_that_touches_no_standing_field_does_not_write_the_product(producer_record, django_assert_num_queries):
    certificate = issue(product_of(producer_record), stars=3, on=ON)
    certificate.issuing_authority = "UBND huyện"
    with django_assert_num_queries(1):
        certificate.save(update_fields=["issuing_authority"])


@freeze_time("2026-08-01 03:00")
def test_the_refresh_rebuilds_every_product_after_a_bulk_write(producer_record):
    """What migration evaluation 0013, reports/historical.py and bench/dataset.py rely on."""
    certified = product_of(producer_record, "Gà")
    issue(certified, stars=4, on=ON)
    plain = product_of(producer_record, "Trứng")
    Product.objects.update(current_stars=5, certificate_status=S.VALID)  # stale, as after a COPY

    assert products_standing_refresh() == 2
    assert (standing(certified), standing(plain)) == ((4, S.VALID), (None, ""))


@freeze_time("2026-08-01 03:00")
def test_the_standing_is_the_certificate_in_force_of_the_database(producer_record):
    products = [product_of(producer_record, f"Sản phẩm {n}") for n in range(3)]
    for stars, product in zip((3, 4, 5), products, strict=True):
        issue(product, stars=stars, on=ON)
    in_force = dict(Certificate.objects.filter(status__in=S.in_force()).values_list("product_id", "stars"))
    assert {p.pk: standing(p)[0] for p in products} == in_force
