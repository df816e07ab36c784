"""Issue 19, item 14: the API explained in Vietnamese — what it is, how a user gets a key — with
the Swagger page linked for developers, and reachable from every page's footer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_guide_explains_the_api_and_how_to_get_a_key(client_for, producer):
    html = client_for(None).get(reverse("core:api_guide")).content.decode()
    assert "Cách lấy khóa API" in html
    assert "Authorization: Token &lt;khóa&gt;" in html
    assert f'href="{reverse("api:docs")}"' in html
    assert f'href="{reverse("accounts:login")}?next={reverse("api:tokens")}"' in html
    signed_in = client_for(producer).get(reverse("core:api_guide")).content.decode()
    assert f'href="{reverse("api:tokens")}" id="api-guide-tokens"' in signed_in


def test_every_page_links_to_the_guide(client_for):
    html = client_for(None).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("core:api_guide")}"' in html


def test_the_guide_costs_a_fixed_handful_of_queries(client_for, province_staff):
    client = client_for(province_staff)
    client.get(reverse("core:api_guide"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:api_guide")).status_code == 200
    assert len(queries) <= 6
