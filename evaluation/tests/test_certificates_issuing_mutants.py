"""Issuing certificates (evaluation/services/certificates/issuing.py): what the mutation run of
issue 24 found no test for (docs/mutation.md) — the refusal's words, the numbers of one decision's
items in the decision's order, the history and audit of a supersession and of an issue, which
earlier certificate decides between an upgrade and a re-evaluation, and that the issuing locks do
not hold back a producer filing a new dossier for the product in the meantime."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DossierKind
from evaluation.models import Certificate, DecisionItem
from evaluation.services.certificates import certificates_issue_for_decision
from evaluation.services.certificates.issuing import products_lock
from evaluation.tests.factories import DossierFactory
from ocop_portal.core.models import AuditEntry
from support.models import SupportGrant

from .test_certificates_helpers import issue, product_of, recognition_decision, recognition_item
from .test_certificates_services import award_setup, revocation_decision

D = datetime.date


@pytest.mark.django_db
def test_only_a_recognition_decision_issues_certificates(producer_record):
    decision = revocation_decision(producer_record.province)
    with pytest.raises(ValidationError) as caught:
        certificates_issue_for_decision(decision=decision, by=decision.created_by)
    assert caught.value.messages == ["Chỉ quyết định công nhận mới cấp giấy chứng nhận."]


@pytest.mark.django_db
@freeze_time("2026-07-15 03:00")
def test_the_items_of_a_decision_are_numbered_in_the_decisions_order(producer_record):
    decision = recognition_decision(province=producer_record.province)
    for name in ("C", "A", "B"):
        recognition_item(decision, product_of(producer_record, name), stars=3)
    issued = certificates_issue_for_decision(decision=decision, by=decision.created_by)
    assert [(c.product.name, c.number) for c in issued] == [
        ("C", "OCOP-24-2026-0001"),
        ("A", "OCOP-24-2026-0002"),
        ("B", "OCOP-24-2026-0003"),
    ]


@pytest.mark.django_db
@freeze_time("2027-08-20 03:00")
def test_a_supersession_is_dated_on_the_decision_names_the_new_number_and_who(producer_record, province_staff):
    product = product_of(producer_record)
    old = issue(product, on=D(2026, 7, 10))
    new = issue(product, stars=4, on=D(2027, 8, 10), kind=DossierKind.UPGRADE, renews=old, by=province_staff)

    old.refresh_from_db()
    assert (old.status, old.superseded_by) == (S.SUPERSEDED, new)
    event = old.events.get(to_status=S.SUPERSEDED)
    assert (event.date, event.from_status, event.reason, event.decision) == (
        D(2027, 8, 10),
        S.VALID,
        f"Được thay thế bởi giấy chứng nhận {new.number}",
        new.decision,
    )
    entry = AuditEntry.objects.get(action="certificate.superseded", object_id=str(old.pk))
    assert entry.actor == province_staff


@pytest.mark.django_db
@freeze_time("2026-07-15 03:00")
def test_the_issue_is_audited_with_its_stars_expiry_decision_and_issuer(producer_record, province_staff):
    certificate = issue(product_of(producer_record), stars=4, by=province_staff)
    entry = AuditEntry.objects.get(action="certificate.issued", object_id=str(certificate.pk))
    assert (entry.actor, entry.note, entry.changes) == (
        province_staff,
        certificate.decision.number,
        {"stars": ["", "4"], "valid_until": ["", "2029-07-10"]},
    )


@pytest.mark.django_db
@freeze_time("2026-12-20 03:00")
def test_an_upgrade_is_counted_from_the_latest_certificate_not_the_first(
    producer_record, django_capture_on_commit_callbacks
):
    """4★ in 2020, 3★ in 2023, 4★ again in 2026: more stars than the certificate it renews, an
    upgrade — although the product had 4★ once."""
    award_setup(producer_record.province, reevaluation_4_stars=30_000_000)
    product = product_of(producer_record)
    with django_capture_on_commit_callbacks(execute=True):
        issue(product, stars=4, on=D(2020, 1, 15))
        lower = issue(product, stars=3, on=D(2023, 12, 1))
        again = issue(product, stars=4, on=D(2026, 12, 1), kind=DossierKind.REEVALUATION, renews=lower)
    assert SupportGrant.objects.get(source_key=f"certificate:{again.pk}").amount == 100_000_000


# --- lock strength: a parallel insert that references the locked rows is not held back ---------


def _insert_while_held(hold, insert, *, wait="2s"):
    """Run `hold` in a transaction kept open; meanwhile run `insert` on another connection that
    gives up after `wait` on a lock. Returns the insert's outcome: ("ok", value) or ("error", e)."""
    held, release, outcome = threading.Event(), threading.Event(), {}

    def holder():
        try:
            with transaction.atomic():
                hold()
                held.set()
                release.wait(20)
        finally:
            held.set()
            connection.close()

    def inserter():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{wait}'")
                outcome["result"] = ("ok", insert())
        except Exception as error:  # the lock timeout, reported to the test
            outcome["result"] = ("error", error)
        finally:
            connection.close()

    first = threading.Thread(target=holder)
    first.start()
    held.wait(20)
    second = threading.Thread(target=inserter)
    second.start()
    second.join(20)
    release.set()
    first.join(20)
    return outcome["result"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@freeze_time("2026-07-15 03:00")
def test_while_a_decision_issues_a_new_dossier_of_its_product_may_be_filed_and_listed(producer_record):
    product = product_of(producer_record)
    decision = recognition_decision(province=product.province)
    recognition_item(decision, product, stars=3)

    def file_and_list():
        dossier = DossierFactory(product=product, kind=DossierKind.UPGRADE)
        return DecisionItem.objects.create(decision=decision, dossier=dossier, recognised_stars=2).pk

    kind, value = _insert_while_held(
        lambda: certificates_issue_for_decision(decision=decision, by=decision.created_by), file_and_list
    )
    assert kind == "ok", value
    assert Certificate.objects.filter(decision=decision).count() == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_products_locked_for_a_decision_still_take_new_dossiers(producer_record):
    product = product_of(producer_record)
    kind, value = _insert_while_held(lambda: products_lock([product.pk]), lambda: DossierFactory(product=product).pk)
    assert kind == "ok", value
