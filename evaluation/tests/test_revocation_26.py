"""Revocation under QĐ 26/2026 Art. 8: the grounds are the framework's data, the province revokes
3★/4★ and a 5★ revocation is recorded as the Ministry's, and an Art. 8 revocation is decided
within 15 days of the conclusion it rests on (day 15 / day 16)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from evaluation.enums import CertificateStatus, Level, RevocationGround
from evaluation.models import Certificate, Framework
from evaluation.reference import load_frameworks
from evaluation.services.certificates import certificates_revoke_by_decision

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db
CONCLUDED = datetime.date(2026, 9, 1)


def _issued(producer_record, *, stars=3, name="Gà đồi Yên Thế"):
    load_frameworks()
    certificate = issue(product_of(producer_record, name=name), stars=stars)
    Certificate.objects.filter(pk=certificate.pk).update(framework=Framework.objects.get(code="26/2026"))
    certificate.refresh_from_db()
    return certificate


def _revoke(
    certificates, by, *, ground=RevocationGround.ART8_B, on=CONCLUDED, concluded_on=CONCLUDED, number="5/QĐ-TH"
):
    return certificates_revoke_by_decision(
        certificates=certificates,
        decision_number=number,
        decision_date=on,
        decision_signer="Chủ tịch UBND tỉnh",
        decision_authority="UBND tỉnh",
        ground=ground,
        note="Kết luận kiểm tra số 12/KL",
        by=by,
        concluded_on=concluded_on,
    )


@pytest.mark.parametrize(("days", "allowed"), [(0, True), (15, True), (16, False), (-1, False)])
def test_within_15_days_of_the_conclusion(producer_record, province_staff, days, allowed):
    certificate = _issued(producer_record)
    decided = CONCLUDED + datetime.timedelta(days=days)
    if allowed:
        _revoke([certificate], province_staff, on=decided)
        assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.REVOKED
        return
    with pytest.raises(ValidationError) as caught:
        _revoke([certificate], province_staff, on=decided)
    assert "trong 15 ngày kể từ ngày có kết luận (01/09/2026 – 16/09/2026)" in caught.value.messages[0]
    assert Certificate.objects.get(pk=certificate.pk).status != CertificateStatus.REVOKED


def test_an_art8_ground_needs_the_conclusion_date(producer_record, province_staff):
    certificate = _issued(producer_record)
    with pytest.raises(ValidationError) as caught:
        _revoke([certificate], province_staff, concluded_on=None)
    assert "Hãy ghi ngày có kết luận làm căn cứ thu hồi." in caught.value.messages[0]


def test_a_ground_outside_the_frameworks_is_refused(producer_record, province_staff):
    certificate = _issued(producer_record)
    with pytest.raises(ValidationError) as caught:
        _revoke([certificate], province_staff, ground=RevocationGround.QUALITY)
    assert "Căn cứ thu hồi không hợp lệ." in caught.value.messages[0]


def test_five_stars_is_the_ministrys_decision(producer_record, province_staff):
    five = _issued(producer_record, stars=5)
    revoked = _revoke([five], province_staff)
    assert (revoked[0].status, revoked[0].revocation_decision.level) == (CertificateStatus.REVOKED, Level.CENTRAL)
    three = _issued(producer_record, name="Mật ong bạc hà")
    four_and_five = [three, _issued(producer_record, stars=5, name="Chè Tân Cương")]
    with pytest.raises(ValidationError) as caught:
        _revoke(four_and_five, province_staff, number="6/QĐ-TH")
    assert "hãy ghi nhận riêng từng quyết định" in caught.value.messages[0]
    assert _revoke([three], province_staff, number="7/QĐ-TH")[0].revocation_decision.level == Level.PROVINCE
