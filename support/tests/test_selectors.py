import datetime

import pytest

from ocop_portal.core.dashboard import panels_for
from ocop_portal.testing import factories as f
from support import selectors
from support.enums import GrantState, SupportCategory

from .factories import ApprovedGrantFactory, BudgetLineFactory, DisbursementFactory, SupportGrantFactory

NBSP = "\u00a0"


def test_category_summary_in_the_seeds_shape(province_staff, province, commune):
    """Bắc Giang 2021: labels for 19 producers and trademarks for 3 (460.000.000 đ in all),
    food-safety testing of 15 products for 73.600.000 đ."""
    labels = BudgetLineFactory(province=province, year=2021, allocated_amount=400_000_000)
    trademark = BudgetLineFactory(
        province=province, year=2021, category=SupportCategory.TRADEMARK, allocated_amount=60_000_000
    )
    testing = BudgetLineFactory(
        province=province, year=2021, category=SupportCategory.FOOD_SAFETY_TESTING, allocated_amount=73_600_000
    )
    producers = [f.ProducerFactory(commune=commune) for _ in range(19)]
    for producer in producers:
        ApprovedGrantFactory(producer=producer, budget_line=labels, amount=20_000_000)
    for producer in producers[:3]:
        ApprovedGrantFactory(producer=producer, budget_line=trademark, amount=20_000_000)
    ApprovedGrantFactory(producer=producers[0], budget_line=testing, amount=43_600_000, units=9)
    ApprovedGrantFactory(producer=producers[1], budget_line=testing, amount=30_000_000, units=6)
    SupportGrantFactory(producer=producers[2], budget_line=testing, amount=1_000_000)  # proposed: not counted

    rows = selectors.category_summary(province_staff, 2021)

    assert [(row.category, row.producers, row.units, row.amount) for row in rows] == [
        ("labels_packaging", 19, 19, 380_000_000),
        ("trademark", 3, 3, 60_000_000),
        ("food_safety_testing", 2, 15, 73_600_000),
    ]
    assert selectors.category_summary_text(rows) == (
        f"Tem nhãn mác, bao bì: 19 chủ thể, 380.000.000{NBSP}đ; "
        f"Quản lý nhãn hiệu: 3 chủ thể, 60.000.000{NBSP}đ; "
        f"Kiểm nghiệm chỉ tiêu ATTP: 15 sản phẩm, 73.600.000{NBSP}đ; "
        f"tổng 513.600.000{NBSP}đ"
    )


def test_outcomes_list_supported_producers_with_no_stars_gained_without_certificates(
    province_staff, producer_record, other_producer_record
):
    line = BudgetLineFactory(province=producer_record.province, year=2024)
    ApprovedGrantFactory(
        producer=producer_record, budget_line=line, amount=20_000_000, decision_date=datetime.date(2024, 5, 1)
    )
    ApprovedGrantFactory(
        producer=producer_record, budget_line=line, amount=5_000_000, decision_date=datetime.date(2024, 3, 1)
    )
    ApprovedGrantFactory(producer=other_producer_record, budget_line=line, amount=10_000_000)
    SupportGrantFactory(producer=other_producer_record, budget_line=line, amount=99_000_000, state=GrantState.CANCELLED)

    rows = selectors.support_outcomes(province_staff, 2024)

    assert [
        (row.producer, row.amount, row.first_decision_date, row.stars_gained, row.stars_per_million) for row in rows
    ] == [
        (producer_record, 25_000_000, datetime.date(2024, 3, 1), 0, 0.0),
        (other_producer_record, 10_000_000, datetime.date(2024, 4, 1), 0, 0.0),
    ]
    assert selectors.stars_gained_since({producer_record.pk: datetime.date(2024, 3, 1)}) == {producer_record.pk: 0}


def test_budget_lines_visible_to_each_persona(
    province, district, other_district, province_staff, district_officer, other_district_officer, producer, plain_user
):
    province_wide = BudgetLineFactory(province=province)
    own = BudgetLineFactory(province=province, district=district)
    other = BudgetLineFactory(province=province, district=other_district)
    BudgetLineFactory(province=f.ProvinceFactory(code="45", name="Tỉnh Quảng Trị"))

    visible = {
        name: set(selectors.budget_lines_visible_to(user))
        for name, user in {
            "staff": province_staff,
            "officer": district_officer,
            "other_officer": other_district_officer,
            "producer": producer,
            "plain": plain_user,
        }.items()
    }

    assert visible == {
        "staff": {province_wide, own, other},
        "officer": {province_wide, own},
        "other_officer": {province_wide, other},
        "producer": set(),
        "plain": set(),
    }


def test_budget_line_annotations_count_committed_and_paid(province_staff, producer_record):
    line = BudgetLineFactory(province=producer_record.province, allocated_amount=100_000_000)
    DisbursementFactory(
        grant__producer=producer_record, grant__budget_line=line, grant__amount=30_000_000, amount=10_000_000
    )
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=25_000_000)
    SupportGrantFactory(producer=producer_record, budget_line=line, amount=40_000_000)

    annotated = selectors.budget_lines_visible_to(province_staff).get(pk=line.pk)

    assert (annotated.committed, annotated.paid, annotated.remaining) == (55_000_000, 10_000_000, 45_000_000)


def test_grants_for_producer_respects_the_viewer(producer_record, other_producer, district_officer):
    grant = SupportGrantFactory(producer=producer_record)

    assert (
        list(selectors.grants_for_producer(district_officer, producer_record)),
        list(selectors.grants_for_producer(other_producer, producer_record)),
    ) == ([grant], [])


@pytest.mark.parametrize(
    ("persona_name", "titles"),
    [
        ("province_staff", ["Đề xuất hỗ trợ chờ phê duyệt", "Ngân sách hỗ trợ OCOP năm {year}"]),
        ("district_officer", ["Hỗ trợ cho chủ thể trong huyện"]),
        ("producer", ["Hỗ trợ chủ thể đã nhận"]),
        ("plain_user", []),
    ],
)
def test_dashboard_panels_per_role(persona, persona_name, titles):
    from django.utils import timezone

    user = persona(persona_name)
    year = timezone.localdate().year

    support_panels = [panel.title for panel in panels_for(user) if panel.url.startswith("/support/")]

    assert support_panels == [title.format(year=year) for title in titles]
