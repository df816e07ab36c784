"""Who may sit on a council (issue 18, Medium 3): members from the council's jurisdiction, never a
producer's account or the superuser; the member form finds people by search, within the area."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.enums import Level, MemberRole
from evaluation.models import CouncilMember
from evaluation.services.councils import conflict_flags, council_member_add
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory
from evaluation.tests.test_councils import accepted_dossier, make_council
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(province, district):
    return CouncilFactory(province=province, jurisdiction=district, level=Level.DISTRICT)


@pytest.fixture
def provincial_council(province):
    return CouncilFactory(province=province, jurisdiction=province, level=Level.PROVINCE)


def _elsewhere():
    """A user of another province: seated on its council."""
    province = f.ProvinceFactory(code="01", name="Thành phố Hà Nội")
    user = f.UserFactory(username="hanoi")
    CouncilMemberFactory(
        council=CouncilFactory(province=province, jurisdiction=province, level=Level.PROVINCE), user=user
    )
    return user


REFUSED = {
    "producer": "Tài khoản của chủ thể sản xuất không thể làm thành viên Hội đồng.",
    "other_producer": "Tài khoản của chủ thể sản xuất không thể làm thành viên Hội đồng.",
    "superuser": "Tài khoản này không thể làm thành viên Hội đồng.",
    "other_district_officer": "Người này không thuộc địa bàn của Hội đồng.",
    "other_province_staff": "Người này không thuộc địa bàn của Hội đồng.",
    "elsewhere": "Người này không thuộc địa bàn của Hội đồng.",
}


@pytest.fixture
def seat_persona(persona):
    def resolve(name):
        if name == "superuser":
            return f.UserFactory(username="root", is_superuser=True, is_staff=True)
        if name == "other_province_staff":
            return f.UserFactory(username="staff-hn", staff_province=f.ProvinceFactory(code="01", name="Hà Nội"))
        if name == "elsewhere":
            return _elsewhere()
        return persona(name)

    return resolve


@pytest.mark.parametrize("who", sorted(REFUSED))
def test_a_user_from_outside_the_jurisdiction_is_never_seated(council, district_officer, seat_persona, who):
    with pytest.raises(ValidationError) as error:
        council_member_add(council=council, user=seat_persona(who), role=MemberRole.MEMBER, by=district_officer)
    assert error.value.message_dict == {"user": [REFUSED[who]]}
    assert not council.members.exists()


@pytest.mark.parametrize("who", ["district_officer", "province_staff", "plain_user"])
def test_the_jurisdictions_people_and_the_offices_experts_are_seated(council, district_officer, persona, who):
    member = council_member_add(council=council, user=persona(who), role=MemberRole.MEMBER, by=district_officer)
    assert member.user == persona(who)


@pytest.mark.parametrize(("who", "allowed"), [("district_officer", True), ("other_district_officer", True)])
def test_a_provincial_council_takes_officers_of_any_district_of_the_province(
    provincial_council, province_staff, persona, who, allowed
):
    member = council_member_add(
        council=provincial_council, user=persona(who), role=MemberRole.MEMBER, by=province_staff
    )
    assert member.council == provincial_council


def test_a_seated_producer_account_is_flagged_as_a_conflict(province, district, commune, district_officer, producer):
    """A seat taken before the rule (or an account linked to a producer afterwards)."""
    council, members = make_council(province=province, jurisdiction=district)
    CouncilMember.objects.filter(pk=members[3].pk).update(user=producer)
    members[3].refresh_from_db()
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council.assignments.create(dossier=dossier, level=Level.DISTRICT)
    assert conflict_flags(assignment, members[3]) == ["Thành viên có tài khoản của chủ thể “HTX Gà đồi Yên Thế”."]


def test_the_member_form_lists_nobody_without_a_search(client_for, council, district_officer, other_district_officer):
    f.UserFactory(username="xa-la", full_name="Cán bộ Người Lạ")
    page = client_for(district_officer).get(reverse("evaluation:council_member_add", args=[council.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Cán bộ Lục Ngạn" not in body and "Cán bộ Người Lạ" not in body and "<code>" not in body


def test_the_member_search_finds_only_the_councils_area(
    client_for, council, district_officer, other_district_officer, province_staff, producer
):
    f.UserFactory(username="can-bo-xa-la", full_name="Cán bộ Người Lạ")
    root = f.UserFactory(username="can-bo-root", full_name="Cán bộ Quản trị", is_superuser=True)
    url = reverse("evaluation:council_member_add", args=[council.pk])
    body = client_for(district_officer).get(url, {"q": "Cán bộ"}).content.decode()
    found = set(re.findall(r"<code>([^<]*)</code>", body))
    assert found == {"officer", "staff"}  # not officer2, can-bo-xa-la, the superuser or the producer
    assert root.username not in body


def test_the_member_is_added_by_username_and_refused_outside(client_for, council, district_officer, producer):
    client = client_for(district_officer)
    url = reverse("evaluation:council_member_add", args=[council.pk])
    refused = client.post(url, {"username": "producer", "role": MemberRole.MEMBER, "order": 0})
    assert refused.status_code == 200
    assert "Tài khoản của chủ thể sản xuất không thể làm thành viên Hội đồng." in refused.content.decode()
    unknown = client.post(url, {"username": "khong-co", "role": MemberRole.MEMBER, "order": 0})
    assert "Không có tài khoản với tên đăng nhập này." in unknown.content.decode()
    assert not CouncilMember.objects.exists()
    added = client.post(url, {"username": "officer", "role": MemberRole.CHAIR, "order": 0})
    assert added.status_code == 302
    assert list(CouncilMember.objects.values_list("user__username", "role")) == [("officer", MemberRole.CHAIR)]
