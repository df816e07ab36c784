"""The OpenAPI schema, the docs page under the CSP, and a schemathesis run over the whole schema:
generated requests against the WSGI app as province staff (token auth), checking that nothing
answers 5xx and that every documented response conforms to the schema.

Deterministic for CI: hypothesis derandomised, a fixed number of examples per operation, no
example database; bounded in time by that number (~40 operations)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.services import api_token_create
from ocop_portal.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 8


def test_schema_documents_every_operation_in_english(client):
    schema = client.get("/api/schema/?format=json").json()
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 40
    assert [(path, method) for path, method, op in operations if not op.get("summary")] == []
    properties = [
        (name, field_name)
        for name, component in schema["components"]["schemas"].items()
        for field_name, field in component.get("properties", {}).items()
        if not (field.get("description") or "$ref" in field or "allOf" in field)
    ]
    assert properties == []


def test_docs_page_loads_its_assets_locally_without_inline_script(client):
    page = client.get("/api/docs/")
    html = page.content.decode()
    script = client.get("/api/docs/?script=")
    assert page.status_code == 200
    assert "<script>" not in html and "<style>" not in html and "https://" not in html
    assert '<script src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js">' in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert (script.status_code, script["Content-Type"]) == (200, "application/javascript")
    assert "/api/schema/" in script.content.decode()


def _exercise(operation, headers, calls, failures) -> None:
    """Run the operation's generated cases; record each call and every failed check."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        calls.append((operation.label, response.status_code))
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        except Exception as error:  # collected, so one run reports every failing operation
            failures.append(f"{operation.label}: {error}")

    run()


@pytest.fixture
def wsgi_keeps_test_connection():
    """The real WSGI handler closes the database connection after each request; the test's
    transaction lives on it, so do what Django's test client does and keep it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_schemathesis_over_the_whole_schema(world, province_staff, wsgi_keeps_test_connection):
    _token, key = api_token_create(user=province_staff, name="schemathesis")
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    headers = {"Authorization": f"Token {key}"}
    calls, failures = [], []
    for result in schema.get_all_operations():
        _exercise(result.ok(), headers, calls, failures)
    assert failures == []
    print(f"schemathesis: {len(calls)} requests")
    assert len(calls) >= 300
    assert sorted({status for _label, status in calls if status >= 500}) == []
