"""Council packs and inspector bundles: built by the job, unzipped and checked against their
manifest (SHA-256 of every file), the PDFs read back with pdftotext; failures say why and retry."""

import datetime
import hashlib
import io
import json
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.bundles.archive import MANIFEST_NAME, SUMS_NAME
from evaluation.bundles.council_pack import council_pack_request
from evaluation.bundles.dossier_bundle import dossier_bundle_request
from evaluation.enums import JobState, Level
from evaluation.models import Certificate, Job, SelfAssessmentAnswer
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.decisions import decision_record
from evaluation.services.evidence import evidence_upload
from evaluation.services.jobs import job_retry
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory
from evaluation.tests.test_councils import P55, make_council, score
from ocop_portal.testing import factories as f
from ocop_portal.testing.celery import wait_until_settled


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["/usr/bin/pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.decode("utf-8").split())


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def text_pdf(text: str, pages: int = 1) -> bytes:
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">{text} — trang {n}</p>' for n in range(1, pages + 1))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def png_bytes() -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 120, 60)).save(output, "PNG")
    return output.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf("Bí mật"))))
    writer.encrypt("mat-khau")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def upload(dossier, evidence_type, name, content, content_type, by):
    return evidence_upload(
        dossier=dossier,
        evidence_type=evidence_type,
        uploaded=SimpleUploadedFile(name, content, content_type=content_type),
        by=by,
    )


def unzip(job) -> dict[str, bytes]:
    with job.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def verified(files: dict[str, bytes]) -> dict:
    """The manifest, after checking that it and SHA256SUMS list exactly the other files with
    their true size and SHA-256."""
    manifest = json.loads(files[MANIFEST_NAME])
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(files) - {MANIFEST_NAME, SUMS_NAME}
    for path, entry in listed.items():
        assert (entry["size"], entry["sha256"]) == (len(files[path]), hashlib.sha256(files[path]).hexdigest()), path
    sums = dict(reversed(line.split("  ", 1)) for line in files[SUMS_NAME].decode().splitlines())
    assert sums == {path: entry["sha256"] for path, entry in listed.items()}
    return manifest


@pytest.fixture
def scene(province, district, producer_record, district_officer):
    """District A's council with one dossier being scored (two evidence files and an encrypted
    one) and one decided with a certificate."""
    council, members = make_council(province=province, jurisdiction=district, name="Hội đồng OCOP huyện Yên Thế")
    scoring = DossierFactory(
        product=f.ProductFactory(producer=producer_record, name="Mật ong Yên Thế"),
        created_by=district_officer,
        registration={"product_description": "Mật ong hoa vải, thu hoạch tháng 3", "contact_name": "Nguyễn Văn Ong"},
    )
    upload(scoring, "business_registration", "dkkd.pdf", text_pdf("Giấy đăng ký kinh doanh 2400123456", 2),
           "application/pdf", district_officer)  # fmt: skip
    criterion = scoring.sheet.criteria.get(code="1.1")
    SelfAssessmentAnswer.objects.create(dossier=scoring, criterion=criterion, option=criterion.options.get(points=20))
    upload(scoring, "photos", "anhsanpham.png", png_bytes(), "image/png", district_officer)
    upload(scoring, "lab_test", "kiemnghiem.pdf", encrypted_pdf(), "application/pdf", district_officer)
    decided = DossierFactory(
        product=f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế"), created_by=district_officer
    )
    evidence = upload(decided, "business_registration", "dkkd-ga.pdf", text_pdf("Đăng ký HTX Gà đồi"),
                      "application/pdf", district_officer)  # fmt: skip
    for dossier in (scoring, decided):
        dossier_transition(dossier, "submitted", by=district_officer)
        dossier_transition(dossier, "accepted", by=district_officer)
    closed, _open = council_assign(council=council, dossiers=[decided, scoring], by=district_officer)
    for member in members[:3]:
        score(closed, member, P55)
    assignment_close(assignment=closed, by=members[0].user)
    decision_record(
        province=province,
        issuer_unit=district,
        level=Level.DISTRICT,
        number="77/QĐ-UBND",
        date=datetime.date(2026, 7, 10),
        signer="Trần Văn Ký",
        authority="UBND huyện Yên Thế",
        items=[(decided, 3)],
        by=district_officer,
    )
    return {"council": council, "members": members, "scoring": scoring, "decided": decided, "evidence": evidence}


def test_the_council_pack_has_one_pdf_per_dossier_with_the_evidence_appended(
    scene, district_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = council_pack_request(council=scene["council"], by=district_officer)
    job.refresh_from_db()

    assert (job.state, job.error, job.progress) == (JobState.DONE, "", 100)
    files = unzip(job)
    manifest = verified(files)
    [name] = [path for path in files if path.endswith(".pdf")]  # only the dossier still being scored
    content = files[name]
    text = pdf_text(content)
    assert name == f"01-mat-ong-yen-the-{scene['scoring'].pk}.pdf"
    for phrase in (
        "HỒ SƠ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        "Mật ong hoa vải, thu hoạch tháng 3",  # the registration
        "Báo cáo tự đánh giá",
        "Tiêu chí 1.1",
        "1.1 Tiêu chí 1.1 Mức 3 20,00 40,00",  # the producer's own answer
        "dkkd.pdf — ghép phía sau (2 trang)",  # the evidence list says what was appended
        "anhsanpham.png — ghép phía sau (1 trang)",
        "kiemnghiem.pdf — tệp PDF có mật khẩu, không ghép được: xem tệp gốc",
        "Giấy đăng ký kinh doanh 2400123456 — trang 2",  # the evidence's own text, appended
    ):
        assert phrase in text, phrase
    assert pdf_pages(content) >= 1 + 2 + 1
    assert manifest["dossiers"] == [
        {
            "dossier": scene["scoring"].pk,
            "product": "Mật ong Yên Thế",
            "file": name,
            "not_appended": [{"file": "kiemnghiem.pdf", "why": "tệp PDF có mật khẩu, không ghép được: xem tệp gốc"}],
        }
    ]


def test_the_inspector_bundle_holds_every_record_and_verifies(
    scene, province_staff, django_capture_on_commit_callbacks
):
    dossier = scene["decided"]
    with django_capture_on_commit_callbacks(execute=True):
        job = dossier_bundle_request(dossier=dossier, by=province_staff)
    job.refresh_from_db()

    assert (job.state, job.error) == (JobState.DONE, "")
    files = unzip(job)
    manifest = verified(files)
    certificate = Certificate.objects.get(dossier=dossier)
    chair, vice, seat = (m.user.display_name for m in scene["members"][:3])
    assert (manifest["format"], manifest["dossier"], manifest["warnings"]) == ("ocop-dossier-bundle/1", dossier.pk, [])
    council = scene["council"].pk
    assert sorted(files) == sorted(
        [
            MANIFEST_NAME,
            SUMS_NAME,
            "1-ho-so/phieu-dang-ky-tu-danh-gia.pdf",
            "2-minh-chung/business_registration/dkkd-ga.pdf",
            f"3-phieu-cham/district/thanh-vien-1-hd-{council}-lan-1.pdf",
            f"3-phieu-cham/district/thanh-vien-2-hd-{council}-lan-1.pdf",
            f"3-phieu-cham/district/thanh-vien-3-hd-{council}-lan-1.pdf",
            "4-bien-ban/bien-ban-district.pdf",
            "5-quyet-dinh-giay-chung-nhan/qua-trinh-quyet-dinh-giay-chung-nhan.pdf",
            "5-quyet-dinh-giay-chung-nhan/du-lieu.json",
        ]
    )
    with scene["evidence"].file.open("rb") as handle:
        assert files["2-minh-chung/business_registration/dkkd-ga.pdf"] == handle.read()
    cards = sorted(path for path in files if path.startswith("3-phieu-cham/"))
    assert len(cards) == 3
    texts = [pdf_text(files[path]) for path in cards]
    assert [[f"Thành viên {name} ·" in text for name in (chair, vice, seat)] for text in texts] == [
        [True, False, False],
        [False, True, False],
        [False, False, True],
    ]
    assert "Tổng điểm 55,00" in texts[0]
    assert "BIÊN BẢN Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP" in pdf_text(
        files["4-bien-ban/bien-ban-district.pdf"]
    )
    record = pdf_text(files["5-quyet-dinh-giay-chung-nhan/qua-trinh-quyet-dinh-giay-chung-nhan.pdf"])
    assert ("77/QĐ-UBND" in record, certificate.number in record, "Trần Văn Ký" in record) == (True, True, True)
    data = json.loads(files["5-quyet-dinh-giay-chung-nhan/du-lieu.json"])
    assert [(c["number"], c["stars"], [h["to"] for h in c["history"]]) for c in data["certificates"]] == [
        (certificate.number, 3, ["valid"])
    ]
    assert [d["number"] for d in data["decisions"]] == ["77/QĐ-UBND"]


def test_a_changed_evidence_file_is_bundled_and_named_in_the_warnings(
    scene, province_staff, django_capture_on_commit_callbacks
):
    evidence = scene["evidence"]
    with open(evidence.file.path, "ab") as handle:
        handle.write(b"% changed after upload\n")
    with django_capture_on_commit_callbacks(execute=True):
        job = dossier_bundle_request(dossier=scene["decided"], by=province_staff)
    job.refresh_from_db()
    files = unzip(job)
    assert (
        verified(files)["warnings"]
        == job.result["warnings"]
        == [f"Tệp minh chứng “dkkd-ga.pdf” không khớp mã SHA-256 ghi lúc tải lên ({evidence.sha256})."]
    )


def test_a_job_whose_evidence_is_gone_says_why_and_succeeds_on_retry(
    scene, province_staff, django_capture_on_commit_callbacks
):
    evidence = scene["evidence"]
    path = evidence.file.path
    with open(path, "rb") as handle:
        kept = handle.read()
    evidence.file.storage.delete(evidence.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        job = dossier_bundle_request(dossier=scene["decided"], by=province_staff)
    job.refresh_from_db()
    assert (job.state, job.error, bool(job.file)) == (
        JobState.FAILED,
        "Tệp minh chứng “dkkd-ga.pdf” (Giấy đăng ký kinh doanh) không còn trên máy chủ: hãy tải lên lại rồi thử lại.",
        False,
    )

    with open(path, "wb") as handle:
        handle.write(kept)
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, by=province_staff)
    job.refresh_from_db()
    assert (job.state, job.error, job.attempts) == (JobState.DONE, "", 2)
    assert verified(unzip(job))["warnings"] == []


def test_one_pack_is_built_at_a_time_per_council(scene, district_officer):
    first = council_pack_request(council=scene["council"], by=district_officer)
    second = council_pack_request(council=scene["council"], by=scene["members"][2].user)
    assert (first.pk, Job.objects.count(), first.state) == (second.pk, 1, JobState.QUEUED)


# --- pages per persona ---------------------------------------------------------------------------

PERSONAS = ["anonymous", "producer", "other_producer", "district_officer", "other_district_officer", "seat",
            "plain_user", "province_staff"]  # fmt: skip


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("council_pack", [302, 404, 404, 200, 404, 200, 404, 200]),
        # the seat sees the dossier before its council (403), the other officer does not (404)
        ("dossier_bundle", [302, 403, 404, 403, 404, 403, 404, 200]),
    ],
)
def test_bundle_pages_per_persona(client, persona, scene, route, expected):
    pk = scene["council"].pk if route == "council_pack" else scene["scoring"].pk
    answers = []
    for who in PERSONAS:
        client.logout()
        user = scene["members"][2].user if who == "seat" else persona(who)
        if user is not None:
            client.force_login(user)
        answers.append(client.get(reverse(f"evaluation:{route}", args=[pk])).status_code)
    assert answers == expected


def test_building_refuses_whoever_may_not_and_creates_nothing(client, scene, district_officer, producer):
    client.force_login(producer)
    assert client.post(reverse("evaluation:dossier_bundle_build", args=[scene["scoring"].pk])).status_code == 403
    client.force_login(district_officer)
    assert client.post(reverse("evaluation:dossier_bundle_build", args=[scene["scoring"].pk])).status_code == 403
    client.force_login(f.UserFactory())
    assert client.post(reverse("evaluation:council_pack_build", args=[scene["council"].pk])).status_code == 404
    assert not Job.objects.exists()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_pack_through_redis(real_worker, scene, district_officer):
    from ocop_portal.celery import app

    assert app.conf.task_always_eager is False  # the job goes through Redis to the worker thread
    job = council_pack_request(council=scene["council"], by=district_officer)

    wait_until_settled(job, settled=(JobState.DONE, JobState.FAILED))
    assert (job.state, job.error, job.progress, job.attempts) == (JobState.DONE, "", 100, 1)
    assert [entry["product"] for entry in verified(unzip(job))["dossiers"]] == ["Mật ong Yên Thế"]


@pytest.mark.parametrize("count", [1, 12])
def test_the_pack_page_reads_a_fixed_number_of_queries(client, province, district, commune, district_officer, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluation.tests.test_councils import accepted_dossier

    council, _members = make_council(province=province, jurisdiction=district)
    dossiers = [accepted_dossier(commune=commune, checker=district_officer) for _n in range(count)]
    council_assign(council=council, dossiers=dossiers, by=district_officer)
    for n in range(min(count, 5)):
        Job.objects.create(
            kind="council_pack", target=f"council:{council.pk}", province=province, council=council,
            state=JobState.FAILED, error=f"Lần {n}", requested_by=district_officer,
        )  # fmt: skip
    client.force_login(district_officer)
    url = reverse("evaluation:council_pack", args=[council.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert page.count("<li>") >= count and page.count("Thử lại") == min(count, 5)
    assert len(queries) == 6
