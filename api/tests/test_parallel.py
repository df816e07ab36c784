"""Parallel API clients over real connections (a live server, one database connection per request
thread): dossiers created, filled, submitted and accepted side by side, councils assigned, members
scoring, sessions closed and decisions recorded at once — and the same step raced twice.

No answer may be a 5xx; a genuine conflict (the same step twice at once) answers 4xx and changes
nothing; at the end every dossier went through each state exactly once and the audit chain holds.
"""

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import OperationalError

from api.exceptions import exception_handler
from api.services import api_token_create
from evaluation.enums import AssignmentState, DossierState, MemberRole
from evaluation.models import Certificate, CouncilAssignment, Decision, Dossier, DossierTransition
from evaluation.tests.factories import RoundFactory, build_sheet
from evaluation.tests.test_councils import make_council
from ocop_portal.core.services import audit_chain_first_broken
from ocop_portal.testing import factories as f

from .test_flow import REGISTRATION

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCTS = 12
CLIENTS = 8
# 60 points: 1.1 → 10 (the 3★ mark), 4.1 → 15, 6.1 → 35 — a 3★ result the district decides.
CARD = {"1.1": "10.00", "4.1": "15.00", "6.1": "35.00"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(output, format="PNG")
    return output.getvalue()


class Api:
    """A program's HTTP client for one user; every answer is kept for the 5xx check."""

    answers: list = []
    lock = threading.Lock()

    def __init__(self, base: str, user):
        _token, key = api_token_create(user=user, name="parallel")
        self.base = base
        self.headers = {"Authorization": f"Token {key}"}

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        response = requests.request(method, self.base + path, headers=self.headers, timeout=60, **kwargs)
        with Api.lock:
            Api.answers.append((method, path, response.status_code, response.text[:300]))
        return response

    def ok(self, method: str, path: str, status: int = 200, **kwargs) -> dict:
        response = self.call(method, path, **kwargs)
        assert response.status_code == status, (method, path, response.status_code, response.text[:500])
        return response.json()


def in_parallel(calls) -> list:
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(call) for call in calls]
        return [future.result() for future in futures]


def prepare_and_submit(officer: Api, product_id: int, round_id: int) -> int:
    dossier = officer.ok("POST", "/api/v1/dossiers/", 201, json={"product": product_id, "round": round_id})
    sheet = officer.ok("GET", f"/api/v1/dossiers/{dossier['id']}/sheet/")
    answers = [{"criterion": c["id"], "option": c["options"][-1]["id"]} for c in sheet]
    dossier = officer.ok(
        "PATCH",
        f"/api/v1/dossiers/{dossier['id']}/",
        json={"version": dossier["version"], "registration": REGISTRATION, "self_assessment": {"answers": answers}},
    )
    for kind, name, content in (("business_registration", "dkkd.pdf", PDF), ("photos", "anh.png", _png())):
        officer.ok(
            "POST",
            f"/api/v1/dossiers/{dossier['id']}/evidence/",
            201,
            data={"evidence_type": kind},
            files={"file": (name, content)},
        )
    assert officer.ok("POST", f"/api/v1/dossiers/{dossier['id']}/submit/")["state"] == "submitted"
    assert officer.ok("POST", f"/api/v1/dossiers/{dossier['id']}/accept/", json={})["state"] == "accepted"
    return dossier["id"]


def score(member: Api, assignment_id: int) -> None:
    member.ok("POST", f"/api/v1/assignments/{assignment_id}/declare/", 201, json={"has_conflict": False})
    card = member.ok("GET", f"/api/v1/assignments/{assignment_id}/scorecard/")
    answers = [
        {
            "criterion": c["id"],
            "option": next(o["id"] for o in c["options"] if o["points"] == CARD[c["code"]]),
            "comment": "Chưa đạt mức tối đa",
        }
        for c in card["criteria"]
    ]
    member.ok("POST", f"/api/v1/assignments/{assignment_id}/scorecard/answers/", json={"answers": answers})
    assert member.ok("POST", f"/api/v1/assignments/{assignment_id}/scorecard/submit/")["state"] == "submitted"


def race(first, second) -> list[int]:
    """The same step twice at once: the status codes of both answers, sorted."""
    barrier = threading.Barrier(2)

    def go(call):
        barrier.wait()
        return call().status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        return sorted(pool.map(go, (first, second)))


def test_parallel_clients_get_no_5xx_and_leave_a_consistent_state(
    live_server, province, district, commune, district_officer, province_staff
):
    Api.answers = []
    product_set = f.ProductSetFactory()
    build_sheet(product_set=product_set)
    round_obj = RoundFactory(province=province, year=2026, number=1)
    council, members = make_council(
        province=province, jurisdiction=district, roles=(MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER)
    )
    products = [
        f.ProductFactory(producer=f.ProducerFactory(commune=commune), product_set=product_set, name=f"Sản phẩm {n}")
        for n in range(PRODUCTS)
    ]
    base = live_server.url
    officer, staff = Api(base, district_officer), Api(base, province_staff)
    member_clients = [Api(base, m.user) for m in members]

    # Dossiers opened, filled, submitted and accepted side by side (the round row is shared).
    dossier_ids = in_parallel([lambda p=p: prepare_and_submit(officer, p.pk, round_obj.pk) for p in products])

    # One council session per dossier, assigned at once; one dossier assigned twice at once.
    *alone, raced = dossier_ids
    assigned = in_parallel(
        [
            lambda d=d: officer.ok("POST", f"/api/v1/councils/{council.pk}/assign/", 201, json={"dossiers": [d]})
            for d in alone
        ]
    )
    codes = race(
        lambda: officer.call("POST", f"/api/v1/councils/{council.pk}/assign/", json={"dossiers": [raced]}),
        lambda: staff.call("POST", f"/api/v1/councils/{council.pk}/assign/", json={"dossiers": [raced]}),
    )
    assert codes[0] == 201 and 400 <= codes[1] < 500, codes
    assignment_ids = [a[0]["id"] for a in assigned] + [CouncilAssignment.objects.get(dossier_id=raced).pk]

    # Every member scores every dossier, all at once.
    in_parallel([lambda m=m, a=a: score(m, a) for m in member_clients for a in assignment_ids])

    # Each session closed twice at once, by the officer and by province staff.
    for assignment_id in assignment_ids[:3]:
        codes = race(
            lambda a=assignment_id: officer.call("POST", f"/api/v1/assignments/{a}/close/"),
            lambda a=assignment_id: staff.call("POST", f"/api/v1/assignments/{a}/close/"),
        )
        assert codes[0] == 200 and 400 <= codes[1] < 500, codes
    in_parallel([lambda a=a: officer.ok("POST", f"/api/v1/assignments/{a}/close/") for a in assignment_ids[3:]])

    # District decisions recorded at once, one per dossier; one dossier decided twice at once.
    def decide(client: Api, number: str, dossier_id: int) -> requests.Response:
        return client.call(
            "POST",
            "/api/v1/decisions/",
            json={
                "issuer_unit": district.pk,
                "level": "district",
                "number": number,
                "date": "2026-10-30",
                "signer": "Nguyễn Văn Ký",
                "authority": "UBND huyện Yên Thế",
                "items": [{"dossier": dossier_id, "stars": 3}],
            },
        )

    *alone, raced = dossier_ids
    answers = in_parallel([lambda d=d: decide(officer, f"{d}/QĐ-UBND", d) for d in alone])
    assert [a.status_code for a in answers] == [201] * len(alone), [a.text[:300] for a in answers]
    codes = race(lambda: decide(officer, "A/QĐ-UBND", raced), lambda: decide(staff, "B/QĐ-UBND", raced))
    assert codes[0] == 201 and 400 <= codes[1] < 500, codes

    server_errors = [answer for answer in Api.answers if answer[2] >= 500]
    assert server_errors == []
    assert len(Api.answers) > 200
    dossiers = Dossier.objects.filter(pk__in=dossier_ids)
    assert sorted(dossiers.values_list("state", flat=True)) == [DossierState.DECIDED] * PRODUCTS
    path = ["submitted", "accepted", "in_scoring", "scored", "decided"]
    for dossier_id in dossier_ids:
        states = list(
            DossierTransition.objects.filter(dossier_id=dossier_id)
            .order_by("at", "id")
            .values_list("to_state", flat=True)
        )
        assert states == path, (dossier_id, states)
    assert (
        CouncilAssignment.objects.filter(dossier_id__in=dossier_ids, state=AssignmentState.CLOSED).count() == PRODUCTS
    )
    assert Decision.objects.count() == PRODUCTS
    assert sorted(Certificate.objects.values_list("dossier_id", flat=True)) == sorted(dossier_ids)
    assert audit_chain_first_broken() is None


class _PostgresError(Exception):
    def __init__(self, pgcode):
        super().__init__(pgcode)
        self.pgcode = pgcode


@pytest.mark.parametrize("pgcode", ["40P01", "40001", "55P03"])
def test_a_transaction_postgresql_gave_up_answers_409_with_retry(pgcode):
    error = OperationalError("deadlock detected")
    error.__cause__ = _PostgresError(pgcode)
    response = exception_handler(error, {})
    assert (response.status_code, response.data["retry"], response["Retry-After"]) == (409, True, "1")


def test_any_other_database_failure_is_not_called_retryable():
    error = OperationalError("server closed the connection")
    error.__cause__ = _PostgresError("08006")
    assert exception_handler(error, {}) is None
