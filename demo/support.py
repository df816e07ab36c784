"""The current year's support money: budget lines by source and category, grants in every state
with their disbursements, and the results-based award policy (Bắc Giang's 2024–25 amounts, kept
by the merged province).

Runs before the evaluation demo, so the open round's recognition decisions find the policy and
the award line and propose their awards themselves.
"""

import datetime

from products.models import Producer
from support.enums import FundingSource, SupportCategory
from support.models import BudgetLine
from support.services import (
    award_policy_save,
    budget_line_create,
    disbursement_create,
    grant_approve,
    grant_cancel,
    grant_propose,
)

from .context import Demo

MILLION = 1_000_000
PLAN_DECISION = "468/QĐ-UBND"

# (key, source, category, allocated, district key or None)
LINES = [
    ("labels", FundingSource.CENTRAL_NTM, SupportCategory.LABELS_PACKAGING, 480 * MILLION, None),
    ("trademark", FundingSource.PROVINCIAL, SupportCategory.TRADEMARK, 150 * MILLION, None),
    ("testing", FundingSource.CENTRAL_NTM, SupportCategory.FOOD_SAFETY_TESTING, 90 * MILLION, None),
    ("fairs", FundingSource.PROVINCIAL, SupportCategory.TRADE_PROMOTION, 600 * MILLION, None),
    ("training", FundingSource.OTHER_PROGRAMMES, SupportCategory.TRAINING, 120 * MILLION, None),
    ("awards", FundingSource.PROVINCIAL, SupportCategory.RESULTS_AWARD, 1_500 * MILLION, None),
    # No district budgets since 01/07/2025: equipment is on the province's budget.
    ("equipment", FundingSource.PROVINCIAL, SupportCategory.EQUIPMENT, 400 * MILLION, None),
]

# (line, producer registration number, product name or "", amount, description, units, end state,
#  payments in per cent of the amount, equipment (total cost, counterpart) or None)
GRANTS = [
    ("labels", "2401000101", "Gà đồi Yên Thế", 25 * MILLION, "Thiết kế, in tem nhãn và bao bì", 1, "paid", [100], None),
    ("labels", "2401000102", "Miến dong Canh Nậu", 20 * MILLION, "In tem nhãn mác", 1, "part", [50], None),
    ("labels", "2401000113", "Mỳ Chũ", 22 * MILLION, "Bao bì hút chân không", 1, "approved", [], None),
    ("trademark", "2400123112", "", 30 * MILLION, "Quản lý nhãn hiệu chứng nhận", 1, "paid", [40, 60], None),
    ("testing", "2401000119", "Cam Bố Hạ", 4_900_000, "Kiểm nghiệm chỉ tiêu ATTP", 1, "paid", [100], None),
    ("testing", "2401000101", "Trứng gà đồi Yên Thế", 4_900_000, "Kiểm nghiệm chỉ tiêu ATTP", 1, "proposed", [], None),
    ("testing", "2401000121", "Gừng Yên Thế", 5 * MILLION, "Kiểm nghiệm chỉ tiêu ATTP", 1, "approved", [], None),
    ("fairs", "2400123118", "", 15 * MILLION, "Gian hàng Hội chợ OCOP khu vực phía Bắc", 1, "paid", [100], None),
    ("fairs", "2401000122", "", 12 * MILLION, "Gian hàng Tuần lễ vải thiều tại Hà Nội", 1, "part", [50], None),
    ("training", "2401000121", "", 8 * MILLION, "Tập huấn xây dựng hồ sơ OCOP", 1, "cancelled", [], None),
    (
        "equipment",
        "2401000101",
        "Gà đồi Yên Thế",
        250 * MILLION,
        "Dây chuyền giết mổ, đóng gói gà đồi",
        1,
        "part",
        [40],
        (620 * MILLION, 370 * MILLION),
    ),
]

# Bắc Giang 2024–25 pays 50/150/300 million đ for a first 3★/4★/5★ recognition; the re-evaluation
# and upgrade amounts are the demo's choice (an upgrade to 3★ cannot happen).
AWARD_POLICY = {
    "first_3_stars": 50 * MILLION,
    "first_4_stars": 150 * MILLION,
    "first_5_stars": 300 * MILLION,
    "reevaluation_3_stars": 10 * MILLION,
    "reevaluation_4_stars": 30 * MILLION,
    "reevaluation_5_stars": 50 * MILLION,
    "upgrade_3_stars": 0,
    "upgrade_4_stars": 100 * MILLION,
    "upgrade_5_stars": 250 * MILLION,
}


def support_load(demo: Demo) -> bool:
    """Award policy (saved every run: unchanged amounts write nothing), then budget lines and grants
    once. Returns True when the lines and grants were created now."""
    staff = demo.staff
    year = demo.today.year
    award_policy_save(province=demo.province, year=year, by=staff, amounts=AWARD_POLICY)
    if BudgetLine.objects.filter(province=demo.province, year=year, decision_number=PLAN_DECISION).exists():
        return False
    planned = _in_year(demo, 2, 20)
    lines = {
        key: budget_line_create(
            by=staff,
            province=demo.province,
            year=year,
            funding_source=source,
            category=category,
            allocated_amount=amount,
            decision_number=PLAN_DECISION,
            decision_date=planned,
            district=demo.districts[district] if district else None,
        )
        for key, source, category, amount, district in LINES
    }
    producers = {p.registration_number: p for p in Producer.objects.filter(province=demo.province)}
    approved_on = _in_year(demo, 4, 10)
    payment_days = [_in_year(demo, 6, 5), _in_year(demo, 9, 15)]
    for line, reg_no, product, amount, description, units, state, payments, equipment in GRANTS:
        total_cost, counterpart = equipment or (None, 0)
        grant = grant_propose(
            by=staff,
            producer=producers[reg_no],
            product=demo.product(product) if product else None,
            budget_line=lines[line],
            amount=amount,
            description=description,
            units=units,
            counterpart_amount=counterpart,
            total_project_cost=total_cost,
        )
        if state == "cancelled":
            grant_cancel(grant=grant, by=staff, note="Chủ thể đã được hỗ trợ nội dung này từ chương trình khác.")
        if state in ("proposed", "cancelled"):
            continue
        grant = grant_approve(grant=grant, by=staff, decision_number="1672/QĐ-SNN", decision_date=approved_on)
        for percent, paid_on in zip(payments, payment_days, strict=False):
            disbursement_create(grant=grant, by=staff, paid_on=paid_on, amount=amount * percent // 100)
    return True


def _in_year(demo: Demo, month: int, day: int) -> datetime.date:
    """A date of this year, or today when that date is still to come."""
    return min(datetime.date(demo.today.year, month, day), demo.today)
