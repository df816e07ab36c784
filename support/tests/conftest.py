"""A small province scene for the support tests: lines, grants in two districts."""

from dataclasses import dataclass

import pytest

from ocop_portal.testing import factories as f
from support.enums import SupportCategory

from .factories import ApprovedGrantFactory, BudgetLineFactory, SupportGrantFactory


@dataclass
class Scene:
    line: object
    district_line: object
    grant: object
    approved_grant: object
    other_grant: object
    product: object


@pytest.fixture
def scene(province, district, producer_record, other_producer_record):
    line = BudgetLineFactory(province=province, allocated_amount=460_000_000)
    district_line = BudgetLineFactory(
        province=province, district=district, category=SupportCategory.FOOD_SAFETY_TESTING, allocated_amount=80_000_000
    )
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    return Scene(
        line=line,
        district_line=district_line,
        product=product,
        grant=SupportGrantFactory(
            producer=producer_record,
            product=product,
            budget_line=district_line,
            amount=4_600_000,
            description="Kiểm nghiệm chỉ tiêu ATTP gà đồi",
        ),
        approved_grant=ApprovedGrantFactory(
            producer=producer_record, budget_line=line, amount=20_000_000, description="Tem nhãn mác gà đồi"
        ),
        other_grant=SupportGrantFactory(
            producer=other_producer_record, budget_line=line, amount=30_000_000, description="Tem nhãn mác vải thiều"
        ),
    )
