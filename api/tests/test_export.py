"""The register export: the documented JSON shape (api/EXPORT.md) and the same rows as CSV."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluation.enums import CertificateStatus
from products.services import product_photo_add
from products.tests.factories import image_bytes

from .factories import make_certificate

pytestmark = pytest.mark.django_db


def test_json_export_has_the_documented_shape(api, province_staff, world, province, district, commune):
    make_certificate(world["product"], status=CertificateStatus.SUPERSEDED, number="1/QĐ-cũ")  # not in force
    producer = world["certificate"].producer
    producer.phone = "0204 3871 999"
    producer.save()
    photo = product_photo_add(
        product=world["product"],
        actor=province_staff,
        image=SimpleUploadedFile("ga.png", image_bytes(), content_type="image/png"),
        caption="Gà đồi",
    )
    body = api(province_staff).get("/api/v1/export/register.json").json()
    certificate = world["certificate"]
    assert (body["schema_version"], body["count"], sorted(body)) == (
        "1.1",
        2,
        ["certificates", "count", "generated_at", "schema_version"],
    )
    assert body["certificates"][0] == {
        "certificate_number": certificate.number,
        "public_code": certificate.public_code,
        "stars": 3,
        "status": "valid",
        "framework": "148",
        "issuing_level": "district",
        "valid_from": "2026-03-02",
        "valid_until": "2029-03-01",
        "decision": {
            "number": certificate.decision.number,
            "date": "2026-03-02",
            "authority": "UBND Huyện Yên Thế",
            "level": "district",
        },
        "product": {
            "portal_id": world["product"].pk,
            "name": "Gà đồi Yên Thế",
            "group_code": "I",
            "group_name": "Thực phẩm",
            "product_set_code": "01",
            "product_set_name": "Rau, củ, quả, hạt tươi",
            "story": "",
            "photos": [f"http://testserver{photo.image.url}"],
        },
        "producer": {
            "portal_id": certificate.producer_id,
            "name": "HTX Gà đồi Yên Thế",
            "kind": "cooperative",
            "registration_number": certificate.producer.registration_number,
            "tax_code": "",
            "representative": certificate.producer.representative,
            "phone": "0204 3871 999",
            "email": "",
            "address": "Thôn Đông",
            "commune": {"code": "07243", "name": "Xã Đồng Tiến"},
        },
        "district": {"code": "215", "name": "Huyện Yên Thế"},
        "province": {"code": "24", "name": "Tỉnh Bắc Giang"},
    }


def test_export_is_scoped_like_the_register(api, district_officer, world):
    body = api(district_officer).get("/api/v1/export/register.json").json()
    assert [c["product"]["name"] for c in body["certificates"]] == ["Gà đồi Yên Thế"]


def test_csv_export_is_utf8_with_bom_and_same_rows(api, province_staff, world):
    response = api(province_staff).get("/api/v1/export/register.csv")
    assert (response.status_code, response["Content-Type"], response.content[:3]) == (
        200,
        "text/csv; charset=utf-8",
        b"\xef\xbb\xbf",
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["certificate_number"], r["product_name"], r["stars"], r["district_code"]) for r in rows] == [
        (world["certificate"].number, "Gà đồi Yên Thế", "3", "215"),
        (world["other_certificate"].number, "Vải thiều Lục Ngạn", "4", "219"),
    ]
    assert list(rows[0])[-5:] == [
        "product_story",
        "producer_representative",
        "producer_phone",
        "producer_email",
        "photo_urls",
    ]
