"""A small programme year for the reports tests: `n` recognised products in one district, each with
its dossier, decision item, certificate and support grant, plus the year's plan."""

import datetime

from evaluation.enums import CertificateStatus, DecisionKind, DossierState, Level
from evaluation.models import Certificate, Decision, DecisionItem
from evaluation.tests.factories import DossierFactory, RoundFactory, framework
from ocop_portal.testing import factories as f
from reports.models import YearPlan
from support.enums import FundingSource, GrantState, SupportCategory
from support.models import BudgetLine, SupportGrant

YEAR = 2025


def small_year(*, province, commune, n: int, year: int = YEAR, stars: int = 3, target: int = 2, start: int = 0):
    """Add `n` recognised products (numbered from `start`) to `year`; returns the decision."""
    author = f.UserFactory()
    round_ = RoundFactory(province=province, year=year, framework=framework("148"))
    decision = Decision.objects.create(
        province=province,
        issuer_unit=commune.parent,
        level=Level.DISTRICT,
        kind=DecisionKind.RECOGNITION,
        number=f"{100 + start}/QĐ-UBND",
        date=datetime.date(year, 11, 20),
        signer="Chủ tịch UBND huyện",
        authority=f"UBND {commune.parent.name}",
        created_by=author,
    )
    line, _ = BudgetLine.objects.get_or_create(
        province=province,
        year=year,
        funding_source=FundingSource.PROVINCIAL,
        category=SupportCategory.FOOD_SAFETY_TESTING,
        defaults={
            "allocated_amount": 500_000_000,
            "decision_number": "1/KH",
            "decision_date": datetime.date(year, 1, 5),
        },
    )
    for index in range(start, start + n):
        product = f.ProductFactory(producer__commune=commune, name=f"Sản phẩm thử {index}")
        dossier = DossierFactory(
            product=product, round=round_, state=DossierState.DECIDED, current_level=Level.DISTRICT, created_by=author
        )
        DecisionItem.objects.create(decision=decision, dossier=dossier, recognised_stars=stars)
        Certificate.objects.create(
            number=f"OCOP-24-{year}-{index + 1:03d}",
            public_code=f"T{year}{index:05d}",
            product=product,
            producer=product.producer,
            province=province,
            district=product.district,
            stars=stars,
            framework=round_.framework,
            issuing_level=Level.DISTRICT,
            issuing_authority=decision.authority,
            decision=decision,
            dossier=dossier,
            valid_from=decision.date,
            valid_until=decision.date.replace(year=year + 3),
            status=CertificateStatus.VALID,
        )
        SupportGrant.objects.create(
            producer=product.producer,
            product=product,
            budget_line=line,
            amount=4_900_000,
            units=1,
            description="Kiểm nghiệm",
            state=GrantState.APPROVED,
        )
    YearPlan.objects.update_or_create(province=province, year=year, defaults={"target_products": target})
    return decision
