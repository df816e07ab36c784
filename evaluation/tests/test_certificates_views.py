"""Signed-in certificate pages: persona × view matrix, revocation forms, the producer's view, the
label files (QR, PDF) and query counts of the register."""

import datetime
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DossierKind, RevocationGround
from evaluation.models import Certificate, Decision, MisuseReport
from evaluation.services.certificates import certificates_issue_for_decision, misuse_report_create
from ocop_portal.testing import factories as f

from .test_certificates_helpers import (
    issue,
    product_of,
    recognition_decision,
    recognition_item,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

PERSONAS = [
    "anonymous",
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "plain_user",
]


@pytest.fixture
def frozen():
    with freeze_time("2026-07-15 03:00"):
        yield


@pytest.fixture
def own(producer_record):
    """The certificate of the district officer's district and of `producer`."""
    return issue(product_of(producer_record, "Gà đồi Yên Thế"), stars=4)


@pytest.fixture
def theirs(other_producer_record):
    """The other district's certificate, of `other_producer`."""
    return issue(product_of(other_producer_record, "Vải thiều Lục Ngạn"))


def _login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# (url name, takes the certificate's pk, {persona: expected status})
MATRIX = [
    ("certificate_list", False, dict(zip(PERSONAS, [302, 200, 200, 200, 403, 403, 403], strict=True))),
    ("my_certificates", False, dict(zip(PERSONAS, [302, 403, 403, 403, 200, 200, 403], strict=True))),
    ("certificate_detail", True, dict(zip(PERSONAS, [302, 200, 200, 404, 200, 404, 404], strict=True))),
    ("certificate_revoke", True, dict(zip(PERSONAS, [302, 200, 403, 404, 403, 404, 404], strict=True))),
    ("certificate_revoke_bulk", False, dict(zip(PERSONAS, [302, 200, 403, 403, 403, 403, 403], strict=True))),
    ("misuse_report_list", False, dict(zip(PERSONAS, [302, 200, 403, 403, 403, 403, 403], strict=True))),
    ("certificate_qr_svg", True, dict(zip(PERSONAS, [302, 200, 200, 404, 200, 404, 404], strict=True))),
    ("certificate_qr_png", True, dict(zip(PERSONAS, [302, 200, 200, 404, 200, 404, 404], strict=True))),
    ("certificate_pdf", True, dict(zip(PERSONAS, [302, 200, 200, 404, 200, 404, 404], strict=True))),
]
# Which of the two certificates an HTML page that answers 200 shows (default: the one asked for).
SHOWN = {
    ("certificate_list", "province_staff"): {"own", "theirs"},
    ("certificate_list", "district_officer"): {"own"},
    ("certificate_list", "other_district_officer"): {"theirs"},
    ("my_certificates", "producer"): {"own"},
    ("my_certificates", "other_producer"): {"theirs"},
    ("misuse_report_list", "province_staff"): set(),
}
CASES = [(name, with_pk, who, expected[who]) for name, with_pk, expected in MATRIX for who in PERSONAS]


@pytest.mark.parametrize(("name", "with_pk", "who", "expected"), CASES)
def test_persona_matrix(name, with_pk, who, expected, persona, client_for, own, theirs):
    url = reverse(f"evaluation:{name}", args=[own.pk] if with_pk else [])
    if name == "certificate_revoke_bulk":
        url += f"?certificate={own.pk}"

    response = client_for(persona(who)).get(url)

    assert response.status_code == expected
    if expected == 302:
        assert _login_redirect(response)
    elif expected == 200 and response["Content-Type"].startswith("text/html"):
        body = response.content.decode()
        shown = {label for label, certificate in (("own", own), ("theirs", theirs)) if certificate.number in body}
        assert shown == SHOWN.get((name, who), {"own"})
    elif expected in (403, 404):
        assert own.number.encode() not in response.content


@pytest.mark.parametrize("who", PERSONAS)
def test_misuse_report_handled_matrix(who, persona, client_for, own):
    report = misuse_report_create(certificate=own, message="Nhãn giả ở chợ Bố Hạ")
    url = reverse("evaluation:misuse_report_handled", args=[report.pk])

    response = client_for(persona(who)).post(url)

    report.refresh_from_db()
    expected = {"anonymous": 302, "province_staff": 302}.get(who, 403)
    assert (response.status_code, report.handled) == (expected, who == "province_staff")
    if who == "province_staff":
        assert response["Location"] == reverse("evaluation:misuse_report_list")


def test_register_filters_by_status_stars_district_and_year(client_for, province_staff, own, theirs, district):
    client = client_for(province_staff)
    url = reverse("evaluation:certificate_list")

    def numbers(**query):
        body = client.get(url, query).content.decode()
        return sorted(n for n in (own.number, theirs.number) if n in body)

    assert numbers() == sorted([own.number, theirs.number])
    assert numbers(stars=4) == [own.number]
    assert numbers(district=district.pk) == [own.number]
    assert numbers(status=S.REVOKED) == []
    assert numbers(year=2026) == sorted([own.number, theirs.number])
    assert numbers(year=2025) == []
    assert numbers(q="Vải thiều") == [theirs.number]


def test_detail_shows_history_notices_and_renewals(client_for, province_staff, own):
    renewed = issue(own.product, stars=5, on=datetime.date(2026, 7, 14), kind=DossierKind.UPGRADE, renews=own)

    body = client_for(province_staff).get(reverse("evaluation:certificate_detail", args=[own.pk])).content.decode()

    assert f"Được thay thế bởi giấy chứng nhận {renewed.number}" in body
    assert "Hồ sơ Nâng hạng" in body
    assert "Chưa gửi thông báo nào." in body


def _revocation_post(**extra):
    return {
        "ground": RevocationGround.FOOD_SAFETY,
        "note": "Mẫu kiểm nghiệm không đạt",
        "decision_number": "47/QĐ-UBND",
        "decision_date": "2026-07-14",
        "decision_signer": "Lê Văn Tỉnh",
        "decision_authority": "Ủy ban nhân dân tỉnh Bắc Giang",
        **extra,
    }


def test_revoke_one_by_form(client_for, province_staff, own):
    response = client_for(province_staff).post(
        reverse("evaluation:certificate_revoke", args=[own.pk]), _revocation_post()
    )

    own.refresh_from_db()
    assert response["Location"] == reverse("evaluation:certificate_detail", args=[own.pk])
    assert (own.status, own.revocation_ground, own.revocation_decision.number, own.revocation_decision.date) == (
        S.REVOKED,
        RevocationGround.FOOD_SAFETY,
        "47/QĐ-UBND",
        datetime.date(2026, 7, 14),
    )


def test_revoke_form_shows_the_service_refusal(client_for, province_staff, own):
    # A revocation dated before the certificate was issued is refused by the service.
    response = client_for(province_staff).post(
        reverse("evaluation:certificate_revoke", args=[own.pk]), _revocation_post(decision_date="2026-07-01")
    )

    own.refresh_from_db()
    assert (response.status_code, own.status) == (200, S.VALID)
    assert "Ngày quyết định thu hồi trước ngày cấp giấy chứng nhận." in response.content.decode()


def test_bulk_revocation_from_the_list_selection(client_for, province_staff, own, theirs):
    client = client_for(province_staff)
    url = reverse("evaluation:certificate_revoke_bulk")

    preview = client.get(url, {"certificate": [own.pk, theirs.pk]}).content.decode()
    response = client.post(url, {**_revocation_post(), "certificates": [own.pk, theirs.pk]})

    assert own.number in preview and theirs.number in preview
    assert response["Location"] == reverse("evaluation:certificate_list") + "?status=revoked"
    assert list(Certificate.objects.order_by("id").values_list("status", flat=True)) == [S.REVOKED, S.REVOKED]
    assert Decision.objects.filter(number="47/QĐ-UBND").count() == 1


def test_bulk_revocation_refuses_a_certificate_no_longer_revocable(client_for, province_staff, own, theirs):
    Certificate.objects.filter(pk=theirs.pk).update(status=S.SUPERSEDED)

    response = client_for(province_staff).post(
        reverse("evaluation:certificate_revoke_bulk"), {**_revocation_post(), "certificates": [own.pk, theirs.pk]}
    )

    assert response.status_code == 200
    assert list(Certificate.objects.order_by("id").values_list("status", flat=True)) == [S.VALID, S.SUPERSEDED]


def test_my_certificates_shows_countdown_next_step_and_downloads(client_for, producer, own):
    body = client_for(producer).get(reverse("evaluation:my_certificates")).content.decode()

    assert "còn 1091 ngày" in body  # 15/07/2026 → 10/07/2029
    assert "Nộp hồ sơ đánh giá lại trước 11/05/2029" in body
    for name in ("certificate_qr_svg", "certificate_qr_png", "certificate_pdf"):
        assert reverse(f"evaluation:{name}", args=[own.pk]) in body


def test_my_certificates_next_step_after_revocation(client_for, producer, province_staff, own):
    client_for(province_staff).post(reverse("evaluation:certificate_revoke", args=[own.pk]), _revocation_post())

    body = client_for(producer).get(reverse("evaluation:my_certificates")).content.decode()

    assert "Giấy chứng nhận đã bị thu hồi: ngừng sử dụng nhãn OCOP trên sản phẩm." in body
    assert reverse("evaluation:certificate_qr_png", args=[own.pk]) not in body


def test_misuse_reports_list_for_province_staff(client_for, province_staff, own):
    misuse_report_create(certificate=own, message="Nhãn giả ở chợ Bố Hạ", where_seen="Chợ Bố Hạ")

    body = client_for(province_staff).get(reverse("evaluation:misuse_report_list")).content.decode()

    assert "Nhãn giả ở chợ Bố Hạ" in body and own.number in body


def test_qr_svg_is_valid_xml_pointing_at_the_verify_page(client_for, producer, own):
    response = client_for(producer).get(reverse("evaluation:certificate_qr_svg", args=[own.pk]))

    verify_url = f"http://testserver/verify/{own.public_code}/"
    root = ET.fromstring(response.content)
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "image/svg+xml",
        'attachment; filename="OCOP-24-2026-0001-qr.svg"',
    )
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert verify_url in response.content.decode()


def test_qr_png_is_a_png_attachment(client_for, district_officer, own):
    response = client_for(district_officer).get(reverse("evaluation:certificate_qr_png", args=[own.pk]))

    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert response["Content-Disposition"] == 'attachment; filename="OCOP-24-2026-0001-qr.png"'


def test_certificate_pdf_text(client_for, producer, own, tmp_path):
    response = client_for(producer).get(reverse("evaluation:certificate_pdf", args=[own.pk]))
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.content)

    text = subprocess.run(["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(text.split())
    assert response["Content-Type"] == "application/pdf"
    assert "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP" in text
    assert "Số: OCOP-24-2026-0001" in text
    assert "Gà đồi Yên Thế" in text
    assert "Đạt 4 sao" in text
    assert "Từ ngày 10/07/2026 đến hết ngày 10/07/2029" in text
    assert f"/verify/{own.public_code}/" in text


def _issue_many(producer_record, count):
    decision = recognition_decision(province=producer_record.province)
    for n in range(count):
        recognition_item(decision, product_of(producer_record, f"Sản phẩm {n:02d}"), stars=3 + n % 3)
    return certificates_issue_for_decision(decision=decision, by=decision.created_by)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_register_query_count_does_not_grow(client_for, province_staff, producer_record, other_producer_record):
    client = client_for(province_staff)
    url = reverse("evaluation:certificate_list")
    _issue_many(producer_record, 1)
    client.get(url)  # warm the session and content-type caches
    one = _queries(client, url)
    _issue_many(other_producer_record, 24)

    twenty_five = _queries(client, url)

    assert Certificate.objects.count() == 25
    assert len(set(re.findall(r"OCOP-24-2026-\d{4}", client.get(url).content.decode()))) == 25
    assert twenty_five == one


def test_register_query_count_does_not_grow_for_a_commune_officer(client_for, commune_officer, producer_record):
    client = client_for(commune_officer)
    url = reverse("evaluation:certificate_list")
    _issue_many(producer_record, 1)
    client.get(url)  # warm the session and content-type caches
    one = _queries(client, url)
    _issue_many(f.ProducerFactory(commune=producer_record.commune), 24)

    twenty_five = _queries(client, url)

    assert len(set(re.findall(r"OCOP-24-2026-\d{4}", client.get(url).content.decode()))) == 25
    assert twenty_five == one


def test_misuse_reports_query_count_does_not_grow(client_for, province_staff, producer_record):
    [certificate] = _issue_many(producer_record, 1)
    client = client_for(province_staff)
    url = reverse("evaluation:misuse_report_list")
    misuse_report_create(certificate=certificate, message="Phản ánh 0")
    client.get(url)
    one = _queries(client, url)
    for n in range(1, 25):
        misuse_report_create(certificate=certificate, message=f"Phản ánh {n}")

    assert (MisuseReport.objects.count(), _queries(client, url)) == (25, one)
