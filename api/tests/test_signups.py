"""Producer sign-up through the API (issue 17 point 2, issue 23): the public request answers the
same whatever was given and shares the page's hourly allowance; the officer of the producer's
commune lists, confirms (an account bound to the producer, a set-password mail) or refuses with a
reason; nobody else sees or decides."""

import pytest
from django.core import mail
from django.core.cache import cache

from ocop_portal.accounts.models import User
from products.enums import SignupState
from products.models import ProducerMembership, ProducerSignup

pytestmark = pytest.mark.django_db
URL = "/api/v1/public/producer-signups/"


@pytest.fixture(autouse=True)
def _fresh_allowance():
    cache.clear()


def ask(api, province, number, email="lan@htx.example.vn"):
    return api(None).post(
        URL,
        {"province": province.pk, "registration_number": number, "full_name": "Nguyễn Thị Lan", "email": email},
        format="json",
    )


def test_the_answer_is_the_same_whatever_was_given(api, province, producer_record):
    known = ask(api, province, f" {producer_record.registration_number.lower()} ")
    unknown = ask(api, province, "9999999999", email="ai@example.vn")
    assert (known.status_code, unknown.status_code) == (202, 202)
    assert known.json() == unknown.json()
    assert list(ProducerSignup.objects.values_list("producer", "email", "state")) == [
        (producer_record.pk, "lan@htx.example.vn", SignupState.PENDING)
    ]


def test_bad_input_is_a_400_and_keeps_nothing(api, province, producer_record):
    answer = api(None).post(
        URL,
        {"province": province.pk, "registration_number": "x" * 31, "full_name": "", "email": "not-an-address"},
        format="json",
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"registration_number", "full_name", "email"}
    assert not ProducerSignup.objects.exists()


def test_the_api_shares_the_pages_hourly_allowance(api, province, producer_record, settings, client):
    settings.OCOP_SIGNUPS_PER_HOUR = 2
    form = {"province": province.pk, "registration_number": "1", "full_name": "A", "email": "a@example.vn"}
    assert client.post("/registry/signup/", form).status_code == 302  # the page's first
    assert ask(api, province, "2").status_code == 202  # the second, through the API
    refused = ask(api, province, producer_record.registration_number)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert not ProducerSignup.objects.exists()


@pytest.fixture
def pending(api, province, producer_record):
    ask(api, province, producer_record.registration_number)
    return ProducerSignup.objects.get()


def test_the_commune_officer_confirms_and_the_account_is_bound(
    api, pending, commune_officer, producer_record, django_capture_on_commit_callbacks
):
    officer = api(commune_officer)
    listed = officer.get("/api/v1/producer-signups/", {"state": "pending"}).json()["results"]
    assert [(r["id"], r["registration_number"], r["account"]) for r in listed] == [
        (pending.pk, producer_record.registration_number, None)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        answer = officer.post(f"/api/v1/producer-signups/{pending.pk}/confirm/", format="json")
    assert answer.status_code == 200, answer.content
    assert (answer.json()["state"], answer.json()["account"]) == ("confirmed", "lan@htx.example.vn")
    user = User.objects.get(username="lan@htx.example.vn")
    assert ProducerMembership.objects.get(user=user).producer == producer_record
    assert not user.has_usable_password()
    assert mail.outbox[-1].to == ["lan@htx.example.vn"] and "/accounts/" in mail.outbox[-1].body
    again = officer.post(f"/api/v1/producer-signups/{pending.pk}/confirm/", format="json")
    assert again.status_code == 400 and "đã được xử lý" in str(again.json())
    assert officer.get("/api/v1/producer-signups/", {"state": "pending"}).json()["results"] == []


def test_a_refusal_needs_its_reason(api, pending, commune_officer, django_capture_on_commit_callbacks):
    officer = api(commune_officer)
    empty = officer.post(f"/api/v1/producer-signups/{pending.pk}/reject/", {"reason": "  "}, format="json")
    assert empty.status_code == 400 and "reason" in empty.json()
    assert ProducerSignup.objects.get().state == SignupState.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        answer = officer.post(
            f"/api/v1/producer-signups/{pending.pk}/reject/", {"reason": "Không phải thành viên HTX"}, format="json"
        )
    assert (answer.status_code, answer.json()["state"]) == (200, "rejected")
    assert "Không phải thành viên HTX" in mail.outbox[-1].body
    assert not User.objects.filter(email="lan@htx.example.vn").exists()


def test_only_the_producers_commune_sees_and_decides(
    api, pending, other_commune_officer, district_officer, province_staff, producer
):
    sibling = api(other_commune_officer)
    assert sibling.get("/api/v1/producer-signups/").json()["results"] == []
    assert sibling.get(f"/api/v1/producer-signups/{pending.pk}/").status_code == 404
    assert sibling.post(f"/api/v1/producer-signups/{pending.pk}/confirm/").status_code == 404
    for user in (district_officer, province_staff, producer):
        assert api(user).post(f"/api/v1/producer-signups/{pending.pk}/confirm/").status_code == 403
    assert api(None).get("/api/v1/producer-signups/").status_code == 401
    assert ProducerSignup.objects.get().state == SignupState.PENDING


def test_the_list_reads_a_constant_number_of_queries(api, commune_officer, producer_record, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ocop_portal.testing import factories as f

    officer = api(commune_officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert officer.get("/api/v1/producer-signups/").status_code == 200
        return len(queries)

    def request(n, confirmed):
        producer = f.ProducerFactory(commune=commune)
        user = f.UserFactory(username=f"lan{n}") if confirmed else None
        state = SignupState.CONFIRMED if confirmed else SignupState.PENDING
        ProducerSignup.objects.create(producer=producer, full_name="Lan", email=f"lan{n}@x.vn", state=state, user=user)

    request(0, confirmed=True)
    count()  # warm the caches
    one = count()
    for n in range(1, 25):
        request(n, confirmed=n % 2 == 0)
    assert count() == one
