"""The account pages of province staff (issue 23): invite, edit roles, deactivate — within their
province only, audited, with the same services as the API."""

import pytest
from django.core import mail
from django.urls import reverse

from ocop_portal.accounts.models import User
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


def test_staff_invite_a_producer_user_from_the_page(
    client, province_staff, producer_record, django_capture_on_commit_callbacks
):
    client.force_login(province_staff)
    form = client.get(reverse("accounts:manage_invite"))
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:manage_invite"),
            {
                "username": "htx_moi",
                "email": "htx@example.vn",
                "full_name": "Trần Thị Hoa",
                "producer": producer_record.pk,
            },
        )
    user = User.objects.get(username="htx_moi")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:manage_edit", args=[user.pk])
    assert (user.producer_membership.producer, user.has_usable_password()) == (producer_record, False)
    assert [m.to for m in mail.outbox] == [["htx@example.vn"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_the_invite_form_offers_only_the_province_s_units(client, province_staff, district):
    elsewhere = f.DistrictFactory(
        parent=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"), code="227", name="Huyện Thanh Sơn"
    )
    client.force_login(province_staff)
    form = client.get(reverse("accounts:manage_invite")).context["form"]
    assert list(form.fields["officer_district"].queryset) == [district]
    refused = client.post(
        reverse("accounts:manage_invite"), {"username": "x", "email": "x@example.vn", "officer_district": elsewhere.pk}
    )
    assert refused.status_code == 200 and "officer_district" in refused.context["form"].errors
    assert not User.objects.filter(username="x").exists()


def test_staff_deactivate_from_the_page_and_never_reach_another_province(client, province_staff, district_officer):
    stranger = f.UserFactory(username="pt", staff_province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))
    client.force_login(province_staff)
    listing = client.get(reverse("accounts:manage_list"))
    assert {a.username for a in listing.context["page"]} == {province_staff.username, district_officer.username}
    assert client.get(reverse("accounts:manage_edit", args=[stranger.pk])).status_code == 404
    assert client.post(reverse("accounts:manage_active", args=[stranger.pk]), {"active": "0"}).status_code == 404
    client.post(
        reverse("accounts:manage_active", args=[district_officer.pk]), {"active": "0", "note": "Chuyển công tác"}
    )
    assert User.objects.get(pk=district_officer.pk).is_active is False
    assert User.objects.get(pk=stranger.pk).is_active is True
    assert list(AuditEntry.objects.filter(action="account.deactivate").values_list("note", flat=True)) == [
        "Chuyển công tác"
    ]


def test_editing_roles_on_the_page(client, province_staff, district_officer, other_district):
    client.force_login(province_staff)
    url = reverse("accounts:manage_edit", args=[district_officer.pk])
    page = client.get(url)
    assert page.context["form"].initial["officer_district"] == district_officer.officer_district_id
    client.post(url, {"email": "cb@example.vn", "full_name": "Cán bộ Lục Ngạn", "officer_district": other_district.pk})
    district_officer.refresh_from_db()
    assert (district_officer.officer_district, district_officer.full_name) == (other_district, "Cán bộ Lục Ngạn")


@pytest.mark.parametrize("extra", [1, 20])
def test_the_account_list_costs_the_same_queries_at_any_size(
    client, province_staff, district, producer_record, django_assert_num_queries, extra
):
    for n in range(extra):
        f.UserFactory(username=f"cb{n}", officer_district=district)
        f.ProducerMembershipFactory(user=f.UserFactory(username=f"ct{n}"), producer=producer_record)
    client.force_login(province_staff)
    # The page's chrome (session, user, the menu's roles) plus a count and one page of accounts
    # with their roles joined: the same at 3 accounts as at 41.
    with django_assert_num_queries(5):
        assert client.get(reverse("accounts:manage_list")).status_code == 200
