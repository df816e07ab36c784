"""Evidence carried over into a renewal (evaluation/services/certificates/renewal.py): what the
mutation run of issue 24 found no test for (docs/mutation.md) — the words of each refusal, an
upgrade dossier and a certificate entered without a dossier, every field a copy keeps, the order
of the copies and the audit entry that lists them. Then what the run of 07/12/2026 found: a source
already carried into another renewal, and evidence uploaded to the renewal first."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from evaluation.enums import DossierKind, DossierState, EvidenceTopic
from evaluation.models import Certificate, EvidenceFile
from evaluation.services.certificates import evidence_carry_over
from evaluation.tests.factories import DossierFactory
from ocop_portal.core.models import AuditEntry

from .test_certificates_helpers import issue, product_of
from .test_certificates_services import evidence_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with freeze_time("2029-05-01 03:00"):
        yield


@pytest.fixture
def old(producer_record):
    return issue(product_of(producer_record), on=datetime.date(2026, 7, 10))


def test_an_upgrade_dossier_takes_the_evidence_in_its_order_with_every_field(old, producer):
    second = evidence_of(old.dossier, "b-kiem-nghiem.pdf", None, producer)
    first = evidence_of(old.dossier, "a-dang-ky.pdf", None, producer)
    # Its row of form 02's evidence table (QĐ 26/2026) goes with a copy: the copy sat outside it.
    EvidenceFile.objects.filter(pk=first.pk).update(topic=EvidenceTopic.BUSINESS_REGISTRATION)
    first.refresh_from_db()
    upgrade = DossierFactory(product=old.product, kind=DossierKind.UPGRADE, renews_certificate=old)

    copies = evidence_carry_over(dossier=upgrade, by=producer)

    assert [copy.carried_over_from_id for copy in copies] == [second.pk, first.pk]
    fields = ("evidence_type", "topic", "file", "original_name", "content_type", "size", "sha256", "valid_until")
    for copy, source in zip(copies, (second, first), strict=True):
        copy.refresh_from_db()
        assert [getattr(copy, name) for name in fields] == [getattr(source, name) for name in fields]
        assert (copy.dossier, copy.uploaded_by) == (upgrade, producer)
    entry = AuditEntry.objects.get(action="dossier.evidence_carried_over", object_id=str(upgrade.pk))
    assert (entry.actor, entry.changes) == (producer, {"evidence": ["", "b-kiem-nghiem.pdf, a-dang-ky.pdf"]})


def test_nothing_to_carry_writes_no_audit_entry(old, producer):
    renewal = DossierFactory(product=old.product, kind=DossierKind.REEVALUATION, renews_certificate=old)
    assert evidence_carry_over(dossier=renewal, by=producer) == []
    assert not AuditEntry.objects.filter(action="dossier.evidence_carried_over").exists()


def test_a_certificate_entered_without_a_dossier_has_nothing_to_carry(old, producer):
    evidence_of(old.dossier, "a.pdf", None, producer)
    Certificate.objects.filter(pk=old.pk).update(dossier=None)
    renewal = DossierFactory(product=old.product, kind=DossierKind.REEVALUATION, renews_certificate=old)
    assert evidence_carry_over(dossier=renewal, by=producer) == []
    assert renewal.evidence.count() == 0


def test_the_refusals_say_why(old, producer, other_producer):
    renewal = DossierFactory(product=old.product, kind=DossierKind.REEVALUATION, renews_certificate=old)
    with pytest.raises(PermissionDenied, match=r"^Bạn không có quyền chuẩn bị hồ sơ này\.$"):
        evidence_carry_over(dossier=renewal, by=other_producer)

    unlinked = DossierFactory(product=old.product, kind=DossierKind.REEVALUATION, renews_certificate=None)
    with pytest.raises(ValidationError) as caught:
        evidence_carry_over(dossier=unlinked, by=producer)
    assert caught.value.messages == [
        "Chỉ hồ sơ đánh giá lại hoặc nâng hạng gắn với một giấy chứng nhận mới dùng lại minh chứng."
    ]

    submitted = DossierFactory(
        product=old.product, kind=DossierKind.REEVALUATION, renews_certificate=old, state=DossierState.SUBMITTED
    )
    with pytest.raises(ValidationError) as caught:
        evidence_carry_over(dossier=submitted, by=producer)
    assert caught.value.messages == ["Hồ sơ không còn ở trạng thái được bổ sung minh chứng."]


def test_evidence_carried_into_one_renewal_is_carried_into_another_too(old, producer):
    """A re-evaluation dossier withdrawn and a new one made: the new one takes the evidence too."""
    source = evidence_of(old.dossier, "a.pdf", None, producer)
    withdrawn = DossierFactory(product=old.product, kind=DossierKind.REEVALUATION, renews_certificate=old)
    evidence_carry_over(dossier=withdrawn, by=producer)
    withdrawn.state = DossierState.WITHDRAWN
    withdrawn.save(update_fields=["state"])
    renewal = DossierFactory(product=old.product, kind=DossierKind.REEVALUATION, renews_certificate=old)
    copies = evidence_carry_over(dossier=renewal, by=producer)
    assert [(copy.dossier, copy.carried_over_from) for copy in copies] == [(renewal, source)]


def test_evidence_uploaded_to_the_renewal_first_does_not_stop_the_carry_over(old, producer):
    source = evidence_of(old.dossier, "a.pdf", None, producer)
    renewal = DossierFactory(product=old.product, kind=DossierKind.REEVALUATION, renews_certificate=old)
    evidence_of(renewal, "moi.pdf", None, producer)
    copies = evidence_carry_over(dossier=renewal, by=producer)
    assert [copy.carried_over_from for copy in copies] == [source]
    assert renewal.evidence.count() == 2
