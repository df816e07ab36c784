"""Who manages a budget line, an award policy and a grant, person by person (docs/mutation.md):
the province's staff, the same role in another province, the staff of a province this one was
merged into, a district officer, a producer user, a user with no role, the anonymous visitor,
and no object at all."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ocop_portal.testing import factories as f
from support.models import AwardPolicy
from support.rules import is_staff_of_grant_province, is_staff_of_object_province

from .factories import BudgetLineFactory, SupportGrantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(province_staff, district_officer, producer, plain_user):
    elsewhere = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    return {
        "staff": province_staff,
        "staff_elsewhere": f.UserFactory(username="staff-bn", staff_province=elsewhere),
        "officer": district_officer,
        "producer": producer,
        "plain": plain_user,
        "anonymous": AnonymousUser(),
    }


def _who(predicate, people, obj) -> set[str]:
    return {name for name, user in people.items() if predicate.test(user, obj)}


def test_a_line_and_an_award_policy_are_their_provinces_staffs(people, province):
    line = BudgetLineFactory(province=province)
    policy = AwardPolicy(province=province, year=2025)

    assert _who(is_staff_of_object_province, people, line) == {"staff"}
    assert _who(is_staff_of_object_province, people, policy) == {"staff"}


def test_a_grant_is_the_staffs_of_its_lines_province(people, province, producer_record):
    grant = SupportGrantFactory(producer=producer_record, budget_line=BudgetLineFactory(province=province))

    assert _who(is_staff_of_grant_province, people, grant) == {"staff"}


def test_a_grant_on_another_provinces_line_is_that_provinces_staffs(people, producer_record):
    """The line decides, not the producer: a Bắc Giang producer paid from a Bắc Ninh line."""
    elsewhere = people["staff_elsewhere"].staff_province
    grant = SupportGrantFactory(producer=producer_record, budget_line=BudgetLineFactory(province=elsewhere))

    assert _who(is_staff_of_grant_province, people, grant) == {"staff_elsewhere"}


def test_the_merged_provinces_staff_manage_the_carried_provinces_money(people, province, producer_record):
    elsewhere = people["staff_elsewhere"].staff_province
    province.carried_into = elsewhere
    province.save(update_fields=["carried_into"])
    line = BudgetLineFactory(province=province)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line)

    assert _who(is_staff_of_object_province, people, line) == {"staff", "staff_elsewhere"}
    assert _who(is_staff_of_grant_province, people, grant) == {"staff", "staff_elsewhere"}


@pytest.mark.parametrize("predicate", [is_staff_of_object_province, is_staff_of_grant_province])
def test_no_object_is_nobodys(people, predicate):
    assert _who(predicate, people, None) == set()
