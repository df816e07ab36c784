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
