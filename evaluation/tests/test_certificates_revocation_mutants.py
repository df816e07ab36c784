"""Revocation (evaluation/services/certificates/revocation.py): what the mutation run of issue 24
found no test for (docs/mutation.md) — a decision number reused for another decision, the words
of each refusal and which field it is shown beside, the notification of a revocation and who gets
it, the grounds offered on a day, and that a revocation's row locks do not hold back a notice or a
misuse report about the certificate. Then what the run of 07/12/2026 found: a decision number of
another province, and the words and field of the two Art. 8 refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DecisionKind, Level, NoticeKind, RevocationGround
from evaluation.models import Certificate, CertificateNotice, Decision, Framework
from evaluation.reference import load_frameworks
from evaluation.services.certificates import (
    certificate_revoke,
    certificates_revoke_bulk,
    certificates_revoke_by_decision,
)
from evaluation.services.certificates.revocation import (
    grounds_for,
    revocation_clock_days,
    revocation_decision_record,
)
from ocop_portal.core.models import AuditEntry, Notification
from ocop_portal.testing import factories as f
from ocop_portal.testing.concurrency import run_while_held

from .test_certificates_helpers import issue, product_of
from .test_certificates_services import revocation_decision
from .test_revocation_26 import _issued

D = datetime.date
DECIDED = D(2027, 3, 2)
db = pytest.mark.django_db


def _by_decision(certificates, by, *, number="47/QĐ-UBND", on=DECIDED, ground=RevocationGround.QUALITY):
    return certificates_revoke_by_decision(
        certificates=certificates,
        decision_number=number,
        decision_date=on,
        decision_signer="Lê Văn Tỉnh",
        decision_authority="Ủy ban nhân dân tỉnh",
        ground=ground,
        note="",
        by=by,
    )


@pytest.fixture
def certificate(producer_record):
    with freeze_time("2026-07-10 03:00"):
        return issue(product_of(producer_record))


@db
@pytest.mark.parametrize(
    "other", [{"date": D(2027, 3, 3)}, {"kind": DecisionKind.RECOGNITION}, {"level": Level.CENTRAL}]
)
def test_a_decision_number_already_used_for_another_decision_is_refused(province, province_staff, other):
    first = revocation_decision_record(
        province=province, number="47/QĐ-UBND", date=DECIDED, signer="A", authority="B", by=province_staff
    )
    Decision.objects.filter(pk=first.pk).update(**other)
    with pytest.raises(ValidationError) as caught:
        revocation_decision_record(
            province=province, number="47/QĐ-UBND", date=DECIDED, signer="A", authority="B", by=province_staff
        )
    assert caught.value.message_dict == {
        "decision_number": ["Số quyết định này đã được dùng cho một quyết định khác (ngày hoặc loại khác)."]
    }


@db
def test_a_decision_number_is_read_without_its_spaces_and_recorded_once_with_its_audit(province, province_staff):
    first = revocation_decision_record(
        province=province, number=" 47/QĐ-UBND ", date=DECIDED, signer="A", authority="B", by=province_staff
    )
    again = revocation_decision_record(
        province=province, number="47/QĐ-UBND", date=DECIDED, signer="A", authority="B", by=province_staff
    )
    assert (first, first.number, first.created_by) == (again, "47/QĐ-UBND", province_staff)
    entry = AuditEntry.objects.get(action="decision.revocation", object_id=str(first.pk))
    assert (entry.actor, entry.changes) == (province_staff, {"number": ["", "47/QĐ-UBND"]})


@db
def test_a_decision_number_of_another_province_is_a_decision_of_its_own(province, province_staff):
    """Every province numbers its decisions: 47/QĐ-UBND of another province is not this one's."""
    other = f.ProvinceFactory(code="98", name="Tỉnh Khác")
    theirs = revocation_decision_record(
        province=other, number="47/QĐ-UBND", date=DECIDED, signer="A", authority="B", by=province_staff
    )
    ours = revocation_decision_record(
        province=province, number="47/QĐ-UBND", date=DECIDED, signer="A", authority="B", by=province_staff
    )
    assert ours != theirs
    assert (ours.province, ours.issuer_unit, theirs.province) == (province, province, other)


@db
@freeze_time("2027-03-05 03:00")
def test_revocation_by_a_user_of_another_province_is_refused_in_words(certificate):
    stranger = f.UserFactory(staff_province=f.ProvinceFactory(code="98", name="Tỉnh Khác"))
    with pytest.raises(PermissionDenied, match=r"^Bạn không có quyền thu hồi giấy chứng nhận này\.$"):
        certificate_revoke(
            certificate=certificate,
            decision=revocation_decision(certificate.province),
            ground=RevocationGround.QUALITY,
            note="",
            by=stranger,
        )


@db
@freeze_time("2027-03-05 03:00")
def test_the_producer_and_district_are_told_of_a_revocation_not_the_province(
    certificate, producer, district_officer, province_staff
):
    decision = revocation_decision(certificate.province)
    certificate_revoke(
        certificate=certificate, decision=decision, ground=RevocationGround.FOOD_SAFETY, note="", by=province_staff
    )
    notes = Notification.objects.order_by("recipient_id")
    assert [n.recipient for n in notes] == [producer, district_officer]
    note = notes[0]
    assert note.subject == f"Giấy chứng nhận OCOP {certificate.number} đã bị thu hồi"
    assert note.body == (
        "Sản phẩm Gà đồi Yên Thế: thu hồi theo quyết định 12/QĐ-UBND (01/03/2027). Căn cứ: Vi phạm an toàn thực phẩm."
    )
    assert note.url == reverse("evaluation:certificate_detail", args=[certificate.pk])


@db
@freeze_time("2027-03-05 03:00")
def test_a_recognition_decision_of_the_province_is_not_a_revocation(certificate, province_staff):
    recognition = revocation_decision(certificate.province)
    Decision.objects.filter(pk=recognition.pk).update(kind=DecisionKind.RECOGNITION)
    recognition.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        certificate_revoke(
            certificate=certificate, decision=recognition, ground=RevocationGround.QUALITY, note="", by=province_staff
        )
    assert caught.value.message_dict == {"decision": ["Cần một quyết định thu hồi."]}


@db
@freeze_time("2027-03-05 03:00")
@pytest.mark.parametrize(
    ("stars", "level", "words"),
    [
        (4, Level.CENTRAL, "Giấy chứng nhận 3–4 sao do Chủ tịch UBND tỉnh thu hồi."),
        (
            5,
            Level.PROVINCE,
            "Giấy chứng nhận 5 sao do Bộ Nông nghiệp và Môi trường thu hồi: ghi nhận quyết định của Bộ.",
        ),
    ],
)
def test_a_decision_of_the_wrong_level_is_refused_saying_who_revokes(
    producer_record, province_staff, stars, level, words
):
    with freeze_time("2026-07-10 03:00"):
        certificate = issue(product_of(producer_record), stars=stars)
    decision = revocation_decision(certificate.province)
    Decision.objects.filter(pk=decision.pk).update(level=level)
    decision.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        certificate_revoke(
            certificate=certificate, decision=decision, ground=RevocationGround.QUALITY, note="", by=province_staff
        )
    assert caught.value.message_dict == {"decision": [words]}


@db
@freeze_time("2027-03-05 03:00")
def test_a_bulk_refusal_names_the_certificate_beside_the_field_it_is_about(producer_record, province_staff):
    certificates = [issue(product_of(producer_record, name)) for name in ("A", "B")]
    with pytest.raises(ValidationError) as caught:
        certificates_revoke_bulk(
            certificates=certificates,
            decision=revocation_decision(producer_record.province),
            ground="dislike",
            note="",
            by=province_staff,
        )
    assert caught.value.message_dict == {"ground": [f"{certificates[0].number}: Căn cứ thu hồi không hợp lệ."]}


@db
@freeze_time("2027-03-05 03:00")
def test_a_bulk_refusal_of_the_status_names_the_certificate(producer_record, province_staff):
    first, second = (issue(product_of(producer_record, name)) for name in ("A", "B"))
    Certificate.objects.filter(pk=second.pk).update(status=S.SUPERSEDED)
    second.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        certificates_revoke_bulk(
            certificates=[second, first],
            decision=revocation_decision(producer_record.province),
            ground=RevocationGround.QUALITY,
            note="",
            by=province_staff,
        )
    assert caught.value.messages == [
        f"{second.number}: Giấy chứng nhận {second.number} không thể chuyển từ “Đã được thay thế” sang “Đã thu hồi”."
    ]
    assert not Certificate.objects.filter(status=S.REVOKED).exists()


@db
@freeze_time("2027-03-05 03:00")
def test_bulk_revocation_returns_the_certificates_in_number_order(producer_record, province_staff):
    certificates = [issue(product_of(producer_record, name)) for name in ("A", "B", "C")]
    revoked = certificates_revoke_bulk(
        certificates=reversed(certificates),
        decision=revocation_decision(producer_record.province),
        ground=RevocationGround.QUALITY,
        note="",
        by=province_staff,
    )
    assert [c.pk for c in revoked] == [c.pk for c in certificates]


@db
@freeze_time("2027-03-05 03:00")
@pytest.mark.parametrize("chosen", ["none", "two provinces"])
def test_a_revocation_needs_certificates_of_one_province(producer_record, province_staff, chosen):
    certificates = []
    if chosen == "two provinces":
        other_district = f.DistrictFactory(parent=f.ProvinceFactory(code="27"))
        other = f.ProducerFactory(commune=f.CommuneFactory(parent=other_district))
        certificates = [issue(product_of(producer_record)), issue(f.ProductFactory(producer=other))]
    with pytest.raises(ValidationError) as caught:
        _by_decision(certificates, province_staff)
    assert caught.value.messages == ["Chọn ít nhất một giấy chứng nhận, tất cả của cùng một tỉnh."]


@db
@freeze_time("2027-03-05 03:00")
def test_three_and_five_stars_are_not_revoked_by_one_decision(producer_record, province_staff):
    certificates = [issue(product_of(producer_record, "A"), stars=3), issue(product_of(producer_record, "B"), stars=5)]
    with pytest.raises(ValidationError) as caught:
        _by_decision(certificates, province_staff)
    assert caught.value.messages == [
        "Giấy chứng nhận 5 sao do Bộ thu hồi, 3–4 sao do tỉnh: hãy ghi nhận riêng từng quyết định."
    ]


@db
def test_the_grounds_of_a_day_are_the_certificates_frameworks_then_the_one_in_force(certificate):
    load_frameworks()
    old = ["not_reevaluated", "fails_mandatory", "quality", "food_safety", "production_stopped", "service_stopped"]
    art8 = ["art8_a", "art8_b", "art8_c", "art8_d", "art8_dd", "art8_e"]
    in_force_26 = Framework.objects.get(code="26/2026").valid_from
    assert grounds_for(certificate, in_force_26 - datetime.timedelta(days=1)) == old
    assert grounds_for(certificate, in_force_26) == old + art8
    Framework.objects.update(revocation_grounds=[])
    certificate.refresh_from_db()
    assert grounds_for(certificate, in_force_26) == list(RevocationGround.values)


@db
def test_only_an_art8_ground_has_the_15_day_clock(certificate):
    load_frameworks()
    in_force_26 = Framework.objects.get(code="26/2026").valid_from
    assert revocation_clock_days(RevocationGround.ART8_B, in_force_26) == 15
    assert revocation_clock_days(RevocationGround.QUALITY, in_force_26) is None
    assert revocation_clock_days(RevocationGround.ART8_B, in_force_26 - datetime.timedelta(days=1)) is None


@db
@pytest.mark.parametrize(
    ("concluded_on", "words"),
    [
        (None, "Hãy ghi ngày có kết luận làm căn cứ thu hồi."),
        (
            D(2026, 9, 1),
            "Quyết định thu hồi phải ban hành trong 15 ngày kể từ ngày có kết luận (01/09/2026 – 16/09/2026).",
        ),
    ],
)
def test_an_art8_refusal_is_shown_beside_the_conclusion_date(producer_record, province_staff, concluded_on, words):
    certificate = _issued(producer_record)
    with pytest.raises(ValidationError) as caught:
        certificate_revoke(
            certificate=certificate,
            decision=revocation_decision(certificate.province, on=D(2026, 9, 17)),
            ground=RevocationGround.ART8_B,
            note="",
            by=province_staff,
            concluded_on=concluded_on,
        )
    assert caught.value.message_dict == {"concluded_on": [words]}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_while_certificates_are_revoked_a_notice_about_them_may_be_recorded(producer_record, province_staff):
    with freeze_time("2026-07-10 03:00"):
        certificate = issue(product_of(producer_record))
    decision = revocation_decision(producer_record.province)

    def revoke():
        with freeze_time("2027-03-05 03:00"):
            certificates_revoke_bulk(
                certificates=[certificate],
                decision=decision,
                ground=RevocationGround.QUALITY,
                note="",
                by=province_staff,
            )

    kind, value = run_while_held(
        revoke,
        lambda: (
            CertificateNotice.objects.create(
                certificate=certificate, kind=NoticeKind.DAYS_90, sent_on=D(2027, 3, 5), recipients=[]
            ).pk
        ),
    )
    assert kind == "ok", value
    assert Certificate.objects.get(pk=certificate.pk).status == S.REVOKED
