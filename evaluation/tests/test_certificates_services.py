"""Issuing, numbering, supersession, the status table, revocation, awards and evidence carry-over."""

import datetime
import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DecisionKind, DossierKind, DossierState, EvidenceType, Level, RevocationGround
from evaluation.models import Certificate, CertificateEvent, CertificateSequence, Decision, EvidenceFile
from evaluation.services.certificates import (
    TRANSITIONS,
    certificate_revoke,
    certificate_set_status,
    certificates_issue_for_decision,
    certificates_revoke_bulk,
    certificates_revoke_by_decision,
    evidence_carry_over,
)
from evaluation.tests.factories import DossierFactory
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from support.enums import FundingSource, SupportCategory
from support.models import AwardPolicy, BudgetLine, SupportGrant

from .test_certificates_helpers import (
    issue,
    product_of,
    recognition_decision,
    recognition_item,
)

pytestmark = pytest.mark.django_db
TODAY = "2026-07-15 03:00"


def revocation_decision(province, *, on=datetime.date(2027, 3, 1), number="12/QĐ-UBND", by=None):
    return Decision.objects.create(
        province=province,
        issuer_unit=province,
        level=Level.PROVINCE,
        kind=DecisionKind.REVOCATION,
        number=number,
        date=on,
        signer="Lê Văn Tỉnh",
        authority="Ủy ban nhân dân tỉnh Bắc Giang",
        created_by=by or f.UserFactory(),
    )


@freeze_time(TODAY)
def test_issue_sets_every_field_from_the_decision_and_dossier(producer_record, province_staff):
    product = product_of(producer_record)
    decision = recognition_decision(province=product.province, issuer_unit=product.district)
    item = recognition_item(decision, product, stars=4)

    [certificate] = certificates_issue_for_decision(decision=decision, by=province_staff)

    certificate.refresh_from_db()
    assert (
        certificate.number,
        certificate.product,
        certificate.producer,
        certificate.province,
        certificate.district,
        certificate.stars,
        certificate.framework,
        certificate.issuing_level,
        certificate.issuing_authority,
        certificate.decision,
        certificate.dossier,
        certificate.valid_from,
        certificate.valid_until,
        certificate.status,
    ) == (
        "OCOP-24-2026-0001",
        product,
        producer_record,
        product.province,
        product.district,
        4,
        item.dossier.round.framework,
        Level.DISTRICT,
        "Ủy ban nhân dân huyện Yên Thế",
        decision,
        item.dossier,
        datetime.date(2026, 7, 10),
        datetime.date(2029, 7, 10),
        S.VALID,
    )
    assert len(certificate.public_code) == 12
    assert set(certificate.public_code) <= set("abcdefghijkmnpqrstuvwxyz23456789")
    assert list(certificate.events.values_list("date", "from_status", "to_status", "reason", "decision")) == [
        (datetime.date(2026, 7, 10), "", S.VALID, f"Cấp theo quyết định {decision.number}", decision.pk)
    ]
    assert AuditEntry.objects.filter(action="certificate.issued", object_id=str(certificate.pk)).count() == 1


@freeze_time(TODAY)
def test_issuing_twice_for_the_same_decision_does_nothing_the_second_time(producer_record):
    product = product_of(producer_record)
    decision = recognition_decision(province=product.province)
    recognition_item(decision, product, stars=3)

    first = certificates_issue_for_decision(decision=decision, by=decision.created_by)
    second = certificates_issue_for_decision(decision=decision, by=decision.created_by)

    assert (len(first), second) == (1, [])
    assert Certificate.objects.count() == 1
    assert CertificateSequence.objects.get().last_number == 1
    assert CertificateEvent.objects.count() == 1


@freeze_time(TODAY)
def test_items_below_three_stars_get_no_certificate(producer_record):
    decision = recognition_decision(province=producer_record.province)
    recognition_item(decision, product_of(producer_record, "A"), stars=2)
    recognition_item(decision, product_of(producer_record, "B"), stars=3)

    issued = certificates_issue_for_decision(decision=decision, by=decision.created_by)

    assert [c.product.name for c in issued] == ["B"]


def test_a_revocation_decision_issues_nothing(producer_record):
    decision = revocation_decision(producer_record.province)
    with pytest.raises(ValidationError):
        certificates_issue_for_decision(decision=decision, by=decision.created_by)


@freeze_time(TODAY)
def test_numbers_follow_the_sequence_and_are_never_reused_after_revocation(producer_record, province_staff):
    first = issue(product_of(producer_record, "A"))
    second = issue(product_of(producer_record, "B"))
    certificate_revoke(
        certificate=second,
        decision=revocation_decision(producer_record.province),
        ground=RevocationGround.QUALITY,
        note="",
        by=province_staff,
    )

    third = issue(product_of(producer_record, "C"))
    next_year = issue(product_of(producer_record, "D"), on=datetime.date(2027, 1, 5))

    assert [first.number, second.number, third.number, next_year.number] == [
        "OCOP-24-2026-0001",
        "OCOP-24-2026-0002",
        "OCOP-24-2026-0003",
        "OCOP-24-2027-0001",
    ]


@freeze_time(TODAY)
def test_number_pattern_comes_from_settings(settings, producer_record):
    settings.OCOP_CERTIFICATE_NUMBER_PATTERN = "{seq:03d}/{year}/GCN-OCOP-{province}"
    assert issue(product_of(producer_record)).number == "001/2026/GCN-OCOP-24"


@freeze_time(TODAY)
def test_a_number_already_taken_is_skipped(settings, producer_record):
    settings.OCOP_CERTIFICATE_NUMBER_PATTERN = "{province}-{seq}"
    taken = issue(product_of(producer_record, "A"))
    CertificateSequence.objects.update(last_number=0)  # e.g. the sequence was reset by hand

    assert (taken.number, issue(product_of(producer_record, "B")).number) == ("24-1", "24-2")


def test_a_malformed_number_pattern_is_a_configuration_error(settings, producer_record):
    settings.OCOP_CERTIFICATE_NUMBER_PATTERN = "OCOP-{tinh}-{seq}"
    with pytest.raises(ImproperlyConfigured):
        issue(product_of(producer_record))


@freeze_time("2027-09-01 03:00")
def test_an_upgrade_supersedes_the_certificate_in_force(producer_record):
    product = product_of(producer_record)
    old = issue(product, stars=3, on=datetime.date(2026, 7, 10))

    new = issue(product, stars=4, on=datetime.date(2027, 8, 20), kind=DossierKind.UPGRADE, renews=old)

    old.refresh_from_db()
    assert (old.status, old.superseded_by, new.status) == (S.SUPERSEDED, new, S.VALID)
    assert list(old.events.values_list("date", "from_status", "to_status", "reason", "decision")) == [
        (datetime.date(2026, 7, 10), "", S.VALID, f"Cấp theo quyết định {old.decision.number}", old.decision_id),
        (
            datetime.date(2027, 8, 20),
            S.VALID,
            S.SUPERSEDED,
            f"Được thay thế bởi giấy chứng nhận {new.number}",
            new.decision_id,
        ),
    ]
    assert list(Certificate.objects.filter(product=product, status__in=S.in_force())) == [new]


@freeze_time("2026-07-15 03:00")
def test_a_certificate_for_an_old_decision_carries_its_dated_history(producer_record):
    certificate = issue(product_of(producer_record), on=datetime.date(2020, 1, 15))

    assert certificate.status == S.EXPIRED
    assert list(certificate.events.values_list("date", "to_status")) == [
        (datetime.date(2020, 1, 15), S.VALID),
        (datetime.date(2022, 10, 17), S.EXPIRING),
        (datetime.date(2023, 1, 16), S.EXPIRED),
    ]


@freeze_time("2026-07-15 03:00")
def test_a_late_reevaluation_supersedes_the_expired_certificate_it_renews(producer_record):
    product = product_of(producer_record)
    old = issue(product, on=datetime.date(2023, 1, 5))  # expired on 06/01/2026
    new = issue(product, on=datetime.date(2026, 7, 1), kind=DossierKind.REEVALUATION, renews=old)

    old.refresh_from_db()
    assert (old.status, old.superseded_by, new.status) == (S.SUPERSEDED, new, S.VALID)


TABLE = [(a, b) for a, b in itertools.product(S.values, S.values) if a != b]


@pytest.mark.parametrize(("start", "target"), TABLE)
@freeze_time(TODAY)
def test_status_changes_follow_the_transition_table(producer_record, start, target):
    certificate = issue(product_of(producer_record))
    Certificate.objects.filter(pk=certificate.pk).update(status=start)
    certificate.refresh_from_db()
    allowed = target in TRANSITIONS[start]

    if allowed:
        certificate_set_status(certificate=certificate, to=target, on=datetime.date(2026, 7, 15), reason="thử")
    else:
        with pytest.raises(ValidationError):
            certificate_set_status(certificate=certificate, to=target, on=datetime.date(2026, 7, 15), reason="thử")

    certificate.refresh_from_db()
    assert certificate.status == (target if allowed else start)
    assert certificate.events.filter(to_status=target, from_status=start).count() == (1 if allowed else 0)


def test_the_transition_table_is_the_documented_one():
    assert {
        S.VALID: {S.EXPIRING, S.EXPIRED, S.SUPERSEDED, S.REVOKED, S.EXTENDED},
        S.EXPIRING: {S.EXPIRED, S.SUPERSEDED, S.REVOKED, S.EXTENDED},
        S.EXPIRED: {S.SUPERSEDED, S.REVOKED, S.EXTENDED},
        # QĐ 26/2026 Art. 12.3: until the re-evaluation result, or expired at the limit
        S.EXTENDED: {S.EXPIRED, S.SUPERSEDED, S.REVOKED},
        S.SUPERSEDED: set(),
        S.REVOKED: set(),
    } == TRANSITIONS


@freeze_time("2027-03-05 03:00")
def test_revoke_records_ground_decision_event_and_audit(producer_record, province_staff):
    certificate = issue(product_of(producer_record))
    decision = revocation_decision(producer_record.province)

    certificate_revoke(
        certificate=certificate,
        decision=decision,
        ground=RevocationGround.FOOD_SAFETY,
        note="Mẫu kiểm nghiệm không đạt",
        by=province_staff,
    )

    certificate.refresh_from_db()
    assert (
        certificate.status,
        certificate.revocation_decision,
        certificate.revocation_ground,
        certificate.revocation_note,
    ) == (S.REVOKED, decision, RevocationGround.FOOD_SAFETY, "Mẫu kiểm nghiệm không đạt")
    assert list(certificate.events.filter(to_status=S.REVOKED).values_list("date", "reason", "decision")) == [
        (datetime.date(2027, 3, 1), "Thu hồi: Vi phạm an toàn thực phẩm", decision.pk)
    ]
    entry = AuditEntry.objects.get(action="certificate.revoked", object_id=str(certificate.pk))
    assert (entry.actor, entry.changes["status"]) == (province_staff, [S.VALID, S.REVOKED])


@freeze_time(TODAY)
def test_a_district_officer_cannot_revoke(producer_record, district_officer):
    certificate = issue(product_of(producer_record))
    with pytest.raises(PermissionDenied):
        certificate_revoke(
            certificate=certificate,
            decision=revocation_decision(producer_record.province),
            ground=RevocationGround.QUALITY,
            note="",
            by=district_officer,
        )
    certificate.refresh_from_db()
    assert certificate.status == S.VALID


@freeze_time(TODAY)
@pytest.mark.parametrize("problem", ["recognition_decision", "bad_ground", "before_issue", "already_revoked"])
def test_revoke_refuses_what_is_not_a_valid_revocation(producer_record, province_staff, problem):
    certificate = issue(product_of(producer_record))
    decision = revocation_decision(producer_record.province)
    ground = RevocationGround.QUALITY
    if problem == "recognition_decision":
        decision = certificate.decision
    elif problem == "bad_ground":
        ground = "dislike"
    elif problem == "before_issue":
        decision = revocation_decision(producer_record.province, on=datetime.date(2026, 1, 1), number="1/QĐ-TH")
    else:
        certificate_revoke(certificate=certificate, decision=decision, ground=ground, note="", by=province_staff)

    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, decision=decision, ground=ground, note="", by=province_staff)
    assert certificate.events.filter(to_status=S.REVOKED).count() == (1 if problem == "already_revoked" else 0)


@freeze_time("2027-03-05 03:00")
def test_bulk_revocation_revokes_all_with_their_ground(producer_record, province_staff):
    certificates = [issue(product_of(producer_record, name)) for name in ("A", "B", "C")]
    decision = revocation_decision(producer_record.province)

    certificates_revoke_bulk(
        certificates=certificates,
        decision=decision,
        ground=RevocationGround.PRODUCTION_STOPPED,
        note="",
        by=province_staff,
    )

    assert (
        list(Certificate.objects.order_by("id").values_list("status", "revocation_ground", "revocation_decision"))
        == [(S.REVOKED, RevocationGround.PRODUCTION_STOPPED, decision.pk)] * 3
    )
    assert CertificateEvent.objects.filter(to_status=S.REVOKED, decision=decision).count() == 3


@freeze_time("2027-09-05 03:00")
def test_bulk_revocation_is_all_or_nothing(producer_record, province_staff):
    product = product_of(producer_record, "A")
    superseded = issue(product, on=datetime.date(2026, 7, 10))
    issue(product, stars=4, on=datetime.date(2027, 8, 1), kind=DossierKind.UPGRADE, renews=superseded)
    fine = issue(product_of(producer_record, "B"))

    with pytest.raises(ValidationError) as refused:
        certificates_revoke_bulk(
            certificates=[fine, superseded],
            decision=revocation_decision(producer_record.province),
            ground=RevocationGround.QUALITY,
            note="",
            by=province_staff,
        )

    assert superseded.number in refused.value.messages[0]
    assert not Certificate.objects.filter(status=S.REVOKED).exists()
    assert not CertificateEvent.objects.filter(to_status=S.REVOKED).exists()


@freeze_time("2027-03-05 03:00")
def test_revoke_by_decision_records_the_decision_once_and_reuses_it(producer_record, province_staff):
    first, second = issue(product_of(producer_record, "A")), issue(product_of(producer_record, "B"))
    data = {
        "decision_number": "47/QĐ-UBND",
        "decision_date": datetime.date(2027, 3, 2),
        "decision_signer": "Lê Văn Tỉnh",
        "decision_authority": "Ủy ban nhân dân tỉnh Bắc Giang",
        "ground": RevocationGround.NOT_REEVALUATED,
        "note": "",
    }

    certificates_revoke_by_decision(certificates=[first], by=province_staff, **data)
    certificates_revoke_by_decision(certificates=[second], by=province_staff, **data)

    decision = Decision.objects.get(number="47/QĐ-UBND")
    assert (decision.kind, decision.issuer_unit, decision.level) == (
        DecisionKind.REVOCATION,
        producer_record.province,
        Level.PROVINCE,
    )
    assert set(Certificate.objects.values_list("revocation_decision", flat=True)) == {decision.pk}


def award_setup(province, *, first_3=50_000_000, upgrade_4=100_000_000, **other_amounts):
    AwardPolicy.objects.create(
        province=province, year=2026, first_3_stars=first_3, upgrade_4_stars=upgrade_4, **other_amounts
    )
    BudgetLine.objects.create(
        province=province,
        year=2026,
        funding_source=FundingSource.PROVINCIAL,
        category=SupportCategory.RESULTS_AWARD,
        allocated_amount=1_000_000_000,
        decision_number="5/QĐ-UBND",
        decision_date=datetime.date(2026, 1, 10),
    )


@freeze_time("2026-12-20 03:00")
def test_issuing_proposes_the_results_based_award_by_kind(producer_record, django_capture_on_commit_callbacks):
    award_setup(producer_record.province)
    product = product_of(producer_record)

    # Support proposes the award when the recognition commits (evaluation.signals).
    with django_capture_on_commit_callbacks(execute=True):
        first = issue(product, stars=3, on=datetime.date(2026, 7, 10))
        upgraded = issue(product, stars=4, on=datetime.date(2026, 12, 1), kind=DossierKind.UPGRADE, renews=first)

    grants = SupportGrant.objects.order_by("id").values_list("source_key", "amount", "product", "producer")
    assert list(grants) == [
        (f"certificate:{first.pk}", 50_000_000, product.pk, producer_record.pk),
        (f"certificate:{upgraded.pk}", 100_000_000, product.pk, producer_record.pk),
    ]


@freeze_time(TODAY)
def test_no_award_policy_still_issues_the_certificate(producer_record):
    certificate = issue(product_of(producer_record))
    assert (certificate.status, SupportGrant.objects.count()) == (S.VALID, 0)


def evidence_of(dossier, name, valid_until, user):
    return EvidenceFile.objects.create(
        dossier=dossier,
        evidence_type=EvidenceType.LAB_TEST,
        file=f"evidence/{dossier.pk}/{name}",
        original_name=name,
        content_type="application/pdf",
        size=1234,
        sha256="a" * 64,
        valid_until=valid_until,
        uploaded_by=user,
    )


@freeze_time("2029-05-01 03:00")
def test_evidence_still_valid_is_carried_over_once(producer_record, producer):
    product = product_of(producer_record)
    old = issue(product, on=datetime.date(2026, 7, 10))
    lasting = evidence_of(old.dossier, "dang-ky-kinh-doanh.pdf", None, producer)
    future = evidence_of(old.dossier, "kiem-nghiem.pdf", datetime.date(2030, 1, 1), producer)
    evidence_of(old.dossier, "attp-cu.pdf", datetime.date(2029, 4, 30), producer)
    renewal = DossierFactory(product=product, kind=DossierKind.REEVALUATION, renews_certificate=old)

    copies = evidence_carry_over(dossier=renewal, by=producer)
    again = evidence_carry_over(dossier=renewal, by=producer)

    assert again == []
    assert sorted(
        renewal.evidence.values_list("original_name", "file", "carried_over_from", "valid_until", "uploaded_by")
    ) == [
        ("dang-ky-kinh-doanh.pdf", lasting.file.name, lasting.pk, None, producer.pk),
        ("kiem-nghiem.pdf", future.file.name, future.pk, datetime.date(2030, 1, 1), producer.pk),
    ]
    assert len(copies) == 2


@freeze_time("2029-05-01 03:00")
def test_evidence_carry_over_needs_a_renewal_dossier_the_user_may_prepare(producer_record, producer, other_producer):
    product = product_of(producer_record)
    old = issue(product, on=datetime.date(2026, 7, 10))
    renewal = DossierFactory(product=product, kind=DossierKind.REEVALUATION, renews_certificate=old)
    new_dossier = DossierFactory(product=product_of(producer_record, "Khác"), kind=DossierKind.NEW)
    submitted = DossierFactory(
        product=product_of(producer_record, "Nộp rồi"),
        kind=DossierKind.UPGRADE,
        renews_certificate=old,
        state=DossierState.SUBMITTED,
    )

    with pytest.raises(PermissionDenied):
        evidence_carry_over(dossier=renewal, by=other_producer)
    with pytest.raises(ValidationError):
        evidence_carry_over(dossier=new_dossier, by=producer)
    with pytest.raises(ValidationError):
        evidence_carry_over(dossier=submitted, by=producer)
