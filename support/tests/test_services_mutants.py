"""Support money services (support/services.py): what the mutation run of issue 24 found no test
for (docs/mutation.md) — what a budget line, a proposal, an approval, a change of amount and a
payment record and audit, the refusals' words, both sides of each amount, another province's
producer and policy, and which award line and policy a recognition takes."""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError

from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from ocop_portal.testing.concurrency import second_waits_for_first
from support import services
from support.enums import AwardKind, FundingSource, GrantState, SupportCategory
from support.models import AWARD_AMOUNT_FIELDS, AwardPolicy, BudgetLine, Disbursement, SupportGrant

from .factories import ApprovedGrantFactory, BudgetLineFactory, DisbursementFactory, SupportGrantFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
D = datetime.date
DECIDED = {"decision_number": "15/QĐ-SNN", "decision_date": D(2024, 4, 1)}


def entries(action):
    return AuditEntry.objects.filter(action=action).order_by("id")


# Budget lines -----------------------------------------------------------------------------------


def test_a_district_line_is_recorded_with_every_field_and_audited(province_staff, province, district):
    line = services.budget_line_create(
        by=province_staff,
        province=province,
        district=district,
        year=2025,
        funding_source=FundingSource.DISTRICT,
        category=SupportCategory.TRAINING,
        allocated_amount=120_000_000,
        decision_number="88/QĐ-UBND",
        decision_date=D(2025, 2, 14),
        note="Tập huấn OCOP",
    )

    saved = BudgetLine.objects.get(pk=line.pk)
    assert (saved.province, saved.district, saved.year, saved.funding_source, saved.category) == (
        province,
        district,
        2025,
        FundingSource.DISTRICT,
        SupportCategory.TRAINING,
    )
    assert (saved.allocated_amount, saved.decision_number, saved.decision_date, saved.note) == (
        120_000_000,
        "88/QĐ-UBND",
        D(2025, 2, 14),
        "Tập huấn OCOP",
    )
    entry = entries("support.budget_line_create").get()
    assert (entry.actor, entry.object_id) == (province_staff, str(line.pk))
    assert entry.changes == {
        "district_id": ["", str(district.pk)],
        "year": ["", "2025"],
        "funding_source": ["", "district"],
        "category": ["", "training"],
        "allocated_amount": ["", "120000000"],
        "decision_number": ["", "88/QĐ-UBND"],
        "decision_date": ["", "2025-02-14"],
        "note": ["", "Tập huấn OCOP"],
    }


def test_a_province_wide_line_has_no_district_and_no_note_unless_given(province_staff, province):
    line = services.budget_line_create(
        by=province_staff,
        province=province,
        year=2025,
        funding_source=FundingSource.PROVINCIAL,
        category=SupportCategory.TRAINING,
        allocated_amount=120_000_000,
        decision_number="88/QĐ-UBND",
        decision_date=D(2025, 2, 14),
    )

    assert BudgetLine.objects.values_list("district", "note").get(pk=line.pk) == (None, "")


def test_a_line_with_an_empty_decision_number_is_refused_and_not_saved(province_staff, province):
    with pytest.raises(ValidationError) as refused:
        services.budget_line_create(
            by=province_staff,
            province=province,
            year=2025,
            funding_source=FundingSource.PROVINCIAL,
            category=SupportCategory.TRAINING,
            allocated_amount=1,
            decision_number="",
            decision_date=D(2025, 2, 14),
        )
    assert list(refused.value.message_dict) == ["decision_number"]
    assert not BudgetLine.objects.exists()


def test_a_line_update_is_audited_with_what_changed_and_nothing_when_nothing_did(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000, note="")
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=30_000_000)

    updated = services.budget_line_update(line=line, by=province_staff, allocated_amount=90_000_000, note="Điều chỉnh")
    services.budget_line_update(line=line, by=province_staff, allocated_amount=90_000_000)

    assert (updated.allocated_amount, updated.note) == (90_000_000, "Điều chỉnh")
    saved = BudgetLine.objects.get(pk=line.pk)
    assert (saved.allocated_amount, saved.note) == (90_000_000, "Điều chỉnh")
    entry = entries("support.budget_line_update").get()
    assert (entry.actor, entry.object_id) == (province_staff, str(line.pk))
    assert entry.changes == {"allocated_amount": ["100000000", "90000000"], "note": ["", "Điều chỉnh"]}


def test_a_province_wide_line_with_grants_in_two_districts_takes_other_changes(
    province_staff, producer_record, other_producer_record
):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=10_000_000)
    ApprovedGrantFactory(producer=other_producer_record, budget_line=line, amount=10_000_000)

    services.budget_line_update(line=line, by=province_staff, note="Cả tỉnh")

    assert BudgetLine.objects.get(pk=line.pk).note == "Cả tỉnh"


def test_a_line_update_to_an_invalid_value_is_refused_and_not_saved(province_staff, province):
    line = BudgetLineFactory(province=province, decision_number="12/QĐ-UBND")

    with pytest.raises(ValidationError) as refused:
        services.budget_line_update(line=line, by=province_staff, decision_number="")

    assert list(refused.value.message_dict) == ["decision_number"]
    assert BudgetLine.objects.get(pk=line.pk).decision_number == "12/QĐ-UBND"


def test_a_line_update_to_a_district_of_another_province_is_refused(province_staff, province):
    line = BudgetLineFactory(province=province)
    foreign = f.DistrictFactory(parent=f.ProvinceFactory(code="45", name="Tỉnh Quảng Trị"))

    with pytest.raises(ValidationError) as refused:
        services.budget_line_update(line=line, by=province_staff, district=foreign)

    assert refused.value.message_dict == {"district": ["Huyện không thuộc tỉnh của dòng ngân sách."]}
    assert BudgetLine.objects.get(pk=line.pk).district is None


def test_only_approved_and_paid_grants_hold_the_allocation(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=10_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=20_000_000, state=GrantState.PAID_IN_PART)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=30_000_000, state=GrantState.PAID)
    SupportGrantFactory(producer=producer_record, budget_line=line, amount=40_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=40_000_000, state=GrantState.CANCELLED)

    with pytest.raises(ValidationError) as refused:
        services.budget_line_update(line=line, by=province_staff, allocated_amount=59_999_999)
    assert refused.value.message_dict == {"allocated_amount": [f"Số phân bổ thấp hơn số đã cam kết 1{NBSP}đ"]}

    services.budget_line_update(line=line, by=province_staff, allocated_amount=60_000_000)
    assert BudgetLine.objects.get(pk=line.pk).allocated_amount == 60_000_000


def test_grants_of_another_line_do_not_hold_this_ones_allocation(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, amount=90_000_000)  # on a line of its own

    services.budget_line_update(line=line, by=province_staff, allocated_amount=0)

    assert BudgetLine.objects.get(pk=line.pk).allocated_amount == 0


# Proposals --------------------------------------------------------------------------------------


def test_a_proposal_is_recorded_with_its_proposer_and_audited(district_officer, producer_record):
    line = BudgetLineFactory(province=producer_record.province, category=SupportCategory.FOOD_SAFETY_TESTING)
    product = f.ProductFactory(producer=producer_record)

    grant = services.grant_propose(
        by=district_officer,
        producer=producer_record,
        product=product,
        budget_line=line,
        amount=4_600_000,
        units=3,
        description="Kiểm nghiệm ATTP",
        source_key="manual:1",
    )

    saved = SupportGrant.objects.get(pk=grant.pk)
    assert (saved.state, saved.product, saved.units, saved.description, saved.source_key, saved.proposed_by) == (
        GrantState.PROPOSED,
        product,
        3,
        "Kiểm nghiệm ATTP",
        "manual:1",
        district_officer,
    )
    assert (saved.counterpart_amount, saved.total_project_cost) == (0, None)
    entry = entries("support.grant_propose").get()
    assert (entry.actor, entry.object_id) == (district_officer, str(grant.pk))
    assert entry.changes == {
        "producer_id": ["", str(producer_record.pk)],
        "product_id": ["", str(product.pk)],
        "budget_line_id": ["", str(line.pk)],
        "amount": ["", "4600000"],
    }


def test_a_proposal_counts_one_unit_unless_told(district_officer, producer_record, anonymous):
    line = BudgetLineFactory(province=producer_record.province)

    grant = services.grant_propose(
        by=anonymous, producer=producer_record, budget_line=line, amount=1_000_000, description="Tem nhãn"
    )

    assert SupportGrant.objects.values_list("units", "proposed_by", "source_key", "counterpart_amount").get(
        pk=grant.pk
    ) == (1, None, "", 0)


def test_a_proposal_for_a_producer_of_another_province_is_refused(district_officer, producer_record):
    line = BudgetLineFactory(province=f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh"))

    with pytest.raises(ValidationError) as refused:
        services.grant_propose(
            by=district_officer, producer=producer_record, budget_line=line, amount=1_000_000, description="Tem nhãn"
        )

    assert refused.value.message_dict == {"producer": ["Chủ thể không thuộc tỉnh của dòng ngân sách."]}
    assert not SupportGrant.objects.exists()


def test_a_proposal_on_the_producers_own_district_line_is_accepted(district_officer, district, producer_record):
    line = BudgetLineFactory(province=producer_record.province, district=district)

    grant = services.grant_propose(
        by=district_officer, producer=producer_record, budget_line=line, amount=1_000_000, description="Tem nhãn"
    )

    assert SupportGrant.objects.get(pk=grant.pk).budget_line == line


@pytest.mark.parametrize(("total", "accepted"), [(556_400_000, True), (556_399_999, False)])
def test_a_project_may_cost_exactly_its_support_plus_counterpart_not_less(
    district_officer, producer_record, total, accepted
):
    line = BudgetLineFactory(province=producer_record.province, category=SupportCategory.EQUIPMENT)

    def propose():
        return services.grant_propose(
            by=district_officer,
            producer=producer_record,
            budget_line=line,
            amount=273_380_000,
            counterpart_amount=283_020_000,
            total_project_cost=total,
            description="Dự án máy sấy",
        )

    if accepted:
        assert SupportGrant.objects.get(pk=propose().pk).total_project_cost == total
    else:
        with pytest.raises(ValidationError) as refused:
            propose()
        assert refused.value.message_dict == {
            "total_project_cost": [f"Tổng kinh phí dự án nhỏ hơn kinh phí hỗ trợ cộng vốn đối ứng 1{NBSP}đ."]
        }


def test_a_proposal_of_no_money_is_refused(district_officer, producer_record):
    line = BudgetLineFactory(province=producer_record.province)

    with pytest.raises(ValidationError) as refused:
        services.grant_propose(
            by=district_officer, producer=producer_record, budget_line=line, amount=0, description="Tem nhãn"
        )

    assert refused.value.messages == ["Kinh phí hỗ trợ phải lớn hơn 0."]
    assert not SupportGrant.objects.exists()


# Approvals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "decision",
    [{"decision_number": "", "decision_date": D(2024, 4, 1)}, {"decision_number": "15/QĐ", "decision_date": None}],
)
def test_an_approval_needs_both_the_decision_number_and_date(province_staff, producer_record, decision):
    grant = SupportGrantFactory(producer=producer_record, amount=1_000_000)

    with pytest.raises(ValidationError) as refused:
        services.grant_approve(grant=grant, by=province_staff, **decision)

    assert refused.value.messages == ["Cần số và ngày quyết định hỗ trợ để phê duyệt."]
    assert SupportGrant.objects.values_list("state", "decision_number").get(pk=grant.pk) == (GrantState.PROPOSED, "")


def test_an_approval_at_a_lower_amount_keeps_that_amount_and_audits_it(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line, amount=60_000_000)

    approved = services.grant_approve(grant=grant, by=province_staff, amount=45_000_000, **DECIDED)

    assert (approved.state, approved.amount) == (GrantState.APPROVED, 45_000_000)
    saved = SupportGrant.objects.get(pk=grant.pk)
    assert (saved.state, saved.amount, saved.decision_number, saved.decision_date) == (
        GrantState.APPROVED,
        45_000_000,
        "15/QĐ-SNN",
        D(2024, 4, 1),
    )
    entry = entries("support.grant_approved").get()
    assert (entry.actor, entry.object_id, entry.note) == (province_staff, str(grant.pk), "")
    assert entry.changes == {
        "amount": ["60000000", "45000000"],
        "decision_number": ["", "15/QĐ-SNN"],
        "decision_date": ["", "2024-04-01"],
        "state": ["proposed", "approved"],
    }


def test_an_approval_may_take_exactly_what_the_line_has_left(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=70_000_000)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line, amount=30_000_000)

    services.grant_approve(grant=grant, by=province_staff, **DECIDED)

    assert SupportGrant.objects.get(pk=grant.pk).state == GrantState.APPROVED


def test_an_approval_at_no_money_is_refused(province_staff, producer_record):
    grant = SupportGrantFactory(producer=producer_record, amount=1_000_000)

    with pytest.raises(ValidationError) as refused:
        services.grant_approve(grant=grant, by=province_staff, amount=0, **DECIDED)

    assert refused.value.messages == ["Kinh phí hỗ trợ phải lớn hơn 0."]
    assert SupportGrant.objects.values_list("state", "amount").get(pk=grant.pk) == (GrantState.PROPOSED, 1_000_000)


def test_approving_an_approved_grant_again_is_refused_as_a_transition_even_on_a_full_line(
    province_staff, producer_record
):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=10_000_000)
    grant = ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=10_000_000)
    BudgetLine.objects.filter(pk=line.pk).update(allocated_amount=5_000_000)  # an older, overspent line

    with pytest.raises(ValidationError) as refused:
        services.grant_approve(grant=grant, by=province_staff, amount=8_000_000, **DECIDED)

    assert refused.value.messages == ["Không thể chuyển khoản hỗ trợ từ “Đã phê duyệt” sang “Đã phê duyệt”."]
    assert SupportGrant.objects.get(pk=grant.pk).amount == 10_000_000


# Changes of amount ------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [GrantState.PROPOSED, GrantState.PAID, GrantState.CANCELLED])
def test_only_an_approved_unpaid_grant_changes_amount(province_staff, producer_record, state):
    grant = ApprovedGrantFactory(producer=producer_record, amount=10_000_000, state=state)

    with pytest.raises(ValidationError) as refused:
        services.grant_change_amount(grant=grant, amount=12_000_000, by=province_staff)

    assert refused.value.messages == ["Chỉ điều chỉnh kinh phí của khoản hỗ trợ đã phê duyệt và chưa chi đủ."]
    assert SupportGrant.objects.get(pk=grant.pk).amount == 10_000_000


def test_a_part_paid_grant_may_be_raised_and_is_audited_with_the_note(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    payment = DisbursementFactory(
        grant=ApprovedGrantFactory(
            producer=producer_record, budget_line=line, amount=30_000_000, state=GrantState.PAID_IN_PART
        ),
        amount=10_000_000,
    )

    changed = services.grant_change_amount(grant=payment.grant, amount=40_000_000, by=province_staff, note="QĐ bổ sung")
    services.grant_change_amount(grant=payment.grant, amount=40_000_000, by=province_staff, note="lần hai")

    assert (changed.amount, changed.state) == (40_000_000, GrantState.PAID_IN_PART)
    assert SupportGrant.objects.values_list("amount", "state").get(pk=payment.grant.pk) == (
        40_000_000,
        GrantState.PAID_IN_PART,
    )
    entry = entries("support.grant_change_amount").get()
    assert (entry.actor, entry.object_id, entry.note, entry.changes) == (
        province_staff,
        str(payment.grant.pk),
        "QĐ bổ sung",
        {"amount": ["30000000", "40000000"]},
    )


def test_lowering_a_grant_to_what_was_paid_audits_the_new_amount_with_the_payment_state(
    province_staff, producer_record
):
    payment = DisbursementFactory(
        grant=ApprovedGrantFactory(producer=producer_record, amount=30_000_000, state=GrantState.PAID_IN_PART),
        amount=10_000_000,
    )

    changed = services.grant_change_amount(grant=payment.grant, amount=10_000_000, by=province_staff, note="Quyết toán")

    assert (changed.amount, changed.state) == (10_000_000, GrantState.PAID)
    entry = entries("support.grant_paid").get()
    assert (entry.actor, entry.note, entry.changes) == (
        province_staff,
        "Quyết toán",
        {"amount": ["30000000", "10000000"], "state": ["paid_in_part", "paid"]},
    )
    assert not entries("support.grant_change_amount").exists()


def test_a_grant_with_no_payment_may_be_raised_to_exactly_what_the_line_has_left(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=60_000_000)
    grant = ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=30_000_000)

    services.grant_change_amount(grant=grant, amount=40_000_000, by=province_staff)

    assert SupportGrant.objects.values_list("amount", "state").get(pk=grant.pk) == (40_000_000, GrantState.APPROVED)
    assert entries("support.grant_change_amount").get().note == ""


def test_a_grant_cannot_be_lowered_to_nothing(province_staff, producer_record):
    grant = ApprovedGrantFactory(producer=producer_record, amount=10_000_000)

    with pytest.raises(ValidationError) as refused:
        services.grant_change_amount(grant=grant, amount=0, by=province_staff)

    assert refused.value.messages == ["Kinh phí hỗ trợ phải lớn hơn 0."]
    assert SupportGrant.objects.values_list("amount", "state").get(pk=grant.pk) == (10_000_000, GrantState.APPROVED)


# Cancellation -----------------------------------------------------------------------------------


def test_a_cancellation_is_audited_with_its_actor_and_reason(province_staff, producer_record):
    grant = SupportGrantFactory(producer=producer_record)

    cancelled = services.grant_cancel(grant=grant, by=province_staff, note="Chủ thể rút đề xuất")

    assert cancelled.state == GrantState.CANCELLED
    entry = entries("support.grant_cancelled").get()
    assert (entry.actor, entry.object_id, entry.note, entry.changes) == (
        province_staff,
        str(grant.pk),
        "Chủ thể rút đề xuất",
        {"state": ["proposed", "cancelled"]},
    )


# Payments ---------------------------------------------------------------------------------------


def test_paying_a_grant_in_one_payment_makes_it_paid_and_audits_both(province_staff, producer_record):
    grant = ApprovedGrantFactory(producer=producer_record, amount=30_000_000)

    payment = services.disbursement_create(
        grant=grant, by=province_staff, paid_on=D(2024, 5, 2), amount=30_000_000, note="Chuyển khoản"
    )

    saved = Disbursement.objects.get(pk=payment.pk)
    assert (saved.grant_id, saved.paid_on, saved.amount, saved.note, saved.created_by) == (
        grant.pk,
        D(2024, 5, 2),
        30_000_000,
        "Chuyển khoản",
        province_staff,
    )
    assert SupportGrant.objects.get(pk=grant.pk).state == GrantState.PAID
    paid = entries("support.disbursement_create").get()
    assert (paid.actor, paid.object_id, paid.note, paid.changes) == (
        province_staff,
        str(payment.pk),
        "Chuyển khoản",
        {"amount": ["", "30000000"], "paid_on": ["", "2024-05-02"]},
    )
    moved = entries("support.grant_paid").get()
    assert (moved.actor, moved.changes) == (province_staff, {"paid": ["0", "30000000"], "state": ["approved", "paid"]})


def test_a_second_payment_is_audited_from_what_was_paid_before(province_staff, producer_record):
    grant = ApprovedGrantFactory(producer=producer_record, amount=30_000_000)
    services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 2), amount=10_000_000)
    services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 3), amount=5_000_000)
    services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 4), amount=15_000_000)

    assert [entry.changes for entry in entries("support.grant_paid_in_part")] == [
        {"paid": ["0", "10000000"], "state": ["approved", "paid_in_part"]}
    ]
    assert [entry.changes for entry in entries("support.grant_paid")] == [
        {"paid": ["15000000", "30000000"], "state": ["paid_in_part", "paid"]}
    ]
    assert SupportGrant.objects.get(pk=grant.pk).state == GrantState.PAID


def test_a_payment_of_what_is_left_is_accepted_one_more_dong_is_not(province_staff, producer_record):
    grant = ApprovedGrantFactory(producer=producer_record, amount=30_000_000)
    services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 2), amount=10_000_000)

    with pytest.raises(ValidationError) as refused:
        services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 3), amount=20_000_001)
    assert refused.value.messages == [f"Vượt số còn lại của khoản hỗ trợ 1{NBSP}đ"]

    services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 3), amount=20_000_000)
    assert SupportGrant.objects.get(pk=grant.pk).state == GrantState.PAID


def test_a_payment_without_a_note_records_none(province_staff, producer_record):
    grant = ApprovedGrantFactory(producer=producer_record, amount=30_000_000)

    payment = services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 2), amount=1_000_000)

    assert Disbursement.objects.get(pk=payment.pk).note == ""
    assert [entry.note for entry in AuditEntry.objects.order_by("id")] == ["", ""]


def test_a_payment_of_nothing_is_refused(province_staff, producer_record):
    grant = ApprovedGrantFactory(producer=producer_record, amount=30_000_000)

    with pytest.raises(ValidationError) as refused:
        services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 2), amount=0)

    assert refused.value.messages == ["Số tiền chi phải lớn hơn 0."]
    assert not Disbursement.objects.exists()


def test_payments_on_another_grant_do_not_count_against_this_one(province_staff, producer_record):
    grant = ApprovedGrantFactory(producer=producer_record, amount=30_000_000)
    DisbursementFactory(grant__producer=producer_record, grant__amount=30_000_000, amount=25_000_000)

    services.disbursement_create(grant=grant, by=province_staff, paid_on=D(2024, 5, 2), amount=30_000_000)

    assert SupportGrant.objects.get(pk=grant.pk).state == GrantState.PAID


# Award policies ---------------------------------------------------------------------------------


def test_an_award_policy_refuses_a_field_it_does_not_have(province_staff, province):
    with pytest.raises(ValueError, match=r"Unknown award fields: \['first_6_stars', 'stars'\]"):
        services.award_policy_save(
            province=province,
            year=2024,
            by=province_staff,
            amounts={"stars": 1, "first_6_stars": 1, "first_3_stars": 1},
        )
    assert not AwardPolicy.objects.exists()


def test_a_new_policy_is_audited_with_its_amounts_and_an_unchanged_save_is_not(province_staff, province):
    policy = services.award_policy_save(
        province=province, year=2024, by=province_staff, amounts={"first_3_stars": 50_000_000}
    )
    again = services.award_policy_save(
        province=province, year=2024, by=province_staff, amounts={"first_3_stars": 50_000_000}
    )

    assert again.pk == policy.pk
    assert AwardPolicy.objects.get(pk=policy.pk).first_3_stars == 50_000_000
    entry = entries("support.award_policy_save").get()
    assert (entry.actor, entry.object_id) == (province_staff, str(policy.pk))
    assert entry.changes == {name: ["", "0"] for name in AWARD_AMOUNT_FIELDS} | {"first_3_stars": ["", "50000000"]}


def test_a_negative_award_amount_is_refused(province_staff, province):
    with pytest.raises(ValidationError) as refused:
        services.award_policy_save(province=province, year=2024, by=province_staff, amounts={"first_3_stars": -1})

    assert refused.value.messages == ["Mức thưởng không được âm."]
    assert not AwardPolicy.objects.exists()


def test_the_policies_of_another_province_and_year_are_left_alone(province_staff, province):
    other_province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    services.award_policy_save(province=other_province, year=2024, by=None, amounts={"first_3_stars": 10})
    services.award_policy_save(province=province, year=2023, by=None, amounts={"first_3_stars": 20})

    policy = services.award_policy_save(province=province, year=2024, by=province_staff, amounts={"first_3_stars": 30})

    assert sorted(AwardPolicy.objects.values_list("province__code", "year", "first_3_stars")) == sorted(
        [("27", 2024, 10), (province.code, 2023, 20), (province.code, 2024, 30)]
    )
    assert (policy.province, policy.year) == (province, 2024)


# Results-based awards ---------------------------------------------------------------------------


@pytest.fixture
def award_product(producer_record):
    return f.ProductFactory(producer=producer_record, name="Mật ong rừng Yên Thế")


def award(province, producer, product, *, key="certificate:9", by=None, stars=4, kind=AwardKind.FIRST, year=2024):
    return services.award_propose_for_recognition(
        province=province, year=year, producer=producer, product=product, stars=stars, kind=kind, source_key=key, by=by
    )


def test_an_award_needs_the_key_of_its_recognition(province, producer_record, award_product):
    with pytest.raises(ValueError) as refused:
        award(province, producer_record, award_product, key="")
    assert str(refused.value) == "award_propose_for_recognition needs a source_key"


def test_no_award_without_a_policy_for_the_year_even_with_an_award_line(province, producer_record, award_product):
    services.award_policy_save(province=province, year=2025, by=None, amounts={"first_4_stars": 150_000_000})
    BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)

    assert (award(province, producer_record, award_product, year=2024), SupportGrant.objects.count()) == (None, 0)


def test_a_repeated_award_call_returns_the_first_grant_even_after_the_policy_changed(
    province, producer_record, award_product
):
    services.award_policy_save(province=province, year=2024, by=None, amounts={"first_4_stars": 150_000_000})
    BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)
    first = award(province, producer_record, award_product, key="certificate:5")
    services.award_policy_save(province=province, year=2024, by=None, amounts={"first_4_stars": 0})

    assert award(province, producer_record, award_product, key="certificate:5") == first
    assert award(province, producer_record, award_product, key="certificate:6") is None


def test_an_award_is_proposed_by_whoever_decided_the_recognition(
    province, province_staff, producer_record, award_product
):
    services.award_policy_save(province=province, year=2024, by=None, amounts={"first_4_stars": 150_000_000})
    line = BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)

    grant = award(province, producer_record, award_product, by=province_staff)

    saved = SupportGrant.objects.get(pk=grant.pk)
    assert (saved.proposed_by, saved.budget_line, saved.amount) == (province_staff, line, 150_000_000)
    assert entries("support.grant_propose").get().actor == province_staff


def test_an_award_takes_the_policy_of_its_own_province_and_year(province, producer_record, award_product):
    other_province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    services.award_policy_save(province=other_province, year=2024, by=None, amounts={"first_4_stars": 999})
    services.award_policy_save(province=province, year=2025, by=None, amounts={"first_4_stars": 888})
    services.award_policy_save(province=province, year=2024, by=None, amounts={"first_4_stars": 150_000_000})
    BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)

    assert award(province, producer_record, award_product).amount == 150_000_000


def test_an_award_takes_a_results_line_of_its_own_province_year_and_district(
    province, other_district, producer_record, award_product
):
    services.award_policy_save(province=province, year=2024, by=None, amounts={"first_4_stars": 150_000_000})
    other_province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    BudgetLineFactory(province=other_province, year=2024, category=SupportCategory.RESULTS_AWARD)
    BudgetLineFactory(province=province, year=2023, category=SupportCategory.RESULTS_AWARD)
    BudgetLineFactory(province=province, year=2024, category=SupportCategory.TRAINING)
    BudgetLineFactory(province=province, district=other_district, year=2024, category=SupportCategory.RESULTS_AWARD)
    first = BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)
    BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)
    for year in (2023, 2024):  # rewritten through its indexed year: stored after the second line now
        BudgetLine.objects.filter(pk=first.pk).update(year=year)

    assert award(province, producer_record, award_product).budget_line == first


def test_a_missing_award_line_is_logged_naming_the_province_year_and_recognition(
    province, producer_record, award_product, caplog
):
    services.award_policy_save(province=province, year=2024, by=None, amounts={"first_4_stars": 150_000_000})

    with caplog.at_level(logging.WARNING, logger="support.services"):
        assert award(province, producer_record, award_product, key="certificate:31") is None

    assert [record.getMessage() for record in caplog.records] == [
        f"No results-based award budget line for province {province} in 2024; certificate:31 not proposed"
    ]


def test_an_award_refused_for_a_reason_other_than_a_race_is_not_swallowed(
    province, producer_record, other_producer_record
):
    services.award_policy_save(province=province, year=2024, by=None, amounts={"first_4_stars": 150_000_000})
    BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)
    foreign_product = f.ProductFactory(producer=other_producer_record)

    with pytest.raises(ValidationError) as refused:
        award(province, producer_record, foreign_product)

    assert refused.value.message_dict == {"product": ["Sản phẩm không thuộc chủ thể này."]}
    assert not SupportGrant.objects.exists()


# Lock strength ----------------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("staff_action", "audited"),
    [("approve", "grant_approved"), ("change_amount", "grant_change_amount"), ("update_line", "budget_line_update")],
)
def test_a_proposal_committing_while_staff_work_on_its_line_does_not_deadlock(staff_action, audited):
    """Issue 23's deadlock, on a budget line: a proposal has written its audit entry (holding the
    audit log's lock) and commits — its foreign-key check on the line (FOR KEY SHARE, deferred to
    COMMIT) — while staff, holding the line, wait for the audit log's lock. The line is held FOR NO
    KEY UPDATE, which the check does not wait for; FOR UPDATE would make each wait for the other."""
    staff = f.UserFactory(username="staff-a")
    line = BudgetLineFactory(allocated_amount=100_000_000)
    proposed = SupportGrantFactory(budget_line=line, producer__province=line.province, amount=10_000_000)
    approved = ApprovedGrantFactory(budget_line=line, producer__province=line.province, amount=10_000_000)
    staff_call = {
        "approve": lambda: services.grant_approve(grant=proposed, by=staff, **DECIDED),
        "change_amount": lambda: services.grant_change_amount(grant=approved, amount=20_000_000, by=staff),
        "update_line": lambda: services.budget_line_update(line=line, by=staff, allocated_amount=90_000_000),
    }[staff_action]

    propose, staff_outcome = second_waits_for_first(
        lambda: services.grant_propose(
            by=None, producer=proposed.producer, budget_line=line, amount=5_000_000, description="Tem nhãn mới"
        ),
        staff_call,
    )

    assert (propose.kind, staff_outcome.kind) == ("ok", "ok"), staff_outcome.value
    assert SupportGrant.objects.filter(budget_line=line, description="Tem nhãn mới").exists()
    assert entries(f"support.{audited}").exists()
