"""Who may write what through the API: every write endpoint the API gained for issue 23, per
persona, on the shared scenario. The body is empty, so a persona the endpoint lets through gets
400 (its input checked, nothing written) or the read-back of a no-op; a persona it refuses gets
403 (sees the object, may not act) or 404 (does not see it). Refusal always comes before input
checking, so these answers say who may act, not what they sent.
"""

import pytest
from rest_framework.test import APIClient

from .route_matrix import PERSONAS, producer_user, row

# (method, path builder, expected status per persona in PERSONAS order)
WRITES = {
    "round-create": ("post", lambda s: "/api/v1/rounds/", row(401, 403, 403, 403, 403, 403, 403, 400)),
    "round-update": (
        "patch",
        lambda s: f"/api/v1/rounds/{s['round'].pk}/",
        row(401, 403, 403, 403, 403, 404, 404, 200),
    ),
    "round-deadlines": (
        "put",
        lambda s: f"/api/v1/rounds/{s['round'].pk}/deadlines/",
        row(401, 403, 403, 403, 403, 404, 404, 400),
    ),
    "round-transition": (
        "post",
        lambda s: f"/api/v1/rounds/{s['round'].pk}/transition/",
        row(401, 403, 403, 403, 403, 404, 404, 400),
    ),
    "grant-approve": (
        "post",
        lambda s: f"/api/v1/grants/{s['grant'].pk}/approve/",
        row(401, 403, 404, 403, 404, 403, 403, 400),
    ),
    "grant-refuse": (
        "post",
        lambda s: f"/api/v1/grants/{s['grant'].pk}/refuse/",
        row(401, 403, 404, 403, 404, 403, 403, 400),
    ),
    "grant-disburse": (
        "post",
        lambda s: f"/api/v1/grants/{s['approved_grant'].pk}/disburse/",
        row(401, 403, 404, 403, 404, 403, 403, 400),
    ),
    "account-invite": ("post", lambda s: "/api/v1/accounts/", row(401, 403, 403, 403, 403, 403, 403, 400)),
    "account-update": (
        "patch",
        lambda s: f"/api/v1/accounts/{producer_user(s)['pk']}/",
        row(401, 403, 403, 403, 403, 403, 403, 200),
    ),
    "account-deactivate": (
        "post",
        lambda s: f"/api/v1/accounts/{producer_user(s)['pk']}/deactivate/",
        row(401, 403, 403, 403, 403, 403, 403, 200),
    ),
    # sign-up decisions belong to the producer's commune officer, not in PERSONAS: 403 for all
    # (api/tests/test_signups.py covers the commune officers)
    "producer-signup-confirm": (
        "post",
        lambda s: f"/api/v1/producer-signups/{s['signup'].pk}/confirm/",
        row(401, 403, 403, 403, 403, 403, 403, 403),
    ),
    "producer-signup-reject": (
        "post",
        lambda s: f"/api/v1/producer-signups/{s['signup'].pk}/reject/",
        row(401, 403, 403, 403, 403, 403, 403, 403),
    ),
    # an empty body changes nothing: staff read their province's rules back
    "council-rules-province": (
        "patch",
        lambda s: "/api/v1/council-rules/",
        row(401, 403, 403, 403, 403, 403, 403, 200),
    ),
    "council-create": ("post", lambda s: "/api/v1/councils/", row(401, 403, 403, 400, 400, 403, 403, 400)),
    "council-rules": (
        "post",
        lambda s: f"/api/v1/councils/{s['council'].pk}/rules/",
        row(401, 404, 404, 200, 404, 403, 404, 200),
    ),
    "council-member-add": (
        "post",
        lambda s: f"/api/v1/councils/{s['council'].pk}/members/",
        row(401, 404, 404, 400, 404, 403, 404, 400),
    ),
    # The district officer removes the seat; its member, asked next, no longer sees the council.
    "council-member-remove": (
        "post",
        lambda s: f"/api/v1/councils/{s['council'].pk}/members/{s['seat'].pk}/remove/",
        row(401, 404, 404, 200, 404, 404, 404, 400),
    ),
    # the Art. 12.3 extension: the matrix's certificate does not qualify, so staff get the reason
    "certificate-extend": (
        "post",
        lambda s: f"/api/v1/certificates/{s['certificate'].pk}/extend/",
        row(401, 403, 404, 403, 404, 404, 404, 400),
    ),
    "certificate-revoke": (
        "post",
        lambda s: f"/api/v1/certificates/{s['certificate'].pk}/revoke/",
        row(401, 403, 404, 403, 404, 404, 404, 400),
    ),
    "certificate-revoke-bulk": (
        "post",
        lambda s: "/api/v1/certificates/revoke/",
        row(401, 403, 403, 403, 403, 403, 403, 400),
    ),
    "dossier-central-outcome": (
        "post",
        lambda s: f"/api/v1/dossiers/{s['draft'].pk}/central-outcome/",
        row(401, 403, 404, 403, 404, 404, 404, 400),
    ),
    "inspection-plan-create": (
        "post",
        lambda s: "/api/v1/inspection-plans/",
        row(401, 403, 403, 403, 403, 403, 403, 400),
    ),
    "inspection-create": ("post", lambda s: "/api/v1/inspections/", row(401, 403, 403, 403, 403, 403, 403, 400)),
    **{
        f"inspection-{name}": (
            "post",
            lambda s, tail=tail: f"/api/v1/inspections/{s['inspection'].pk}/{tail(s)}",
            row(401, 403, 404, 403, 403, 403, 403, 400),
        )
        for name, tail in (
            ("findings", lambda s: "findings/"),
            ("conclude", lambda s: "conclude/"),
            ("link-report", lambda s: "link-report/"),
            ("finding-revoke", lambda s: f"findings/{s['finding'].pk}/revoke/"),
        )
    },
    # the province's steps: the advisory team (staff here), the 5★ dossier (staff only)
    "dossier-advisory": (
        "post",
        lambda s: f"/api/v1/dossiers/{s['draft'].pk}/advisory/",
        row(401, 403, 404, 403, 404, 404, 404, 400),
    ),
    "dossier-five-star-approve": (
        "post",
        lambda s: f"/api/v1/dossiers/{s['draft'].pk}/five-star/approve/",
        row(401, 403, 404, 403, 404, 404, 404, 400),
    ),
    "dossier-five-star-send": (
        "post",
        lambda s: f"/api/v1/dossiers/{s['draft'].pk}/five-star/send/",
        row(401, 403, 404, 403, 404, 404, 404, 400),
    ),
    "assignment-close": (
        "post",
        lambda s: f"/api/v1/assignments/{s['open'].pk}/close/",
        row(401, 404, 404, 400, 404, 403, 404, 400),
    ),
}


@pytest.mark.parametrize("endpoint", list(WRITES))
def test_api_write_matrix(scenario, persona, endpoint):
    method, path, expected = WRITES[endpoint]
    answers = {}
    for who in PERSONAS:
        client = APIClient()
        user = persona(who)
        if user is not None:
            client.force_authenticate(user)
        answers[who] = getattr(client, method)(path(scenario), {}, format="json").status_code
    assert answers == dict(zip(PERSONAS, expected, strict=True))
