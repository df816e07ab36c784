"""Issue 18 (High 2, the part left): council rules are the province's. Its staff keep one table of
rules within the legal floors; every new council starts from it; a district council may only be
stricter, and when the province tightens its rules the looser district councils follow, so the
next closing counts by them. Pages and API, by role and province."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluation.enums import Level
from evaluation.models import Council, ProvinceCouncilRules
from evaluation.services.councils import (
    assignment_close,
    council_assign,
    council_create,
    council_rules_change,
    province_council_rules,
    province_council_rules_set,
)
from evaluation.tests.test_councils import P55, accepted_dossier, make_council, score
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


def _create(by, unit, **rules):
    return council_create(
        province=unit.parent or unit,
        level=Level.DISTRICT if unit.parent_id else Level.PROVINCE,
        jurisdiction=unit,
        name="HĐ OCOP",
        term_start=datetime.date(2026, 1, 1),
        by=by,
        **rules,
    )


def test_without_a_table_the_province_has_the_defaults(province):
    assert province_council_rules(province.pk) == {
        "quorum_ratio": D("0.75"),
        "min_members": 3,
        "max_spread": D("10"),
    }


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        ({"quorum_ratio": D("0.749")}, "quorum_ratio"),
        ({"quorum_ratio": D("1.001")}, "quorum_ratio"),
        ({"min_members": 2}, "min_members"),
        ({"max_spread": D("-0.01")}, "max_spread"),
    ],
)
def test_the_province_stays_within_the_legal_floors(province, province_staff, rules, field):
    with pytest.raises(ValidationError) as error:
        province_council_rules_set(province=province, by=province_staff, **rules)
    assert set(error.value.message_dict) == {field}
    assert not ProvinceCouncilRules.objects.exists()


def test_the_floors_themselves_are_accepted_and_audited(province, province_staff):
    row = province_council_rules_set(
        province=province, by=province_staff, quorum_ratio=D("0.75"), min_members=3, max_spread=D("0")
    )
    assert (row.quorum_ratio, row.min_members, row.max_spread) == (D("0.75"), 3, D("0"))
    entry = AuditEntry.objects.filter(action="council.province_rules_changed").get()
    assert entry.changes == {"max_spread": ["10.00", "0.00"]}


def test_only_the_provinces_own_staff_set_them(province, district_officer, commune_officer, producer):
    other_staff = f.UserFactory(username="staff-x", staff_province=f.ProvinceFactory(code="99", name="Tỉnh Khác"))
    for user in (other_staff, district_officer, commune_officer, producer):
        with pytest.raises(PermissionDenied):
            province_council_rules_set(province=province, by=user, min_members=5)
    assert not ProvinceCouncilRules.objects.exists()


def test_a_new_council_starts_from_the_provinces_rules(province, district, province_staff, district_officer):
    province_council_rules_set(province=province, by=province_staff, quorum_ratio=D("0.8"), min_members=5)
    for council in (_create(province_staff, province), _create(district_officer, district)):
        assert (council.quorum_ratio, council.min_members, council.max_spread) == (D("0.8"), 5, D("10"))


@pytest.mark.parametrize(
    ("rules", "allowed"),
    [
        ({"quorum_ratio": D("0.8")}, True),
        ({"quorum_ratio": D("0.799")}, False),
        ({"min_members": 5}, True),
        ({"min_members": 4}, False),
        ({"max_spread": D("8")}, True),
        ({"max_spread": D("8.01")}, False),
    ],
)
def test_a_district_council_keeps_within_the_provinces_rules(
    province, district, province_staff, district_officer, rules, allowed
):
    province_council_rules_set(
        province=province, by=province_staff, quorum_ratio=D("0.8"), min_members=5, max_spread=D("8")
    )
    if allowed:
        assert _create(district_officer, district, **rules)
    else:
        with pytest.raises(ValidationError) as error:
            _create(district_officer, district, **rules)
        assert set(error.value.message_dict) == set(rules)
        assert not Council.objects.exists()


def test_tightening_brings_the_looser_district_councils_up(
    province, district, other_district, province_staff, district_officer
):
    loose = _create(province_staff, district, max_spread=D("12"))
    strict = _create(district_officer, district, min_members=6, max_spread=D("5"))
    provincial = _create(province_staff, province, quorum_ratio=D("0.75"))
    province_council_rules_set(province=province, by=province_staff, quorum_ratio=D("0.9"), max_spread=D("9"))
    rules = {c.pk: (c.quorum_ratio, c.min_members, c.max_spread) for c in Council.objects.all()}
    assert rules == {
        loose.pk: (D("0.9"), 3, D("9")),
        strict.pk: (D("0.9"), 6, D("5")),
        provincial.pk: (D("0.75"), 3, D("10")),  # the province's own act set it
    }
    entry = AuditEntry.objects.filter(action="council.rules_changed", object_id=str(loose.pk)).get()
    assert entry.changes == {"quorum_ratio": ["0.750", "0.900"], "max_spread": ["12.00", "9.00"]}


def test_a_merged_provinces_staff_loosen_a_carried_council_as_its_own_a_district_officer_does_not(
    province, district, district_officer
):
    merged = f.ProvinceFactory(code="99", name="Tỉnh Hợp Nhất")
    province.carried_into = merged
    province.save(update_fields=["carried_into"])
    merged_staff = f.UserFactory(username="staff-merged", staff_province=merged)
    council, _members = make_council(province=province, jurisdiction=district)
    council_rules_change(council=council, by=district_officer, min_members=5)

    with pytest.raises(ValidationError):
        council_rules_change(council=council, by=district_officer, min_members=4)
    changed = council_rules_change(council=council, by=merged_staff, min_members=3)

    assert changed.min_members == 3


def test_the_next_closing_counts_by_the_provinces_rules(province, district, commune, province_staff, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    for member in members[:3]:
        score(assignment, member, P55)
    province_council_rules_set(province=province, by=province_staff, min_members=4, quorum_ratio=D("1"))
    with pytest.raises(ValidationError):
        assignment_close(assignment=assignment, by=district_officer)
    score(assignment, members[3], P55)
    assignment_close(assignment=assignment, by=district_officer)


# --- the page ---------------------------------------------------------------------------------


def test_staff_change_the_rules_on_the_page(client_for, province, province_staff):
    client = client_for(province_staff)
    url = reverse("evaluation:council_rules")
    page = client.get(url).content.decode()
    assert "75\u00a0%" in page and 'name="min_members"' in page
    refused = client.post(url, {"quorum_ratio": "0.7", "min_members": "3", "max_spread": "10"})
    assert refused.status_code == 200 and "Tỷ lệ tối thiểu phải từ 0,75 đến 1" in refused.content.decode()
    assert not ProvinceCouncilRules.objects.exists()
    saved = client.post(url, {"quorum_ratio": "0.8", "min_members": "4", "max_spread": "10"})
    assert saved.status_code == 302
    assert "80\u00a0%" in client.get(url).content.decode()


def test_district_officers_read_and_nobody_else_writes(
    client_for, province, province_staff, district_officer, producer, commune_officer
):
    url = reverse("evaluation:council_rules")
    page = client_for(district_officer).get(url)
    assert page.status_code == 200 and 'name="min_members"' not in page.content.decode()
    assert client_for(district_officer).post(url, {"min_members": "9"}).status_code == 403
    for user in (producer, commune_officer):
        assert client_for(user).get(url).status_code == 403
    assert not ProvinceCouncilRules.objects.exists()


def test_the_create_form_starts_from_the_provinces_rules(client_for, province, province_staff):
    province_council_rules_set(province=province, by=province_staff, min_members=7)
    page = client_for(province_staff).get(reverse("evaluation:council_create")).content.decode()
    assert 'name="min_members" value="7"' in page


# --- the API ----------------------------------------------------------------------------------


def test_the_api_reads_and_changes_them(api_client_for, province, province_staff, district_officer, producer):
    staff = api_client_for(province_staff)
    assert staff.get("/api/v1/council-rules/").json() == {
        "province": province.pk,
        "quorum_ratio": "0.750",
        "min_members": 3,
        "max_spread": "10.00",
    }
    below = staff.patch("/api/v1/council-rules/", {"quorum_ratio": "0.5"}, format="json")
    assert below.status_code == 400 and "quorum_ratio" in below.json()
    changed = staff.patch("/api/v1/council-rules/", {"min_members": 5}, format="json")
    assert (changed.status_code, changed.json()["min_members"]) == (200, 5)
    officer = api_client_for(district_officer)
    assert officer.get("/api/v1/council-rules/").json()["min_members"] == 5
    assert officer.patch("/api/v1/council-rules/", {"min_members": 9}, format="json").status_code == 403
    assert api_client_for(producer).get("/api/v1/council-rules/").status_code == 403
    assert ProvinceCouncilRules.objects.get().min_members == 5


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def test_changing_nothing_writes_nothing(province, province_staff):
    province_council_rules_set(province=province, by=province_staff, min_members=3, max_spread=D("10.00"))
    assert not ProvinceCouncilRules.objects.exists()
    assert not AuditEntry.objects.filter(action="council.province_rules_changed").exists()
