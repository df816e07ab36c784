"""Councils through the API (issue 23): set up within the manager's area, seat and remove members
with the council services' rules; removed members no longer count."""

import pytest

from evaluation.enums import MemberRole
from evaluation.models import Council, CouncilMember
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db

COUNCIL = {"level": "district", "name": "Hội đồng OCOP huyện Yên Thế", "term_start": "2026-01-01"}


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_a_district_officer_sets_up_and_seats_their_district_s_council(api, district, other_district, district_officer):
    officer = api(district_officer)
    assert (
        officer.post("/api/v1/councils/", {**COUNCIL, "jurisdiction": other_district.pk}, format="json").status_code
        == 403
    )
    council = ok(officer.post("/api/v1/councils/", {**COUNCIL, "jurisdiction": district.pk}, format="json"), 201)
    assert (council["jurisdiction"], council["member_count"]) == (district.pk, 0)

    url = f"/api/v1/councils/{council['id']}/members/"
    people = [f.UserFactory(username=f"tv{n}") for n in range(3)]
    chair = ok(officer.post(url, {"user": people[0].pk, "role": "chair"}, format="json"), 201)
    second_chair = officer.post(url, {"user": people[1].pk, "role": "chair"}, format="json")
    assert second_chair.status_code == 400 and "role" in second_chair.json()
    ok(officer.post(url, {"user": people[1].pk, "role": "member", "order": 1}, format="json"), 201)
    assert officer.post(url, {"user": people[1].pk}, format="json").status_code == 400
    assert [(m["user"], m["role"], m["active"]) for m in ok(officer.get(url))] == [
        (people[0].pk, MemberRole.CHAIR, True),
        (people[1].pk, MemberRole.MEMBER, True),
    ]

    removed = ok(officer.post(f"{url}{chair['id']}/remove/", {"note": "Chuyển công tác"}, format="json"))
    assert removed["active"] is False
    assert officer.post(f"{url}{chair['id']}/remove/", {}, format="json").status_code == 400
    ok(officer.post(url, {"user": people[2].pk, "role": "chair"}, format="json"), 201)
    assert ok(officer.get(f"/api/v1/councils/{council['id']}/"))["member_count"] == 2
    assert list(
        AuditEntry.objects.filter(object_id=str(council["id"]), action__startswith="council.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "council.created",
        "council.member_added",
        "council.member_added",
        "council.member_removed",
        "council.member_added",
    ]


def test_no_one_seats_members_on_a_council_outside_their_area(api, district, other_district_officer, council_member):
    council = Council.objects.create(
        province=district.parent,
        level="district",
        jurisdiction=district,
        name="Hội đồng Yên Thế",
        term_start="2026-01-01",
    )
    seat = CouncilMember.objects.create(council=council, user=council_member, role=MemberRole.MEMBER)
    url = f"/api/v1/councils/{council.pk}/members/"
    assert api(other_district_officer).post(url, {"user": council_member.pk}, format="json").status_code == 404
    # A member sees the council but may not change it.
    assert api(council_member).post(f"{url}{seat.pk}/remove/", {}, format="json").status_code == 403
    assert CouncilMember.objects.get(pk=seat.pk).active is True


def test_council_rules_within_the_floors_a_district_only_tighter(api, district, district_officer, province_staff):
    council = ok(
        api(district_officer).post("/api/v1/councils/", {**COUNCIL, "jurisdiction": district.pk}, format="json"), 201
    )
    url = f"/api/v1/councils/{council['id']}/rules/"
    tighter = ok(api(district_officer).post(url, {"quorum_ratio": "0.800", "max_spread": "8.00"}, format="json"))
    assert (tighter["quorum_ratio"], tighter["max_spread"]) == ("0.800", "8.00")
    looser = api(district_officer).post(url, {"max_spread": "12.00"}, format="json")
    assert looser.status_code == 400 and "max_spread" in looser.json()
    below_floor = api(province_staff).post(url, {"min_members": 2}, format="json")
    assert below_floor.status_code == 400 and "min_members" in below_floor.json()
    assert ok(api(province_staff).post(url, {"max_spread": "12.00"}, format="json"))["max_spread"] == "12.00"
    assert Council.objects.get(pk=council["id"]).min_members == 3
