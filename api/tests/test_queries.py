"""Every list endpoint answers in a constant number of queries: 1 row and 25 rows cost the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from evaluation.tests.factories import DossierFactory
from ocop_portal.testing import factories as f
from support.tests.factories import BudgetLineFactory, SupportGrantFactory

from .factories import closed_assignment, make_certificate

pytestmark = pytest.mark.django_db


def _product(producer_record, n):
    return f.ProductFactory(producer=producer_record, name=f"Sản phẩm {n:02d}")


def _dossier(ctx, n):
    return DossierFactory(product=_product(ctx["producer_record"], n), round=ctx["round"], created_by=ctx["staff"])


def _certificate(ctx, n):
    return make_certificate(_product(ctx["producer_record"], n), created_by=ctx["staff"])


def _result(ctx, n):
    return closed_assignment(council=ctx["council"], dossier=_dossier(ctx, n))


MAKERS = {
    "/api/v1/producers/": lambda ctx, n: f.ProducerFactory(commune=ctx["commune"]),
    "/api/v1/products/": lambda ctx, n: _product(ctx["producer_record"], n),
    "/api/v1/dossiers/": _dossier,
    "/api/v1/certificates/": _certificate,
    "/api/v1/decisions/": _certificate,
    "/api/v1/council-results/": _result,
    "/api/v1/assignments/": _result,
    "/api/v1/budget-lines/": lambda ctx, n: BudgetLineFactory(province=ctx["province"]),
    "/api/v1/grants/": lambda ctx, n: SupportGrantFactory(producer=ctx["producer_record"]),
    "/api/v1/administrative-units/": lambda ctx, n: f.CommuneFactory(parent=ctx["district"]),
    "/api/v1/rounds/": lambda ctx, n: ctx["round_factory"](province=ctx["province"], number=100 + n),
    "/api/v1/public/certified-products/": _certificate,
    "/api/v1/export/register.json": _certificate,
    "/api/v1/export/register.csv": _certificate,
}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("url", list(MAKERS))
def test_list_query_count_does_not_grow(url, province, district, commune, producer_record, province_staff, world):
    from evaluation.tests.factories import RoundFactory

    ctx = {
        "province": province,
        "district": district,
        "commune": commune,
        "producer_record": producer_record,
        "staff": province_staff,
        "council": world["council"],
        "round": world["round"],
        "round_factory": RoundFactory,
    }
    client = APIClient()
    client.force_authenticate(province_staff)
    MAKERS[url](ctx, 0)
    client.get(url)  # warm caches (content types, the user's related rows) before counting
    one = _count(client, url)
    for n in range(1, 25):
        MAKERS[url](ctx, n)
    assert _count(client, url) == one
