"""Support answers evaluation's recognition_decided after the recognition commits (issue 22):
evaluation never imports support, and one award per recognition stays a database invariant."""

import datetime
import logging

import pytest
from django.db import transaction
from freezegun import freeze_time

from evaluation.models import Certificate
from evaluation.signals import recognition_decided, recognition_kind
from evaluation.tests.test_certificates_helpers import issue, product_of
from evaluation.tests.test_certificates_services import award_setup
from support.models import SupportGrant

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 7, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with freeze_time("2026-12-20 03:00"):
        yield


def test_support_subscribes_to_the_recognition_hook():
    receivers = [entry[1]() for entry in recognition_decided.receivers]
    assert [f"{r.__module__}.{r.__name__}" for r in receivers] == ["support.receivers.propose_award_for_recognition"]


def test_the_award_is_proposed_when_the_recognition_commits_not_before(
    producer_record, django_capture_on_commit_callbacks
):
    award_setup(producer_record.province)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        certificate = issue(product_of(producer_record), stars=3, on=ON)
        assert not SupportGrant.objects.exists()
    assert len(callbacks) >= 1
    assert SupportGrant.objects.get().source_key == f"certificate:{certificate.pk}"


def test_a_recognition_rolled_back_announces_nothing(producer_record, django_capture_on_commit_callbacks):
    award_setup(producer_record.province)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        issue(product_of(producer_record), stars=3, on=ON)
        raise RuntimeError("the decision's transaction fails after issuing")
    assert (Certificate.objects.count(), SupportGrant.objects.count()) == (0, 0)


def test_announcing_a_recognition_twice_proposes_one_award(producer_record, django_capture_on_commit_callbacks):
    award_setup(producer_record.province)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(product_of(producer_record), stars=3, on=ON)
    for _ in range(2):
        recognition_decided.send(
            sender=Certificate,
            certificate=certificate,
            kind="first",
            source_key=f"certificate:{certificate.pk}",
            by=None,
        )
    assert SupportGrant.objects.filter(source_key=f"certificate:{certificate.pk}").count() == 1


def test_a_failing_receiver_is_logged_and_leaves_the_recognition_and_the_award(
    producer_record, django_capture_on_commit_callbacks, caplog
):
    def broken(sender, **kwargs):
        raise ValueError("a subscriber's bug")

    award_setup(producer_record.province)
    recognition_decided.connect(broken, dispatch_uid="test.broken")
    try:
        with (
            caplog.at_level(logging.ERROR, logger="evaluation.signals"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            certificate = issue(product_of(producer_record), stars=3, on=ON)
    finally:
        recognition_decided.disconnect(dispatch_uid="test.broken")
    assert SupportGrant.objects.filter(source_key=f"certificate:{certificate.pk}").exists()
    assert [r.getMessage() for r in caplog.records if r.name == "evaluation.signals"] == [
        f"recognition_decided receiver {broken!r} failed for certificate:{certificate.pk}"
    ]


@pytest.mark.parametrize(
    ("stars", "earlier", "kind"),
    [(3, None, "first"), (4, 3, "upgrade"), (3, 3, "reevaluation"), (3, 4, "reevaluation"), (5, 4, "upgrade")],
)
def test_the_kind_of_a_recognition_follows_the_previous_certificate(stars, earlier, kind):
    assert recognition_kind(stars=stars, earlier_stars=earlier) == kind
