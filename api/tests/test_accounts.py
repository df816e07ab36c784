"""Accounts through the API (issue 23): province staff invite, bind and deactivate their own
province's users and no one else's; superusers anyone's. Audited; refused changes write nothing."""

import re

import pytest
from django.core import mail

from ocop_portal.accounts.models import User
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from products.models import ProducerMembership

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def elsewhere(db):
    """Another province, its district, its staff and its officer."""
    province = f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ")
    district = f.DistrictFactory(parent=province, code="227", name="Huyện Thanh Sơn")
    return {
        "province": province,
        "district": district,
        "staff": f.UserFactory(username="staff_pt", staff_province=province),
        "officer": f.UserFactory(username="officer_pt", officer_district=district),
        "producer": f.ProducerFactory(commune=f.CommuneFactory(parent=district, code="08100")),
    }


def test_staff_invite_an_officer_who_sets_a_password_from_the_e_mail(
    api, client, province_staff, district, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = ok(
            api(province_staff).post(
                "/api/v1/accounts/",
                {
                    "username": "huyen_moi",
                    "email": "huyen.moi@example.vn",
                    "full_name": "Lê Văn Mới",
                    "officer_district": district.pk,
                },
                format="json",
            ),
            201,
        )
    assert (created["officer_district"], created["has_password"], created["is_active"]) == (district.pk, False, True)
    assert [message.to for message in mail.outbox] == [["huyen.moi@example.vn"]]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Gà-đồi-2026!", "new_password2": "Gà-đồi-2026!"})
    assert done.status_code == 302
    assert User.objects.get(username="huyen_moi").check_password("Gà-đồi-2026!")
    assert client.get(link, follow=True).context["validlink"] is False
    entry = AuditEntry.objects.get(action="account.invite")
    assert (entry.actor, entry.changes) == (province_staff, {"officer_district": ["", str(district.pk)]})


@pytest.mark.parametrize("field", ["staff_province", "officer_district", "producer"])
def test_staff_never_bind_a_role_in_another_province(api, province_staff, elsewhere, field):
    target = {"staff_province": "province", "officer_district": "district", "producer": "producer"}[field]
    answer = api(province_staff).post(
        "/api/v1/accounts/",
        {"username": "ngoai_tinh", "email": "x@example.vn", field: elsewhere[target].pk},
        format="json",
    )
    assert answer.status_code == 400 and field in answer.json()
    assert not User.objects.filter(username="ngoai_tinh").exists()
    assert not AuditEntry.objects.filter(action__startswith="account.").exists()


def test_staff_see_and_change_only_their_province_s_accounts(
    api, province_staff, district_officer, producer, elsewhere
):
    staff = api(province_staff)
    superuser = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    listed = {a["username"] for a in ok(staff.get("/api/v1/accounts/"))["results"]}
    assert listed == {province_staff.username, district_officer.username, producer.username}
    for stranger in (elsewhere["staff"], elsewhere["officer"], superuser):
        assert staff.patch(f"/api/v1/accounts/{stranger.pk}/", {"full_name": "X"}, format="json").status_code == 404
        assert staff.post(f"/api/v1/accounts/{stranger.pk}/deactivate/", {}, format="json").status_code == 404
    assert User.objects.get(pk=elsewhere["officer"].pk).is_active


def test_roles_are_changed_within_the_province_and_never_all_removed(
    api, province_staff, district_officer, other_district, producer_record, elsewhere
):
    staff = api(province_staff)
    url = f"/api/v1/accounts/{district_officer.pk}/"
    moved = ok(staff.patch(url, {"officer_district": other_district.pk, "producer": producer_record.pk}, format="json"))
    assert (moved["officer_district"], moved["producer"]) == (other_district.pk, producer_record.pk)
    assert ProducerMembership.objects.get(user=district_officer).producer == producer_record
    assert list(AuditEntry.objects.filter(action="account.update").values_list("changes", flat=True)) == [
        {
            "officer_district": [str(district_officer.officer_district_id), str(other_district.pk)],
            "producer": ["", str(producer_record.pk)],
        }
    ]
    # Without any role or seat the account would leave the province's view: refused, unchanged.
    emptied = staff.patch(url, {"officer_district": None, "producer": None}, format="json")
    assert emptied.status_code == 400 and "non_field_errors" in emptied.json()
    assert User.objects.get(pk=district_officer.pk).officer_district == other_district
    assert api(elsewhere["staff"]).get(url).status_code == 404


def test_a_deactivated_account_s_api_key_stops_working(api, province_staff, district_officer):
    officer = api(district_officer)
    assert officer.get("/api/v1/dossiers/").status_code == 200
    deactivated = ok(
        api(province_staff).post(
            f"/api/v1/accounts/{district_officer.pk}/deactivate/", {"note": "Nghỉ hưu"}, format="json"
        )
    )
    assert deactivated["is_active"] is False
    assert officer.get("/api/v1/dossiers/").status_code == 401
    assert (
        api(province_staff).post(f"/api/v1/accounts/{province_staff.pk}/deactivate/", {}, format="json").status_code
        == 400
    )
    ok(api(province_staff).post(f"/api/v1/accounts/{district_officer.pk}/activate/", {}, format="json"))
    assert officer.get("/api/v1/dossiers/").status_code == 200
    assert list(
        AuditEntry.objects.filter(action__startswith="account.").order_by("id").values_list("action", "note")
    ) == [
        ("account.deactivate", "Nghỉ hưu"),
        ("account.activate", ""),
    ]


def test_a_council_member_invited_without_a_role_is_the_province_s_once_seated(
    api, province, district, province_staff, elsewhere
):
    created = ok(
        api(province_staff).post(
            "/api/v1/accounts/", {"username": "chuyen_gia", "email": "cg@example.vn"}, format="json"
        ),
        201,
    )
    assert (created["staff_province"], created["officer_district"], created["producer"]) == (None, None, None)
    url = f"/api/v1/accounts/{created['id']}/"
    assert api(province_staff).get(url).status_code == 404
    council = ok(
        api(province_staff).post(
            "/api/v1/councils/",
            {"level": "district", "jurisdiction": district.pk, "name": "Hội đồng Yên Thế", "term_start": "2026-01-01"},
            format="json",
        ),
        201,
    )
    ok(
        api(province_staff).post(f"/api/v1/councils/{council['id']}/members/", {"user": created["id"]}, format="json"),
        201,
    )
    assert ok(api(province_staff).get(url))["username"] == "chuyen_gia"
    assert api(elsewhere["staff"]).get(url).status_code == 404


def test_a_superuser_binds_province_staff_anywhere(api, elsewhere):
    root = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    created = ok(
        api(root).post(
            "/api/v1/accounts/",
            {"username": "so_pt", "email": "so@example.vn", "staff_province": elsewhere["province"].pk},
            format="json",
        ),
        201,
    )
    assert created["staff_province"] == elsewhere["province"].pk
    wrong_level = api(root).post(
        "/api/v1/accounts/",
        {"username": "sai", "email": "s@example.vn", "staff_province": elsewhere["district"].pk},
        format="json",
    )
    assert wrong_level.status_code == 400


@pytest.mark.parametrize("who", ["district_officer", "producer", "plain_user"])
def test_only_province_staff_and_superusers_manage_accounts(api, persona, district, who):
    client = api(persona(who))
    assert client.get("/api/v1/accounts/").status_code == 403
    invite = {"username": "x1", "email": "x@example.vn", "officer_district": district.pk}
    assert client.post("/api/v1/accounts/", invite, format="json").status_code == 403
    assert not User.objects.filter(username="x1").exists()
