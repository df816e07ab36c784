"""Parallel writers on real PostgreSQL connections never overspend a line or overpay a grant."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ocop_portal.testing import factories as f
from support import services
from support.enums import AwardKind, GrantState, SupportCategory
from support.models import Disbursement, SupportGrant

from .factories import ApprovedGrantFactory, BudgetLineFactory, SupportGrantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"


def run_at_once(calls):
    """Run each call in its own thread (its own database connection), all released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            # Connect first, so the barrier releases calls that are ready to race, not to connect.
            connection.ensure_connection()
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", call())
        except ValidationError as error:
            outcomes[index] = ("refused", error.messages)
        except Exception as error:  # any other failure must fail the test, in the main thread
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_parallel_approvals_never_overspend_the_line():
    staff = f.UserFactory(username="staff-concurrent")
    line = BudgetLineFactory(allocated_amount=100_000_000)
    grants = [
        SupportGrantFactory(budget_line=line, producer__province=line.province, amount=30_000_000) for _ in range(6)
    ]
    decided = {"decision_number": "15/QĐ-SNN", "decision_date": datetime.date(2024, 4, 1)}

    outcomes = run_at_once(
        [lambda grant=grant: services.grant_approve(grant=grant, by=staff, **decided) for grant in grants]
    )

    kinds = sorted(outcome[0] for outcome in outcomes)
    assert kinds == ["ok", "ok", "ok", "refused", "refused", "refused"]
    assert [outcome[1] for outcome in outcomes if outcome[0] == "refused"] == [
        [f"Vượt số còn lại của dòng ngân sách 20.000.000{NBSP}đ"]
    ] * 3
    approved = SupportGrant.objects.filter(budget_line=line, state=GrantState.APPROVED)
    assert sum(approved.values_list("amount", flat=True)) == 90_000_000


def test_parallel_disbursements_never_overpay_the_grant():
    staff = f.UserFactory(username="staff-concurrent")
    grant = ApprovedGrantFactory(amount=50_000_000)

    outcomes = run_at_once(
        [
            lambda: services.disbursement_create(
                grant=grant, by=staff, paid_on=datetime.date(2024, 5, 1), amount=20_000_000
            )
            for _ in range(4)
        ]
    )

    assert sorted(outcome[0] for outcome in outcomes) == ["ok", "ok", "refused", "refused"]
    assert sum(Disbursement.objects.filter(grant=grant).values_list("amount", flat=True)) == 40_000_000
    assert SupportGrant.objects.get(pk=grant.pk).state == GrantState.PAID_IN_PART


def test_parallel_award_proposals_for_one_recognition_make_one_grant():
    staff = f.UserFactory(username="staff-concurrent")
    producer = f.ProducerFactory()
    product = f.ProductFactory(producer=producer)
    province = producer.province
    services.award_policy_save(province=province, year=2024, by=staff, amounts={"first_4_stars": 150_000_000})
    BudgetLineFactory(province=province, year=2024, category=SupportCategory.RESULTS_AWARD)

    outcomes = run_at_once(
        [
            lambda: (
                services.award_propose_for_recognition(
                    province=province,
                    year=2024,
                    producer=producer,
                    product=product,
                    stars=4,
                    kind=AwardKind.FIRST,
                    source_key="certificate:77",
                ).pk
            )
            for _ in range(4)
        ]
    )

    grant = SupportGrant.objects.get(source_key="certificate:77")
    assert outcomes == [("ok", grant.pk)] * 4
    assert SupportGrant.objects.count() == 1
