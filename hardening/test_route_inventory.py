"""Every route of the portal × every persona, against the matrix in route_matrix.py.

`test_every_route_is_in_the_matrix` fails with the names of routes nobody has decided about;
`test_route_matrix` opens each route as each persona and compares the whole table at once, then
checks that no page shows another district's (or another producer's) draft dossier.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .route_matrix import (
    ADMIN_LOGIN,
    COMMUNE_PERSONAS,
    COMMUNE_ROUTES,
    LOGIN,
    NAMESPACE_RULES,
    PATTERN_RULES,
    PERSONAS,
    REDIRECT,
    ROUTES,
    UNAUTHORISED,
)


def all_routes(resolver=None, prefix="", namespace=""):
    """(qualified name or None, full pattern text, namespace) for every URL pattern, recursively."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from all_routes(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), namespace


def uncovered_routes():
    missing = []
    for name, text, namespace in all_routes():
        if namespace.split(":")[0] in NAMESPACE_RULES:
            continue
        if name is None:
            if text not in PATTERN_RULES:
                missing.append(text)
        elif name not in ROUTES:
            missing.append(name)
    return sorted(missing)


def test_every_route_is_in_the_matrix():
    assert uncovered_routes() == []


def test_the_matrix_names_no_route_that_is_gone():
    names = {name for name, _text, _ns in all_routes() if name}
    assert sorted(set(ROUTES) - names) == []


def test_inventory_counts_every_route():
    routes = list(all_routes())
    # The figure hardening/SECURITY.md quotes; update both together.
    assert (len(ROUTES), len(routes) > len(ROUTES)) == (267, True)


def _answer(response) -> object:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("accounts:login")):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return REDIRECT
    if response.status_code == 401:
        return UNAUTHORISED
    return response.status_code


@pytest.fixture
def signed_in(client_for, persona, council_member):
    def make(who):
        if who == "anonymous":
            return client_for(None)
        return client_for(council_member if who == "council_member" else persona(who))

    return make


# Names only the records' own producer, district and the province may see: district A's draft
# dossier's product, district B's producer (“HTX Vải thiều Lục Ngạn”) and its draft's product.
SECRETS = {
    "Trứng gà Yên Thế": {"producer", "district_officer", "province_staff", "commune_officer"},
    "Vải thiều Lục Ngạn": {"other_producer", "other_district_officer", "province_staff"},
    # the sibling commune's producer and its draft: district A's officer sees them, the producer's
    # commune officer must not.
    "Chè xanh Canh Nậu": {"district_officer", "province_staff", "other_commune_officer"},
    # an inspection's conclusion (QĐ 26/2026 Art. 9): the province, the product's commune officer
    # and its producer; the public reporter's contact: the province's staff only.
    "Kết luận kiểm tra số 7/KL-OCOP": {"province_staff", "commune_officer", "producer"},
    "0912 000 111": {"province_staff"},
    # the QĐ 26/2026 draft (forms 01, 02) and the sign-up request waiting for the producer's commune
    "Măng khô Yên Thế": {"producer", "district_officer", "province_staff", "commune_officer"},
    "Nguyễn Thị Lan": {"commune_officer"},
}


def test_every_route_has_its_commune_officers_row():
    assert sorted(set(ROUTES) ^ set(COMMUNE_ROUTES)) == []


def _open_every_route(scenario, signed_in, personas, table):
    urls = {name: reverse(name, kwargs=build(scenario)) for name, (build, _expected) in ROUTES.items()}
    mismatches, leaks = {}, []
    for index, who in enumerate(personas):
        client = signed_in(who)
        for name in ROUTES:
            expected = table.get(name, (None,) * len(personas))
            response = client.get(urls[name])
            answered = _answer(response)
            if answered != expected[index]:
                mismatches[f"{name} as {who}"] = (answered, expected[index])
            if response.streaming:
                b"".join(response.streaming_content)
            elif response.status_code == 200:
                body = response.content.decode("utf-8", "replace")
                leaks += [
                    f"{name} shows “{secret}” to {who}"
                    for secret, allowed in SECRETS.items()
                    if who not in allowed and secret in body
                ]
    return mismatches, leaks


@pytest.mark.integration
def test_route_matrix(scenario, signed_in):
    mismatches, leaks = _open_every_route(
        scenario, signed_in, PERSONAS, {name: expected for name, (_build, expected) in ROUTES.items()}
    )
    assert mismatches == {}
    assert leaks == []


@pytest.mark.integration
def test_route_matrix_of_the_commune_officers(scenario, signed_in):
    mismatches, leaks = _open_every_route(scenario, signed_in, COMMUNE_PERSONAS, COMMUNE_ROUTES)
    assert mismatches == {}
    assert leaks == []


ADMIN_SAMPLE = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:accounts_user_add",
    "admin:core_auditentry_changelist",
    "admin:support_supportgrant_changelist",
]


@pytest.mark.parametrize("name", ADMIN_SAMPLE)
def test_admin_sends_every_persona_to_its_sign_in(scenario, signed_in, name):
    answers = {who: _answer(signed_in(who).get(reverse(name))) for who in PERSONAS}
    assert answers == dict(zip(PERSONAS, NAMESPACE_RULES["admin"], strict=True))


def test_admin_opens_for_a_superuser(client, db):
    from ocop_portal.testing.factories import UserFactory

    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert [client.get(reverse(name)).status_code for name in ADMIN_SAMPLE] == [200] * len(ADMIN_SAMPLE)


def test_media_never_serves_evidence_or_reports(scenario, client, district_officer):
    """The files exist on disk, yet no media URL reaches them, signed in or not."""
    stored = [scenario["evidence"].file, scenario["report"].pdf]
    client.force_login(district_officer)
    answers = [(f.storage.exists(f.name), client.get(f"/media/{f.name}").status_code) for f in stored]
    assert (answers, scenario["photo"].image.url.startswith("/media/products/")) == ([(True, 404)] * 2, True)


def test_evidence_is_downloaded_as_an_attachment_that_is_not_sniffed(scenario, client, district_officer):
    client.force_login(district_officer)
    url = reverse(
        "evaluation:evidence_download", kwargs={"pk": scenario["draft"].pk, "evidence_pk": scenario["evidence"].pk}
    )
    response = client.get(url)
    b"".join(response.streaming_content)
    assert (
        response.status_code,
        response["Content-Disposition"].startswith("attachment"),
        response["X-Content-Type-Options"],
    ) == (200, True, "nosniff")
