"""Support money rules from both sides of each boundary: an allocation down to exactly what is
committed, a line placed in a district only when all its grants are there, a payment on the
decision day itself."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from support import services
from support.models import BudgetLine, Disbursement

from .factories import ApprovedGrantFactory, BudgetLineFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def test_budget_line_allocation_down_to_exactly_the_committed_amount_is_kept(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=80_000_000)

    services.budget_line_update(line=line, by=province_staff, allocated_amount=80_000_000)
    assert BudgetLine.objects.get(pk=line.pk).allocated_amount == 80_000_000

    with pytest.raises(ValidationError) as refused:
        services.budget_line_update(line=line, by=province_staff, allocated_amount=79_999_999)
    assert refused.value.message_dict == {"allocated_amount": [f"Số phân bổ thấp hơn số đã cam kết 1{NBSP}đ"]}


def test_budget_line_moves_to_a_district_only_when_its_grants_are_all_there(
    province_staff, district, other_district, producer_record
):
    line = BudgetLineFactory(province=producer_record.province)
    ApprovedGrantFactory(producer=producer_record, budget_line=line)  # a producer of `district`

    with pytest.raises(ValidationError) as refused:
        services.budget_line_update(line=line, by=province_staff, district=other_district)
    assert refused.value.message_dict == {
        "district": ["Dòng ngân sách đã có khoản hỗ trợ cho chủ thể ngoài huyện này."]
    }
    assert BudgetLine.objects.get(pk=line.pk).district is None

    services.budget_line_update(line=line, by=province_staff, district=district)
    assert BudgetLine.objects.get(pk=line.pk).district == district


@pytest.mark.parametrize(
    ("paid_on", "accepted"), [(datetime.date(2024, 4, 1), True), (datetime.date(2024, 3, 31), False)]
)
def test_a_payment_may_be_made_on_the_decision_day_not_before(province_staff, paid_on, accepted):
    grant = ApprovedGrantFactory(decision_date=datetime.date(2024, 4, 1), amount=10_000_000)
    if accepted:
        services.disbursement_create(grant=grant, by=province_staff, paid_on=paid_on, amount=1_000_000)
    else:
        with pytest.raises(ValidationError):
            services.disbursement_create(grant=grant, by=province_staff, paid_on=paid_on, amount=1_000_000)
    assert list(Disbursement.objects.filter(grant=grant).values_list("paid_on", flat=True)) == (
        [paid_on] if accepted else []
    )
