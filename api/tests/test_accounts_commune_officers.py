"""Commune officers in account management (issues 16 and 23): province staff bind the role to a
commune of today's map inside their province, through the pages and the API, and never reach a
commune officer of another province."""

import datetime

import pytest
from django.urls import reverse

from ocop_portal.accounts.models import User
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db

REFORM = datetime.date(2025, 7, 1)


@pytest.fixture
def commune_2025(province):
    """A commune of the 2025 map: it answers to the province, no district."""
    return f.CommuneFactory(parent=province, code="07300", name="Xã Yên Thế", valid_from=REFORM)


@pytest.fixture
def ended_commune(district):
    """A commune the 2025 reform ended."""
    return f.CommuneFactory(
        parent=district, code="07249", name="Xã Tam Hiệp", valid_until=REFORM - datetime.timedelta(1)
    )


@pytest.fixture
def other_province_commune(db):
    return f.CommuneFactory(
        parent=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"), code="08200", name="Xã Thanh Sơn", valid_from=REFORM
    )


def test_staff_invite_a_commune_officer_of_a_2025_commune(client, province_staff, commune_2025):
    client.force_login(province_staff)
    response = client.post(
        reverse("accounts:manage_invite"),
        {"username": "xa_yenthe", "email": "xa@example.vn", "officer_commune": commune_2025.pk},
    )
    user = User.objects.get(username="xa_yenthe")
    assert response.status_code == 302
    assert user.officer_commune == commune_2025
    entry = AuditEntry.objects.get(action="account.invite", object_id=str(user.pk))
    assert entry.changes == {"officer_commune": ["", str(commune_2025.pk)]}
    listing = client.get(reverse("accounts:manage_list")).content.decode()
    assert "Cán bộ xã — Xã Yên Thế" in listing


def test_the_form_offers_the_province_s_communes_of_today_s_map_only(
    client, province_staff, commune, commune_2025, ended_commune, other_province_commune
):
    client.force_login(province_staff)
    form = client.get(reverse("accounts:manage_invite")).context["form"]
    assert set(form.fields["officer_commune"].queryset) == {commune, commune_2025}
    # Each option names the unit above it: commune names repeat across provinces.
    labels = {label for _, label in form.fields["officer_commune"].choices}
    assert {"Xã Yên Thế — Tỉnh Bắc Giang", "Xã Đồng Tiến — Huyện Yên Thế"} <= labels


@pytest.mark.parametrize("which", ["ended_commune", "other_province_commune"])
def test_the_api_refuses_a_commune_outside_the_province_or_off_today_s_map(api, province_staff, request, which):
    target = request.getfixturevalue(which)
    refused = api(province_staff).post(
        "/api/v1/accounts/", {"username": "x1", "email": "x@example.vn", "officer_commune": target.pk}, format="json"
    )
    assert refused.status_code == 400, refused.content
    message = " ".join(refused.json()["officer_commune"])
    expected = "không còn trên bản đồ" if which == "ended_commune" else "trong tỉnh của bạn"
    assert expected in message
    assert not User.objects.filter(username="x1").exists()


def test_a_superuser_may_bind_any_province_s_commune_but_not_an_ended_one(api, other_province_commune, ended_commune):
    admin = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    created = api(admin).post(
        "/api/v1/accounts/",
        {"username": "xa_pt", "email": "pt@example.vn", "officer_commune": other_province_commune.pk},
        format="json",
    )
    assert created.status_code == 201 and created.json()["officer_commune"] == other_province_commune.pk
    refused = api(admin).post(
        "/api/v1/accounts/",
        {"username": "xa_th", "email": "th@example.vn", "officer_commune": ended_commune.pk},
        format="json",
    )
    assert refused.status_code == 400 and "officer_commune" in refused.json()


def test_a_binding_made_before_the_reform_is_kept_when_the_account_is_edited(client, province_staff, ended_commune):
    officer = f.UserFactory(username="xa_cu", email="cu@example.vn", officer_commune=ended_commune)
    client.force_login(province_staff)
    url = reverse("accounts:manage_edit", args=[officer.pk])
    page = client.get(url)
    assert page.context["form"].initial["officer_commune"] == ended_commune.pk
    response = client.post(
        url, {"email": "cu@example.vn", "full_name": "Cán bộ xã cũ", "officer_commune": ended_commune.pk}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.full_name, officer.officer_commune) == ("Cán bộ xã cũ", ended_commune)


def test_staff_see_and_manage_their_commune_officers_and_never_another_province_s(
    api, client, province_staff, commune_2025, other_province_commune
):
    ours = f.UserFactory(username="xa_ours", officer_commune=commune_2025)
    theirs = f.UserFactory(username="xa_theirs", officer_commune=other_province_commune)
    listed = api(province_staff).get("/api/v1/accounts/", {"officer_commune": commune_2025.pk}).json()
    assert [a["username"] for a in listed["results"]] == ["xa_ours"]
    assert (
        api(province_staff).get("/api/v1/accounts/", {"officer_commune": other_province_commune.pk}).json()["results"]
        == []
    )
    assert api(province_staff).get(f"/api/v1/accounts/{theirs.pk}/").status_code == 404
    client.force_login(province_staff)
    assert client.get(reverse("accounts:manage_edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("accounts:manage_edit", args=[ours.pk])).status_code == 200
    # Moving our officer to another province's commune is refused and changes nothing.
    moved = api(province_staff).patch(
        f"/api/v1/accounts/{ours.pk}/", {"officer_commune": other_province_commune.pk}, format="json"
    )
    assert moved.status_code == 400
    assert User.objects.get(pk=ours.pk).officer_commune == commune_2025
