"""Revocation through the API (issue 23): by the province's decision, one certificate or several
(all or none), only by those the revoke pages allow."""

import pytest

from evaluation.enums import CertificateStatus
from evaluation.models import Certificate, Decision

from .factories import make_certificate

pytestmark = pytest.mark.django_db

DECISION = {
    "ground": "",
    "decision_number": "99/QĐ-UBND",
    "decision_date": "2026-09-01",
    "decision_signer": "Nguyễn Văn Ký",
    "decision_authority": "UBND tỉnh Bắc Giang",
    "note": "Vi phạm cam kết chất lượng",
}


def _body(**extra):
    from evaluation.enums import RevocationGround

    return {**DECISION, "ground": RevocationGround.values[0], **extra}


def test_province_staff_revoke_one_certificate(api, world, province_staff, district_officer):
    url = f"/api/v1/certificates/{world['certificate'].pk}/revoke/"
    assert api(district_officer).post(url, _body(), format="json").status_code == 403
    revoked = api(province_staff).post(url, _body(), format="json")
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["status"] == CertificateStatus.REVOKED
    assert Decision.objects.filter(number="99/QĐ-UBND", kind="revocation").count() == 1
    again = api(province_staff).post(url, _body(), format="json")
    assert again.status_code == 400


def test_bulk_revocation_is_all_or_nothing(api, world, province_staff, other_producer_record):
    revoked_already = make_certificate(world["other_product"], stars=3, status=CertificateStatus.REVOKED)
    ids = [world["certificate"].pk, world["other_certificate"].pk, revoked_already.pk]
    refused = api(province_staff).post("/api/v1/certificates/revoke/", _body(certificates=ids), format="json")
    assert refused.status_code == 400
    assert set(Certificate.objects.filter(pk__in=ids[:2]).values_list("status", flat=True)) == {CertificateStatus.VALID}
    done = api(province_staff).post("/api/v1/certificates/revoke/", _body(certificates=ids[:2]), format="json")
    assert done.status_code == 200, done.content
    assert sorted(c["id"] for c in done.json()) == sorted(ids[:2])
    assert set(Certificate.objects.filter(pk__in=ids[:2]).values_list("status", flat=True)) == {
        CertificateStatus.REVOKED
    }


def test_bulk_revocation_of_a_certificate_out_of_scope_is_refused(api, world, district_officer):
    answer = api(district_officer).post(
        "/api/v1/certificates/revoke/", _body(certificates=[world["certificate"].pk]), format="json"
    )
    assert answer.status_code == 403
    assert Certificate.objects.get(pk=world["certificate"].pk).status == CertificateStatus.VALID


# --- QĐ 26/2026 Art. 8: the conclusion date starts the 15-day clock (as on the revoke page) -------


@pytest.fixture
def art8_certificate(world):
    """The world's 3★ certificate under QĐ 26/2026, whose grounds are Art. 8's."""
    from evaluation.models import Framework
    from evaluation.reference import load_frameworks

    load_frameworks()
    Certificate.objects.filter(pk=world["certificate"].pk).update(framework=Framework.objects.get(code="26/2026"))
    return world["certificate"]


@pytest.mark.parametrize(("decided", "allowed"), [("2026-09-16", True), ("2026-09-17", False)])
def test_an_art8_revocation_through_the_api_takes_its_conclusion_date(
    api, art8_certificate, province_staff, decided, allowed
):
    """Concluded 01/09: day 15 (16/09) is in time, day 16 (17/09) is not — and nothing is written."""
    url = f"/api/v1/certificates/{art8_certificate.pk}/revoke/"
    body = _body(ground="art8_b", decision_date=decided, concluded_on="2026-09-01")
    answer = api(province_staff).post(url, body, format="json")
    certificate = Certificate.objects.get(pk=art8_certificate.pk)
    if allowed:
        assert answer.status_code == 200, answer.content
        assert (certificate.status, certificate.revocation_ground) == (CertificateStatus.REVOKED, "art8_b")
        return
    assert answer.status_code == 400
    assert answer.json()["concluded_on"] == [  # on the field the client sent, like the page's form
        "OCOP-24-2026-0001: Quyết định thu hồi phải ban hành trong 15 ngày kể từ ngày có kết luận "
        "(01/09/2026 – 16/09/2026)."
    ]
    assert certificate.status == CertificateStatus.VALID
    assert not Decision.objects.filter(number="99/QĐ-UBND").exists()


def test_an_art8_revocation_without_its_conclusion_date_is_refused_by_field(api, art8_certificate, province_staff):
    url = f"/api/v1/certificates/{art8_certificate.pk}/revoke/"
    answer = api(province_staff).post(url, _body(ground="art8_b"), format="json")
    assert answer.status_code == 400
    assert answer.json()["concluded_on"] == ["OCOP-24-2026-0001: Hãy ghi ngày có kết luận làm căn cứ thu hồi."]
    assert Certificate.objects.get(pk=art8_certificate.pk).status == CertificateStatus.VALID


def test_bulk_art8_revocation_through_the_api_takes_its_conclusion_date(api, art8_certificate, province_staff):
    body = _body(ground="art8_d", certificates=[art8_certificate.pk], concluded_on="2026-09-01")
    done = api(province_staff).post("/api/v1/certificates/revoke/", body, format="json")
    assert done.status_code == 200, done.content
    assert Certificate.objects.get(pk=art8_certificate.pk).revocation_ground == "art8_d"
