"""Each row lock of the support services, shown by the race it prevents: the first call's
transaction is held open until the second call waits on a lock (ocop_portal.testing.concurrency),
the moment a missing select_for_update would let the second act on what it read before."""

import datetime

import pytest

from ocop_portal.testing import factories as f
from ocop_portal.testing.concurrency import second_waits_for_first
from support import services
from support.models import AwardPolicy, BudgetLine, SupportGrant

from .factories import ApprovedGrantFactory, BudgetLineFactory, SupportGrantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"
DECIDED = {"decision_number": "15/QĐ-SNN", "decision_date": datetime.date(2024, 4, 1)}


def test_lowering_the_allocation_while_a_grant_is_approved_cannot_leave_the_line_overspent():
    staff = f.UserFactory(username="staff-a")
    line = BudgetLineFactory(allocated_amount=100_000_000)
    grant = SupportGrantFactory(budget_line=line, producer__province=line.province, amount=80_000_000)

    approve, lower = second_waits_for_first(
        lambda: services.grant_approve(grant=grant, by=staff, **DECIDED),
        lambda: services.budget_line_update(line=line, by=staff, allocated_amount=50_000_000),
    )

    assert (approve.kind, lower.kind) == ("ok", "refused")
    assert lower.value.message_dict == {"allocated_amount": [f"Số phân bổ thấp hơn số đã cam kết 30.000.000{NBSP}đ"]}
    assert BudgetLine.objects.get(pk=line.pk).allocated_amount == 100_000_000


def test_two_grants_raised_at_once_cannot_overspend_the_line():
    staff = f.UserFactory(username="staff-a")
    line = BudgetLineFactory(allocated_amount=100_000_000)
    first, second = (
        ApprovedGrantFactory(budget_line=line, producer__province=line.province, amount=40_000_000) for _ in range(2)
    )

    raise_first, raise_second = second_waits_for_first(
        lambda: services.grant_change_amount(grant=first, amount=60_000_000, by=staff),
        lambda: services.grant_change_amount(grant=second, amount=60_000_000, by=staff),
    )

    assert (raise_first.kind, raise_second.kind) == ("ok", "refused")
    assert raise_second.messages == [f"Vượt số còn lại của dòng ngân sách 20.000.000{NBSP}đ"]
    assert sorted(SupportGrant.objects.values_list("amount", flat=True)) == [40_000_000, 60_000_000]


def test_two_award_amounts_saved_at_once_are_both_kept():
    """Two staff change different amounts of the year's policy at the same time: the second
    starts from the first's row, so neither change is lost."""
    staff = f.UserFactory(username="staff-a")
    province = f.ProvinceFactory()
    services.award_policy_save(province=province, year=2024, by=staff, amounts={"first_3_stars": 50_000_000})

    first, second = second_waits_for_first(
        lambda: services.award_policy_save(
            province=province, year=2024, by=staff, amounts={"first_4_stars": 150_000_000}
        ),
        lambda: services.award_policy_save(
            province=province, year=2024, by=staff, amounts={"upgrade_4_stars": 100_000_000}
        ),
    )

    assert (first.kind, second.kind) == ("ok", "ok")
    policy = AwardPolicy.objects.get(province=province, year=2024)
    assert (policy.first_3_stars, policy.first_4_stars, policy.upgrade_4_stars) == (
        50_000_000,
        150_000_000,
        100_000_000,
    )
