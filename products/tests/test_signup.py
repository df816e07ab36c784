"""Sign-up by business registration number: the public request (one answer whatever was given,
rate-limited), the commune officer's confirmation or refusal (own commune only), the audit."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop_portal.core.models import AuditEntry, Notification
from ocop_portal.testing import factories as f
from products.enums import SignupState
from products.models import ProducerMembership, ProducerSignup
from products.services.signup import signup_confirm, signup_reject

pytestmark = pytest.mark.django_db


def _request(province, number, **overrides):
    return {
        "province": province.pk,
        "registration_number": number,
        "full_name": "Nguyễn Thị Lan",
        "position": "Giám đốc",
        "email": "lan@htx.example.vn",
        "phone": "0912 000 111",
        **overrides,
    }


def _post(client, data):
    return client.post(reverse("products:signup"), data, follow=True)


@pytest.fixture
def signup(producer_record, client, province):
    _post(client, _request(province, producer_record.registration_number))
    return ProducerSignup.objects.get()


def test_a_known_number_reaches_the_commune_officer(
    producer_record, province, client, commune_officer, other_commune_officer
):
    response = _post(client, _request(province, f" {producer_record.registration_number.lower()} "))
    assert response.redirect_chain[-1][0] == reverse("products:signup_done")
    signup = ProducerSignup.objects.get()
    assert (signup.producer, signup.state, signup.email) == (producer_record, SignupState.PENDING, "lan@htx.example.vn")
    assert Notification.objects.filter(
        recipient=commune_officer, url=reverse("products:signup_decide", args=[signup.pk])
    ).exists()
    assert not Notification.objects.filter(recipient=other_commune_officer).exists()
    assert AuditEntry.objects.filter(action="producer.signup_requested", object_id=str(signup.pk)).exists()
    assert mail.outbox == []  # nothing tells the requester, before the commune decides, that the number is known


def test_the_answer_is_the_same_for_an_unknown_number_or_another_province(producer_record, province, client):
    known = _post(client, _request(province, producer_record.registration_number))
    unknown = _post(client, _request(province, "9999999999", email="other@example.vn"))
    elsewhere = _post(
        client, _request(f.ProvinceFactory(code="01", name="Thành phố Hà Nội"), producer_record.registration_number)
    )
    assert known.redirect_chain == unknown.redirect_chain == elsewhere.redirect_chain
    pages = [re.sub(r'value="[^"]{32,}"', "", r.content.decode()) for r in (known, unknown, elsewhere)]
    assert pages[0] == pages[1] == pages[2]
    assert ProducerSignup.objects.count() == 1


def test_a_repeated_request_waits_once(producer_record, province, client):
    for _n in range(2):
        _post(client, _request(province, producer_record.registration_number, email="LAN@htx.example.vn"))
    _post(client, _request(province, producer_record.registration_number))
    assert ProducerSignup.objects.count() == 1


def test_requests_are_rate_limited_per_address(producer_record, province, client, settings):
    settings.OCOP_SIGNUPS_PER_HOUR = 5
    codes = [
        client.post(reverse("products:signup"), _request(province, "000", email=f"a{n}@example.vn")).status_code
        for n in range(6)
    ]
    assert codes == [302, 302, 302, 302, 302, 429]
    response = client.post(reverse("products:signup"), _request(province, producer_record.registration_number))
    assert response.status_code == 429 and "quá nhiều đề nghị" in response.content.decode()
    assert ProducerSignup.objects.count() == 0


def test_bad_input_is_refused_and_nothing_is_written(producer_record, province, client):
    response = client.post(
        reverse("products:signup"),
        _request(province, producer_record.registration_number, email="không-phải-thư", full_name="x" * 151),
    )
    assert response.status_code == 200
    assert "Nhập địa chỉ email hợp lệ." in response.content.decode() or "email" in response.content.decode()
    assert ProducerSignup.objects.count() == 0


def test_a_signed_in_user_is_sent_home(producer, client_for):
    assert client_for(producer).get(reverse("products:signup")).url == reverse("core:home")


def test_the_sign_in_page_links_the_sign_up(client):
    assert reverse("products:signup") in client.get(reverse("accounts:login")).content.decode()


# The commune's decision -------------------------------------------------------------------------------


def test_confirming_binds_a_new_account_to_the_producer(
    signup, commune_officer, client_for, producer_record, django_capture_on_commit_callbacks
):
    assert not ProducerMembership.objects.filter(producer=producer_record).exists()  # nothing to file with yet
    client = client_for(commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("products:signup_decide", args=[signup.pk]), {"decision": "confirm"})
    assert response.url == reverse("products:signup_list")
    signup.refresh_from_db()
    user = signup.user
    assert (signup.state, signup.decided_by, user.username, user.email) == (
        SignupState.CONFIRMED,
        commune_officer,
        "lan@htx.example.vn",
        "lan@htx.example.vn",
    )
    assert not user.has_usable_password()
    assert user.producer_membership.producer == producer_record
    link = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "X", "token": "Y"}).split("X/")[0]
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body and mail.outbox[0].to == ["lan@htx.example.vn"]
    assert AuditEntry.objects.filter(action="producer.signup_confirmed", object_id=str(signup.pk)).exists()
    # the new producer user may now open a dossier for its products
    assert client_for(user).get(reverse("evaluation:dossier_create")).status_code == 200


def test_refusing_needs_a_reason_that_the_requester_receives(
    signup, commune_officer, client_for, django_capture_on_commit_callbacks
):
    client = client_for(commune_officer)
    url = reverse("products:signup_decide", args=[signup.pk])
    response = client.post(url, {"decision": "reject", "reason": "  "})
    assert "Hãy ghi rõ lý do không xác nhận." in response.content.decode()
    assert ProducerSignup.objects.get().state == SignupState.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "reject", "reason": "Người đề nghị không phải thành viên HTX"})
    signup.refresh_from_db()
    assert (signup.state, signup.reason, signup.user) == (
        SignupState.REJECTED,
        "Người đề nghị không phải thành viên HTX",
        None,
    )
    assert "Người đề nghị không phải thành viên HTX" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="producer.signup_rejected", object_id=str(signup.pk)).exists()


def test_an_email_with_an_account_is_not_taken_over(signup, commune_officer):
    f.UserFactory(username="lan", email="LAN@htx.example.vn")
    with pytest.raises(ValidationError, match="đã có tài khoản"):
        signup_confirm(signup=signup, by=commune_officer, base_url="https://ocop.example.vn")
    assert ProducerSignup.objects.get().state == SignupState.PENDING
    assert not ProducerMembership.objects.filter(producer=signup.producer).exists()


def test_a_decided_request_cannot_be_decided_again(signup, commune_officer):
    signup_reject(signup=signup, by=commune_officer, reason="Sai người")
    with pytest.raises(ValidationError, match="đã được xử lý"):
        signup_confirm(signup=signup, by=commune_officer, base_url="https://ocop.example.vn")


def test_only_the_officer_of_the_producers_commune_decides(
    signup, other_commune_officer, district_officer, province_staff, producer, client_for
):
    with pytest.raises(PermissionDenied):
        signup_confirm(signup=signup, by=other_commune_officer, base_url="https://ocop.example.vn")
    with pytest.raises(PermissionDenied):
        signup_reject(signup=signup, by=province_staff, reason="x")
    url = reverse("products:signup_decide", args=[signup.pk])
    assert client_for(other_commune_officer).get(url).status_code == 404
    assert (
        "Nguyễn Thị Lan" not in client_for(other_commune_officer).get(reverse("products:signup_list")).content.decode()
    )
    for user in (district_officer, province_staff, producer):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).get(reverse("products:signup_list")).status_code == 403
    assert ProducerSignup.objects.get().state == SignupState.PENDING


def test_the_list_queries_do_not_grow_with_requests(commune, commune_officer, client_for, province, client):
    def request_for_new_producer(n):
        producer = f.ProducerFactory(commune=commune)
        client.post(
            reverse("products:signup"), _request(province, producer.registration_number, email=f"p{n}@example.vn")
        )

    request_for_new_producer(0)
    officer = client_for(commune_officer)
    officer.get(reverse("products:signup_list"))
    with CaptureQueriesContext(connection) as one:
        officer.get(reverse("products:signup_list"))
    client.logout()
    for n in range(1, 4):
        request_for_new_producer(n)
    officer = client_for(commune_officer)
    with CaptureQueriesContext(connection) as four:
        response = officer.get(reverse("products:signup_list"))
    assert response.content.decode().count("signups/") >= 4
    assert len(four) == len(one)
