import datetime

import pytest
from django.core.exceptions import ValidationError

from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from support import services
from support.enums import FundingSource, GrantState, SupportCategory
from support.models import BudgetLine, Disbursement, SupportGrant

from .factories import ApprovedGrantFactory, BudgetLineFactory, DisbursementFactory, SupportGrantFactory

NBSP = "\u00a0"
DECIDED = {"decision_number": "2121/QĐ-UBND", "decision_date": datetime.date(2021, 10, 22)}


def messages_of(error: ValidationError) -> list[str]:
    return error.messages


def test_grant_approve_within_remaining_commits_the_money(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line, amount=60_000_000)

    services.grant_approve(grant=grant, by=province_staff, **DECIDED)

    grant.refresh_from_db()
    assert (grant.state, grant.decision_number, grant.decision_date) == (
        GrantState.APPROVED,
        "2121/QĐ-UBND",
        datetime.date(2021, 10, 22),
    )
    entry = AuditEntry.objects.get(action="support.grant_approved")
    assert entry.changes == {
        "decision_number": ["", "2121/QĐ-UBND"],
        "decision_date": ["", "2021-10-22"],
        "state": ["proposed", "approved"],
    }


def test_grant_approve_beyond_remaining_is_refused_saying_by_how_much(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=70_000_000)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line, amount=42_500_000)

    with pytest.raises(ValidationError) as refused:
        services.grant_approve(grant=grant, by=province_staff, **DECIDED)

    assert messages_of(refused.value) == [f"Vượt số còn lại của dòng ngân sách 12.500.000{NBSP}đ"]
    grant.refresh_from_db()
    assert (grant.state, grant.decision_number) == (GrantState.PROPOSED, "")


def test_grant_approve_at_a_raised_amount_is_checked_against_the_line(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=50_000_000)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line, amount=40_000_000)

    with pytest.raises(ValidationError) as refused:
        services.grant_approve(grant=grant, by=province_staff, amount=50_000_001, **DECIDED)

    assert messages_of(refused.value) == [f"Vượt số còn lại của dòng ngân sách 1{NBSP}đ"]


def test_cancelled_and_proposed_grants_do_not_count_against_the_line(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=50_000_000)
    SupportGrantFactory(producer=producer_record, budget_line=line, amount=50_000_000)
    SupportGrantFactory(producer=producer_record, budget_line=line, amount=50_000_000, state=GrantState.CANCELLED)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line, amount=50_000_000)

    services.grant_approve(grant=grant, by=province_staff, **DECIDED)

    assert SupportGrant.objects.get(pk=grant.pk).state == GrantState.APPROVED


def test_grant_change_amount_raising_beyond_the_line_is_refused(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=60_000_000)
    grant = ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=30_000_000)

    with pytest.raises(ValidationError) as refused:
        services.grant_change_amount(grant=grant, amount=52_500_000, by=province_staff)

    assert messages_of(refused.value) == [f"Vượt số còn lại của dòng ngân sách 12.500.000{NBSP}đ"]
    assert SupportGrant.objects.get(pk=grant.pk).amount == 30_000_000


def test_grant_change_amount_within_the_line_is_saved(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    grant = ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=30_000_000)

    services.grant_change_amount(grant=grant, amount=100_000_000, by=province_staff, note="QĐ bổ sung")

    assert SupportGrant.objects.values_list("amount", "state").get(pk=grant.pk) == (100_000_000, GrantState.APPROVED)


def test_grant_change_amount_below_paid_is_refused(province_staff):
    payment = DisbursementFactory(grant__amount=30_000_000, grant__state=GrantState.PAID_IN_PART, amount=10_000_000)

    with pytest.raises(ValidationError) as refused:
        services.grant_change_amount(grant=payment.grant, amount=9_000_000, by=province_staff)

    assert messages_of(refused.value) == [f"Thấp hơn số đã chi 1.000.000{NBSP}đ"]


def test_grant_change_amount_down_to_what_was_paid_makes_it_paid(province_staff):
    payment = DisbursementFactory(grant__amount=30_000_000, grant__state=GrantState.PAID_IN_PART, amount=10_000_000)

    services.grant_change_amount(grant=payment.grant, amount=10_000_000, by=province_staff)

    assert SupportGrant.objects.values_list("amount", "state").get(pk=payment.grant.pk) == (10_000_000, GrantState.PAID)


def test_disbursement_beyond_the_grant_is_refused_saying_by_how_much(province_staff):
    grant = ApprovedGrantFactory(amount=73_600_000)
    services.disbursement_create(grant=grant, by=province_staff, paid_on=datetime.date(2024, 5, 2), amount=70_000_000)

    with pytest.raises(ValidationError) as refused:
        services.disbursement_create(
            grant=grant, by=province_staff, paid_on=datetime.date(2024, 6, 2), amount=5_000_000
        )

    assert messages_of(refused.value) == [f"Vượt số còn lại của khoản hỗ trợ 1.400.000{NBSP}đ"]
    assert list(Disbursement.objects.values_list("amount", flat=True)) == [70_000_000]


def test_disbursements_move_the_grant_to_paid_in_part_then_paid(province_staff):
    grant = ApprovedGrantFactory(amount=30_000_000)

    services.disbursement_create(grant=grant, by=province_staff, paid_on=datetime.date(2024, 5, 2), amount=10_000_000)
    after_first = SupportGrant.objects.get(pk=grant.pk).state
    services.disbursement_create(grant=grant, by=province_staff, paid_on=datetime.date(2024, 6, 2), amount=20_000_000)
    after_second = SupportGrant.objects.get(pk=grant.pk).state

    assert (after_first, after_second) == (GrantState.PAID_IN_PART, GrantState.PAID)
    assert list(
        AuditEntry.objects.filter(action__startswith="support.").order_by("id").values_list("action", flat=True)
    ) == [
        "support.disbursement_create",
        "support.grant_paid_in_part",
        "support.disbursement_create",
        "support.grant_paid",
    ]


@pytest.mark.parametrize("state", [GrantState.PROPOSED, GrantState.PAID, GrantState.CANCELLED])
def test_disbursement_on_a_grant_not_payable_is_refused(province_staff, state):
    grant = SupportGrantFactory(state=state)

    with pytest.raises(ValidationError) as refused:
        services.disbursement_create(grant=grant, by=province_staff, paid_on=datetime.date(2024, 5, 2), amount=1)

    assert messages_of(refused.value) == ["Chỉ chi cho khoản hỗ trợ đã phê duyệt và chưa chi đủ."]


def test_disbursement_before_the_decision_date_is_refused(province_staff):
    grant = ApprovedGrantFactory(decision_date=datetime.date(2024, 4, 1))

    with pytest.raises(ValidationError) as refused:
        services.disbursement_create(grant=grant, by=province_staff, paid_on=datetime.date(2024, 3, 31), amount=1)

    assert refused.value.message_dict == {"paid_on": ["Ngày chi không được trước ngày quyết định hỗ trợ."]}


ALL_STATES = list(GrantState)
ALLOWED = {
    (GrantState.PROPOSED, GrantState.APPROVED),
    (GrantState.PROPOSED, GrantState.CANCELLED),
    (GrantState.APPROVED, GrantState.PAID_IN_PART),
    (GrantState.APPROVED, GrantState.PAID),
    (GrantState.APPROVED, GrantState.CANCELLED),
    (GrantState.PAID_IN_PART, GrantState.PAID),
}


@pytest.mark.parametrize(("current", "target"), [(current, target) for current in ALL_STATES for target in ALL_STATES])
def test_grant_transition_follows_the_table(province_staff, current, target):
    grant = SupportGrantFactory(state=current)

    if (current, target) in ALLOWED:
        services.grant_transition(grant, target, by=province_staff)
        assert SupportGrant.objects.get(pk=grant.pk).state == target
    else:
        with pytest.raises(ValidationError) as refused:
            services.grant_transition(grant, target, by=province_staff)
        assert messages_of(refused.value) == [
            f"Không thể chuyển khoản hỗ trợ từ “{current.label}” sang “{target.label}”."
        ]
        assert SupportGrant.objects.get(pk=grant.pk).state == current


def test_grant_cancel_needs_a_reason_and_returns_the_money(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=20_000_000)
    grant = ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=20_000_000)
    with pytest.raises(ValidationError) as refused:
        services.grant_cancel(grant=grant, by=province_staff, note="  ")
    assert refused.value.message_dict == {"note": ["Cần ghi lý do hủy."]}

    services.grant_cancel(grant=grant, by=province_staff, note="Chủ thể không thực hiện")
    other = SupportGrantFactory(producer=producer_record, budget_line=line, amount=20_000_000)
    services.grant_approve(grant=other, by=province_staff, **DECIDED)

    assert dict(SupportGrant.objects.values_list("pk", "state")) == {
        grant.pk: GrantState.CANCELLED,
        other.pk: GrantState.APPROVED,
    }
    assert AuditEntry.objects.get(action="support.grant_cancelled").note == "Chủ thể không thực hiện"


def test_grant_propose_refuses_a_product_of_another_producer(district_officer, producer_record, other_producer_record):
    line = BudgetLineFactory(province=producer_record.province)
    foreign_product = f.ProductFactory(producer=other_producer_record)

    with pytest.raises(ValidationError) as refused:
        services.grant_propose(
            by=district_officer,
            producer=producer_record,
            product=foreign_product,
            budget_line=line,
            amount=1_000_000,
            description="Kiểm nghiệm",
        )

    assert refused.value.message_dict == {"product": ["Sản phẩm không thuộc chủ thể này."]}


def test_grant_propose_refuses_another_districts_line(district_officer, other_district, producer_record):
    line = BudgetLineFactory(province=producer_record.province, district=other_district)

    with pytest.raises(ValidationError) as refused:
        services.grant_propose(
            by=district_officer, producer=producer_record, budget_line=line, amount=1_000_000, description="Tem nhãn"
        )

    assert refused.value.message_dict == {
        "budget_line": ["Dòng ngân sách này chỉ dành cho chủ thể của huyện Huyện Lục Ngạn."]
    }


def test_grant_propose_records_counterpart_funds_of_an_equipment_project(district_officer, producer_record):
    line = BudgetLineFactory(province=producer_record.province, category=SupportCategory.EQUIPMENT)

    grant = services.grant_propose(
        by=district_officer,
        producer=producer_record,
        budget_line=line,
        amount=273_380_000,
        counterpart_amount=283_020_000,
        total_project_cost=556_400_000,
        description="Dự án máy sấy vải thiều",
    )

    saved = SupportGrant.objects.get(pk=grant.pk)
    assert (saved.state, saved.amount, saved.counterpart_amount, saved.total_project_cost, saved.proposed_by) == (
        GrantState.PROPOSED,
        273_380_000,
        283_020_000,
        556_400_000,
        district_officer,
    )


def test_grant_propose_refuses_a_total_cost_below_its_parts(district_officer, producer_record):
    line = BudgetLineFactory(province=producer_record.province, category=SupportCategory.EQUIPMENT)

    with pytest.raises(ValidationError) as refused:
        services.grant_propose(
            by=district_officer,
            producer=producer_record,
            budget_line=line,
            amount=300_000_000,
            counterpart_amount=300_000_000,
            total_project_cost=556_400_000,
            description="Dự án máy sấy",
        )

    assert refused.value.message_dict == {
        "total_project_cost": [f"Tổng kinh phí dự án nhỏ hơn kinh phí hỗ trợ cộng vốn đối ứng 43.600.000{NBSP}đ."]
    }


def test_budget_line_update_below_committed_is_refused(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=80_000_000)

    with pytest.raises(ValidationError) as refused:
        services.budget_line_update(line=line, by=province_staff, allocated_amount=75_000_000)

    assert refused.value.message_dict == {"allocated_amount": [f"Số phân bổ thấp hơn số đã cam kết 5.000.000{NBSP}đ"]}
    assert BudgetLine.objects.get(pk=line.pk).allocated_amount == 100_000_000


def test_budget_line_create_refuses_a_district_of_another_province(province_staff, province):
    foreign_district = f.DistrictFactory(parent=f.ProvinceFactory(code="45", name="Tỉnh Quảng Trị"))

    with pytest.raises(ValidationError) as refused:
        services.budget_line_create(
            by=province_staff,
            province=province,
            district=foreign_district,
            year=2021,
            funding_source=FundingSource.CENTRAL_NTM,
            category=SupportCategory.LABELS_PACKAGING,
            allocated_amount=460_000_000,
            decision_number="2121/QĐ-UBND",
            decision_date=datetime.date(2021, 10, 22),
        )

    assert refused.value.message_dict == {"district": ["Huyện không thuộc tỉnh của dòng ngân sách."]}
