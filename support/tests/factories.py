"""factory_boy factories for support money. States are set directly only to arrange tests."""

import datetime

import factory

from ocop_portal.testing.factories import ProducerFactory, ProvinceFactory
from support.enums import FundingSource, GrantState, SupportCategory
from support.models import BudgetLine, Disbursement, SupportGrant


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    province = factory.SubFactory(ProvinceFactory)
    year = 2024
    funding_source = FundingSource.PROVINCIAL
    category = SupportCategory.LABELS_PACKAGING
    allocated_amount = 500_000_000
    decision_number = factory.Sequence(lambda n: f"{2100 + n}/QĐ-UBND")
    decision_date = datetime.date(2024, 3, 1)


class SupportGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportGrant

    producer = factory.SubFactory(ProducerFactory)
    budget_line = factory.SubFactory(BudgetLineFactory, province=factory.SelfAttribute("..producer.province"))
    amount = 20_000_000
    units = 1
    description = factory.Sequence(lambda n: f"In tem nhãn mác đợt {n}")
    state = GrantState.PROPOSED


class ApprovedGrantFactory(SupportGrantFactory):
    state = GrantState.APPROVED
    decision_number = factory.Sequence(lambda n: f"{300 + n}/QĐ-SNN")
    decision_date = datetime.date(2024, 4, 1)


class DisbursementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disbursement

    grant = factory.SubFactory(ApprovedGrantFactory)
    paid_on = datetime.date(2024, 5, 1)
    amount = 5_000_000
