"""Issuing certificates (evaluation/services/certificates/issuing.py): what the mutation run of
issue 24 found no test for (docs/mutation.md) — the refusal's words, the numbers of one decision's
items in the decision's order, the history and audit of a supersession and of an issue, which
earlier certificate decides between an upgrade and a re-evaluation, and that the issuing locks do
not hold back a producer filing a new dossier for the product in the meantime. Then what the run
of 07/12/2026 found: the earlier certificate by date, the certificate's district, the issuer named
for calendar steps and the award, each province's sequence, a malformed pattern's words, a public
code drawn again, an item added later and a dossier certified again."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DossierKind
from evaluation.models import Certificate, DecisionItem, Dossier
from evaluation.services.certificates import certificates_issue_for_decision, issuing
from evaluation.services.certificates.issuing import products_lock
from evaluation.tests.factories import DossierFactory
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from ocop_portal.testing.concurrency import run_while_held
from products.models import Product
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


@pytest.mark.django_db
@freeze_time("2026-12-20 03:00")
def test_the_certificate_renewed_is_the_latest_by_date_not_the_latest_entered(
    producer_record, django_capture_on_commit_callbacks
):
    """3★ in 2023, then a 4★ of 2020 issued late: the 4★ of 2026 is an upgrade of the 2023
    certificate, the latest by date, whatever was entered last."""
    award_setup(producer_record.province, reevaluation_4_stars=30_000_000)
    product = product_of(producer_record)
    with django_capture_on_commit_callbacks(execute=True):
        latest = issue(product, stars=3, on=D(2023, 12, 1))
        issue(product, stars=4, on=D(2020, 1, 15))
        again = issue(product, stars=4, on=D(2026, 12, 1), kind=DossierKind.REEVALUATION, renews=latest)
    assert SupportGrant.objects.get(source_key=f"certificate:{again.pk}").amount == 100_000_000


@pytest.mark.django_db
@freeze_time("2026-07-15 03:00")
def test_a_public_code_already_taken_is_drawn_again(producer_record, monkeypatch):
    taken = issue(product_of(producer_record, "A"))
    Certificate.objects.filter(pk=taken.pk).update(public_code="a" * 12)
    product = product_of(producer_record, "B")
    letters = iter("a" * 12 + "b" * 12)
    monkeypatch.setattr(issuing, "secrets", SimpleNamespace(choice=lambda alphabet: next(letters)))
    assert issue(product).public_code == "b" * 12


@pytest.mark.django_db
@freeze_time("2026-07-15 03:00")
def test_a_certificate_is_of_the_district_its_dossier_was_filed_in(producer_record):
    """The dossier's district, even when the product's record has moved since; the product's
    district for a dossier filed without one."""
    moved, unfiled = product_of(producer_record, "A"), product_of(producer_record, "B")
    filed_in = moved.district
    decision = recognition_decision(province=producer_record.province)
    recognition_item(decision, moved)
    Dossier.objects.filter(pk=recognition_item(decision, unfiled).dossier_id).update(district=None)
    elsewhere = f.DistrictFactory(parent=producer_record.province)
    Product.objects.filter(pk=moved.pk).update(district=elsewhere)
    issued = certificates_issue_for_decision(decision=decision, by=decision.created_by)
    assert [(c.product.name, c.district) for c in issued] == [("A", filed_in), ("B", unfiled.district)]


@pytest.mark.django_db
@freeze_time("2026-07-15 03:00")
def test_each_province_numbers_its_certificates_from_its_own_sequence(producer_record):
    other_district = f.DistrictFactory(parent=f.ProvinceFactory(code="27"))
    other = f.ProducerFactory(commune=f.CommuneFactory(parent=other_district))
    numbers = [
        issue(product_of(producer_record, "A")).number,
        issue(f.ProductFactory(producer=other)).number,
        issue(product_of(producer_record, "B")).number,
    ]
    assert numbers == ["OCOP-24-2026-0001", "OCOP-27-2026-0001", "OCOP-24-2026-0002"]


@pytest.mark.django_db
def test_a_late_issue_and_its_calendar_steps_are_in_the_issuers_name(producer_record, province_staff):
    """A decision of 2023 entered in 2026: issued, then at once expiring and expired — each entry
    of the log names who entered the decision."""
    with freeze_time("2026-08-01 03:00"):
        certificate = issue(product_of(producer_record), on=D(2023, 7, 1), by=province_staff)
    entries = AuditEntry.objects.filter(object_id=str(certificate.pk), action__startswith="certificate.")
    assert sorted(entries.values_list("action", "actor")) == [
        ("certificate.expired", province_staff.pk),
        ("certificate.expiring", province_staff.pk),
        ("certificate.issued", province_staff.pk),
    ]


@pytest.mark.django_db
@freeze_time("2026-12-20 03:00")
def test_the_award_of_a_recognition_is_proposed_in_the_issuers_name(
    producer_record, province_staff, django_capture_on_commit_callbacks
):
    award_setup(producer_record.province)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue(product_of(producer_record), on=D(2026, 12, 1), by=province_staff)
    grant = SupportGrant.objects.get(source_key=f"certificate:{certificate.pk}")
    assert (grant.amount, grant.proposed_by) == (50_000_000, province_staff)


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", ["OCOP-{tinh}-{seq}", "OCOP-{0}-{seq}", "OCOP-{seq:Q}"])
def test_a_malformed_number_pattern_says_what_a_pattern_may_use(settings, producer_record, pattern):
    settings.OCOP_CERTIFICATE_NUMBER_PATTERN = pattern
    with pytest.raises(ImproperlyConfigured) as caught:
        issue(product_of(producer_record))
    assert str(caught.value) == (
        f"OCOP_CERTIFICATE_NUMBER_PATTERN {pattern!r} is not valid: use {{province}}, {{year}} and {{seq}}"
    )
    assert not Certificate.objects.exists()


@pytest.mark.django_db
@freeze_time("2026-07-15 03:00")
def test_an_item_added_to_a_decision_already_issued_gets_its_certificate(producer_record):
    decision = recognition_decision(province=producer_record.province)
    recognition_item(decision, product_of(producer_record, "A"))
    first = certificates_issue_for_decision(decision=decision, by=decision.created_by)
    recognition_item(decision, product_of(producer_record, "B"))
    again = certificates_issue_for_decision(decision=decision, by=decision.created_by)
    assert ([c.product.name for c in first], [c.product.name for c in again]) == (["A"], ["B"])


@pytest.mark.django_db
@freeze_time("2026-07-15 03:00")
def test_a_dossier_certified_by_one_decision_is_certified_again_by_another(producer_record):
    """A decision naming a dossier that an earlier decision certified (e.g. one replacing it)
    issues its own certificate, which supersedes the earlier one."""
    earlier = issue(product_of(producer_record), on=D(2026, 7, 1))
    decision = recognition_decision(province=producer_record.province, on=D(2026, 7, 10))
    DecisionItem.objects.create(decision=decision, dossier=earlier.dossier, recognised_stars=4)
    (later,) = certificates_issue_for_decision(decision=decision, by=decision.created_by)
    earlier.refresh_from_db()
    assert (later.dossier, later.stars, earlier.status, earlier.superseded_by) == (
        earlier.dossier,
        4,
        S.SUPERSEDED,
        later,
    )


# --- lock strength: a parallel insert that references the locked rows is not held back ---------


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

    kind, value = run_while_held(
        lambda: certificates_issue_for_decision(decision=decision, by=decision.created_by), file_and_list
    )
    assert kind == "ok", value
    assert Certificate.objects.filter(decision=decision).count() == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_products_locked_for_a_decision_still_take_new_dossiers(producer_record):
    product = product_of(producer_record)
    kind, value = run_while_held(lambda: products_lock([product.pk]), lambda: DossierFactory(product=product).pk)
    assert kind == "ok", value
