"""Every list page costs the same number of queries for 1 row as for a full page of 25."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop_portal.testing import factories as f

from .factories import EditProposalFactory

LISTS = [
    ("products:producer_list", None),
    ("products:product_list", None),
    ("products:proposal_list", None),
    ("products:producer_export", "xlsx"),
    ("products:producer_export", "csv"),
    ("products:product_export", "xlsx"),
    ("products:product_export", "csv"),
]


def _add_rows(count, commune, food_set, proposer):
    for _ in range(count):
        producer = f.ProducerFactory(commune=commune)
        f.ProductFactory(producer=producer, product_set=food_set)
        EditProposalFactory(producer=producer, proposed_by=proposer)


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "file_format"), LISTS, ids=[f"{n}-{a}" for n, a in LISTS])
@pytest.mark.parametrize("persona_name", ["province_staff", "district_officer", "commune_officer"])
def test_list_query_count_does_not_grow_with_rows(
    name, file_format, persona_name, persona, client_for, commune, food_set, plain_user
):
    client = client_for(persona(persona_name))
    url = reverse(name, args=[file_format]) if file_format else reverse(name)
    _add_rows(1, commune, food_set, plain_user)
    one, _ = _query_count(client, url)

    _add_rows(24, commune, food_set, plain_user)
    many, response = _query_count(client, url)

    assert many == one
    if response.context is not None and "page_obj" in response.context:
        assert len(response.context["page_obj"].object_list) == 25
