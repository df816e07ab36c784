"""Open-data snapshots of the register: statuses as of the date, both column labelings, a Data
Package that frictionless validates, byte-for-byte reproducible, published once per date, and the
public page with its history."""

import csv
import datetime
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from frictionless import validate

from api.tests.factories import make_certificate
from evaluation.enums import CertificateStatus, DecisionKind, Level
from evaluation.models import Decision
from evaluation.services.certificates import certificate_set_status
from ocop_portal.testing import factories as f
from opendata.models import RegisterSnapshot
from opendata.services import CSV_EN, CSV_VI, DATAPACKAGE_NAME, JSON_NAME, build_files, snapshot_publish
from opendata.tasks import publish_register_snapshot

DAY = datetime.date(2026, 6, 30)


def _revoke(certificate, on):
    decision = Decision.objects.create(
        province=certificate.province,
        issuer_unit=certificate.province,
        level=Level.PROVINCE,
        kind=DecisionKind.REVOCATION,
        number=f"{certificate.pk}/QĐ-TH",
        date=on,
        signer="Lê Văn Thu",
        authority="UBND tỉnh Bắc Giang",
        created_by=f.UserFactory(),
    )
    certificate_set_status(
        certificate=certificate,
        to=CertificateStatus.REVOKED,
        on=on,
        reason="Thu hồi",
        decision=decision,
        revocation_decision=decision,
        revocation_ground="food_safety",
    )


@pytest.fixture
def register(producer_record, other_producer_record):
    producer_record.phone, producer_record.email = "0204 3871 999", "htx@example.vn"
    producer_record.save()
    products = [
        f.ProductFactory(producer=producer_record, name=name, description=f"Câu chuyện của {name}")
        for name in ("Gà đồi Yên Thế", "Mật ong Yên Thế", "Miến dong Yên Thế")
    ]
    in_force = make_certificate(products[0], stars=4)  # 02/03/2026 – 01/03/2029
    revoked_before = make_certificate(products[1], stars=3)
    _revoke(revoked_before, datetime.date(2026, 5, 4))
    revoked_after = make_certificate(products[2], stars=3)
    _revoke(revoked_after, datetime.date(2026, 8, 1))  # after DAY: still in force on DAY
    old = make_certificate(f.ProductFactory(producer=other_producer_record, name="Vải thiều Lục Ngạn"), stars=3)
    old.valid_until = datetime.date(2026, 6, 29)  # the calendar ended it the day before DAY
    old.save()
    later = make_certificate(f.ProductFactory(producer=producer_record, name="Trứng gà Yên Thế"))
    later.valid_from = datetime.date(2026, 7, 1)  # issued after DAY: not in the snapshot
    later.save()
    return {"in_force": in_force, "revoked_before": revoked_before, "revoked_after": revoked_after, "old": old}


def _rows(content: bytes, encoding="utf-8") -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode(encoding))))


def test_each_certificate_has_its_status_on_the_date(register):
    files, records, in_force = build_files(DAY)
    rows = {row["certificate_number"]: row for row in _rows(files[CSV_EN])}
    assert {number: row["status"] for number, row in rows.items()} == {
        register["in_force"].number: "valid",
        register["revoked_before"].number: "revoked",
        register["revoked_after"].number: "valid",
        register["old"].number: "expired",
    }
    assert (records, in_force) == (4, 2)
    revoked = rows[register["revoked_before"].number]
    assert (revoked["revocation_date"], revoked["revocation_ground"]) == ("2026-05-04", "Vi phạm an toàn thực phẩm")
    first = rows[register["in_force"].number]
    assert (first["issue_date"], first["expiry_date"], first["stars"], first["product_story"]) == (
        "2026-03-02",
        "2029-03-01",
        "4",
        "Câu chuyện của Gà đồi Yên Thế",
    )
    assert (first["representative"], first["producer_name"]) == (
        register["in_force"].producer.representative,
        "HTX Gà đồi Yên Thế",
    )
    assert first["verify_url"] == f"/verify/{register['in_force'].public_code}/"


def test_the_vietnamese_file_has_vietnamese_labels_and_the_same_values(register):
    files, _records, _in_force = build_files(DAY)
    english, vietnamese = _rows(files[CSV_EN]), _rows(files[CSV_VI], "utf-8-sig")
    assert list(vietnamese[0])[:4] == ["Số giấy chứng nhận", "Trạng thái tại ngày số liệu", "Hạng sao", "Ngày cấp"]
    assert [list(row.values()) for row in vietnamese] == [list(row.values()) for row in english]
    assert files[CSV_VI].startswith("\ufeff".encode())


def test_formula_like_text_is_text_in_the_spreadsheet_file_and_as_is_for_programs(register):
    product = register["in_force"].product
    product.description = '=HYPERLINK("http://x.example","Bấm vào")'
    product.save()
    files, _records, _in_force = build_files(DAY)
    english, vietnamese = _rows(files[CSV_EN]), _rows(files[CSV_VI], "utf-8-sig")
    assert (english[0]["product_story"], vietnamese[0]["Câu chuyện sản phẩm"]) == (
        product.description,
        "'" + product.description,
    )


def test_contacts_stay_out_of_the_public_files(register):
    files, _records, _in_force = build_files(DAY)
    text = b"".join(files.values()).decode("utf-8")
    assert ("0204 3871 999" in text, "htx@example.vn" in text) == (False, False)


def test_the_same_date_gives_the_same_bytes(register):
    first, _r, _i = build_files(DAY)
    register["in_force"].product.producer.save()  # touching rows changes no snapshot value
    second, _r, _i = build_files(DAY)
    assert first == second


def test_the_published_package_validates_with_frictionless(register, settings):
    settings.OCOP_PUBLIC_BASE_URL = "https://ocop.bacgiang.gov.vn/"
    snapshot = snapshot_publish(day=DAY)

    folder = Path(snapshot.datapackage.path).parent
    report = validate(str(folder / DATAPACKAGE_NAME))
    descriptor = json.loads((folder / DATAPACKAGE_NAME).read_text(encoding="utf-8"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [r["path"] for r in descriptor["resources"]] == [CSV_EN, CSV_VI, JSON_NAME]
    assert sorted(snapshot.files()) == sorted([CSV_EN, CSV_VI, JSON_NAME, DATAPACKAGE_NAME])
    assert (snapshot.records, snapshot.in_force) == (4, 2)
    records = json.loads((folder / JSON_NAME).read_text(encoding="utf-8"))["records"]
    assert records[0]["verify_url"].startswith("https://ocop.bacgiang.gov.vn/verify/")
    # rebuilt later for the same date: the same checksums
    files, _r, _i = build_files(DAY)
    assert {name: hashlib.sha256(c).hexdigest() for name, c in files.items()} == snapshot.checksums


def test_a_package_that_does_not_validate_is_not_published(register):
    bad = register["in_force"]
    bad.stars = 2  # outside the schema's enum (3, 4, 5)
    bad.save()
    with pytest.raises(ValidationError, match="Gói dữ liệu không hợp lệ"):
        snapshot_publish(day=DAY)
    assert RegisterSnapshot.objects.count() == 0


def test_a_date_is_published_once_and_the_task_publishes_today(register, settings):
    first = snapshot_publish(day=DAY)
    assert snapshot_publish(day=DAY).pk == first.pk
    assert publish_register_snapshot(on="2026-07-01") == {"as_of": "2026-07-01", "records": 5}
    assert list(RegisterSnapshot.objects.values_list("as_of", flat=True)) == [datetime.date(2026, 7, 1), DAY]


def test_the_public_page_lists_the_history_and_serves_the_files(client, register):
    snapshot = snapshot_publish(day=DAY)
    page = client.get(reverse("opendata:snapshot_list")).content.decode()
    download = client.get(reverse("opendata:snapshot_file", args=["2026-06-30", CSV_EN]))

    assert "30/06/2026" in page and snapshot.checksums[CSV_EN] in page
    assert (download.status_code, download["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert b"".join(download.streaming_content) == Path(snapshot.csv_en.path).read_bytes()
    assert client.get(reverse("opendata:snapshot_file", args=["2026-06-29", CSV_EN])).status_code == 404
    assert client.get(reverse("opendata:snapshot_file", args=["2026-06-30", "settings.py"])).status_code == 404
    assert client.get(reverse("opendata:snapshot_file", args=["not-a-date", CSV_EN])).status_code == 404


@pytest.mark.parametrize("count", [1, 25])
def test_the_public_page_reads_a_fixed_number_of_queries(client, db, count):
    for n in range(count):
        RegisterSnapshot.objects.create(
            as_of=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            schema_version="1.0",
            records=n,
            in_force=n,
            checksums={CSV_EN: "0" * 64},
        )
    client.get(reverse("opendata:snapshot_list"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("opendata:snapshot_list")).content.decode()
    assert page.count(CSV_EN + "</a>") == count
    assert len(queries) == 1


def test_a_signed_payload_starting_with_a_digit_is_text_in_the_spreadsheet_file(register):
    """Issue 18, Medium 4: "-2+3+cmd|…" starts with a sign and a digit but is no number."""
    product = register["in_force"].product
    product.description = "-2+3+cmd|' /C calc'!A0"
    product.save()
    files, _records, _in_force = build_files(DAY)
    vietnamese = _rows(files[CSV_VI], "utf-8-sig")
    assert vietnamese[0]["Câu chuyện sản phẩm"] == "'" + product.description
