import pytest

from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from support import services
from support.enums import AwardKind, GrantState, SupportCategory
from support.models import AwardPolicy, SupportGrant

from .factories import BudgetLineFactory

MILLION = 1_000_000

# Bắc Giang 2024–25: first recognition 50 / 150 / 300 million đ for 3★ / 4★ / 5★.
BAC_GIANG_2024 = {
    "first_3_stars": 50 * MILLION,
    "first_4_stars": 150 * MILLION,
    "first_5_stars": 300 * MILLION,
    "reevaluation_4_stars": 20 * MILLION,
    "upgrade_4_stars": 100 * MILLION,
}


@pytest.fixture
def award_setup(province, province_staff, producer_record):
    services.award_policy_save(province=province, year=2024, by=province_staff, amounts=BAC_GIANG_2024)
    line = BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)
    product = f.ProductFactory(producer=producer_record, name="Mật ong rừng Yên Thế")
    return line, product


def propose(province, producer, product, *, stars=4, kind=AwardKind.FIRST, key="certificate:1", year=2024):
    return services.award_propose_for_recognition(
        province=province, year=year, producer=producer, product=product, stars=stars, kind=kind, source_key=key
    )


@pytest.mark.parametrize(
    ("kind", "stars", "amount"),
    [
        (AwardKind.FIRST, 3, 50 * MILLION),
        (AwardKind.FIRST, 4, 150 * MILLION),
        (AwardKind.FIRST, 5, 300 * MILLION),
        (AwardKind.REEVALUATION, 4, 20 * MILLION),
        (AwardKind.UPGRADE, 4, 100 * MILLION),
    ],
)
def test_award_is_proposed_at_the_policy_amount(award_setup, province, producer_record, kind, stars, amount):
    line, product = award_setup

    grant = propose(province, producer_record, product, stars=stars, kind=kind)

    saved = SupportGrant.objects.get(pk=grant.pk)
    assert (saved.state, saved.amount, saved.budget_line, saved.product, saved.source_key) == (
        GrantState.PROPOSED,
        amount,
        line,
        product,
        "certificate:1",
    )
    assert saved.description == f"Thưởng theo kết quả: {kind.label} {stars} sao — Mật ong rừng Yên Thế"


def test_award_is_proposed_once_per_recognition(award_setup, province, producer_record):
    _, product = award_setup

    first = propose(province, producer_record, product)
    again = propose(province, producer_record, product)

    assert again.pk == first.pk
    assert SupportGrant.objects.count() == 1
    assert AuditEntry.objects.filter(action="support.grant_propose").count() == 1


def test_award_source_key_is_unique_in_the_database(award_setup, province, producer_record):
    from django.db import IntegrityError, transaction

    line, product = award_setup
    propose(province, producer_record, product)

    with pytest.raises(IntegrityError), transaction.atomic():
        SupportGrant.objects.create(
            producer=producer_record, budget_line=line, amount=1, description="x", source_key="certificate:1"
        )


@pytest.mark.parametrize(
    ("kind", "stars", "year"),
    [
        (AwardKind.FIRST, 2, 2024),  # below 3 stars nothing is recognised
        (AwardKind.REEVALUATION, 3, 2024),  # the policy pays nothing for this case
        (AwardKind.FIRST, 4, 2023),  # no policy for the year
    ],
)
def test_award_is_not_proposed_when_no_policy_applies(award_setup, province, producer_record, kind, stars, year):
    _, product = award_setup

    result = propose(province, producer_record, product, stars=stars, kind=kind, year=year)

    assert (result, SupportGrant.objects.count()) == (None, 0)


def test_award_is_not_proposed_without_an_award_budget_line(province, province_staff, producer_record, caplog):
    services.award_policy_save(province=province, year=2024, by=province_staff, amounts=BAC_GIANG_2024)
    BudgetLineFactory(province=province, year=2024, category=SupportCategory.TRAINING)
    product = f.ProductFactory(producer=producer_record)

    result = propose(province, producer_record, product)

    assert (result, SupportGrant.objects.count()) == (None, 0)
    assert [record.levelname for record in caplog.records] == ["WARNING"]


def test_award_prefers_the_producers_district_line(award_setup, province, district, producer_record):
    _, product = award_setup
    district_line = BudgetLineFactory(
        province=province, district=district, year=2024, category=SupportCategory.RESULTS_AWARD
    )

    grant = propose(province, producer_record, product)

    assert grant.budget_line == district_line


def test_award_policy_save_updates_the_years_policy(province, province_staff):
    services.award_policy_save(province=province, year=2025, by=province_staff, amounts=BAC_GIANG_2024)
    services.award_policy_save(province=province, year=2025, by=province_staff, amounts={"first_3_stars": 60 * MILLION})

    policy = AwardPolicy.objects.get(province=province, year=2025)
    assert (policy.first_3_stars, policy.first_4_stars, policy.first_5_stars, policy.upgrade_5_stars) == (
        60 * MILLION,
        150 * MILLION,
        300 * MILLION,
        0,
    )
    assert AuditEntry.objects.filter(action="support.award_policy_save").order_by("id").last().changes == {
        "first_3_stars": ["50000000", "60000000"]
    }
