"""Evidence: upload checks by content, nothing left behind on refusal, download headers and scope."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluation.enums import DossierKind, DossierState, EvidenceType
from evaluation.models import DecisionItem, Dossier, EvidenceFile
from evaluation.services.certificates import certificates_issue_for_decision, evidence_carry_over
from evaluation.services.evidence import evidence_delete, evidence_upload
from evaluation.tests.factories import DossierFactory
from evaluation.tests.test_certificates_helpers import recognition_decision

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import PDF_BYTES, png_bytes, upload
from ocop_portal.core.models import AuditEntry


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_png_upload_is_stored_under_uuid_name(dossier, producer, settings):
    content = png_bytes()
    evidence = evidence_upload(
        dossier=dossier,
        evidence_type=EvidenceType.PHOTOS,
        uploaded=upload("ảnh sản phẩm.png", content, "image/png"),
        by=producer,
    )
    evidence.refresh_from_db()
    stored = Path(evidence.file.path)
    assert (evidence.original_name, evidence.content_type, evidence.size, evidence.sha256) == (
        "ảnh sản phẩm.png",
        "image/png",
        len(content),
        hashlib.sha256(content).hexdigest(),
    )
    assert stored.parent == Path(settings.MEDIA_ROOT) / "evidence" / str(dossier.pk)
    assert len(stored.stem) == 32 and stored.suffix == ".png"
    assert stored.read_bytes() == content
    assert AuditEntry.objects.get(action="dossier.evidence_upload").note == evidence.sha256


def test_pdf_upload_accepted(dossier, producer):
    evidence = evidence_upload(
        dossier=dossier, evidence_type=EvidenceType.LAB_TEST, uploaded=upload("kiem-nghiem.PDF", PDF_BYTES), by=producer
    )
    assert (evidence.content_type, evidence.file.name.endswith(".pdf")) == ("application/pdf", True)


BAD_UPLOADS = [
    (
        "fake pdf that is text",
        lambda: upload("bao-cao.pdf", b"This is only text pretending to be a PDF."),
        "Tệp “bao-cao.pdf” không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp).",
    ),
    ("empty file", lambda: upload("trong.pdf", b""), "Tệp “trong.pdf” rỗng."),
    (
        "oversize",
        lambda: upload("lon.pdf", PDF_BYTES + b"0" * 3000),
        "Tệp “lon.pdf” có dung lượng 3\xa0KB, vượt giới hạn 1\xa0KB.",
    ),
    (
        "png named as pdf",
        lambda: upload("anh.pdf", png_bytes(), "application/pdf"),
        "Tên tệp “anh.pdf” không khớp với nội dung thực (PNG).",
    ),
    (
        "truncated png",
        lambda: upload("hong.png", png_bytes()[:40], "image/png"),
        "Ảnh “hong.png” bị hỏng, không đọc được.",
    ),
    (
        "html with jpg name",
        lambda: upload("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        "Tệp “anh.jpg” không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp).",
    ),
]


@pytest.mark.parametrize(("case", "make_file", "message"), BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS])
def test_bad_upload_is_refused_and_leaves_nothing(case, make_file, message, dossier, producer, settings):
    settings.OCOP_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        evidence_upload(dossier=dossier, evidence_type=EvidenceType.OTHER, uploaded=make_file(), by=producer)
    assert caught.value.message_dict == {"file": [message]}
    assert EvidenceFile.objects.count() == 0
    assert stored_files(settings) == []
    assert AuditEntry.objects.filter(action="dossier.evidence_upload").count() == 0


def test_upload_refused_when_not_editable(dossier, producer, settings):
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)
    dossier.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        evidence_upload(
            dossier=dossier, evidence_type=EvidenceType.OTHER, uploaded=upload("a.pdf", PDF_BYTES), by=producer
        )
    assert caught.value.messages == ["Hồ sơ đang ở trạng thái “Đã nộp”, không thể thay đổi minh chứng."]
    assert stored_files(settings) == []


@pytest.mark.parametrize("persona_name", ["other_producer", "other_district_officer", "plain_user"])
def test_upload_refused_for_outsiders(persona_name, persona, dossier, settings):
    with pytest.raises(PermissionDenied):
        evidence_upload(
            dossier=dossier,
            evidence_type=EvidenceType.OTHER,
            uploaded=upload("a.pdf", PDF_BYTES),
            by=persona(persona_name),
        )
    assert stored_files(settings) == []


def test_delete_removes_row_and_file(dossier, producer, settings, django_capture_on_commit_callbacks):
    evidence = evidence_upload(
        dossier=dossier, evidence_type=EvidenceType.OTHER, uploaded=upload("a.pdf", PDF_BYTES), by=producer
    )
    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=evidence, by=producer)
    assert (EvidenceFile.objects.count(), stored_files(settings)) == (0, [])


def test_delete_refused_once_submitted(dossier, producer):
    evidence = evidence_upload(
        dossier=dossier, evidence_type=EvidenceType.OTHER, uploaded=upload("a.pdf", PDF_BYTES), by=producer
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.ACCEPTED)
    evidence = EvidenceFile.objects.select_related("dossier").get(pk=evidence.pk)
    with pytest.raises(ValidationError):
        evidence_delete(evidence=evidence, by=producer)
    assert EvidenceFile.objects.count() == 1


# Pages ------------------------------------------------------------------------------------------


@pytest.fixture
def evidence(dossier, producer):
    return evidence_upload(
        dossier=dossier,
        evidence_type=EvidenceType.BUSINESS_REGISTRATION,
        uploaded=upload("Giấy ĐKKD.pdf", PDF_BYTES),
        by=producer,
    )


DOWNLOAD_CASES = [
    ("province_staff", 200),
    ("district_officer", 200),
    ("producer", 200),
    ("other_district_officer", 404),
    ("other_producer", 404),
    ("plain_user", 404),
    ("anonymous", 302),
]


@pytest.mark.parametrize(("persona_name", "expected"), DOWNLOAD_CASES)
def test_download_per_persona(persona_name, expected, persona, client_for, evidence, dossier):
    url = reverse("evaluation:evidence_download", args=[dossier.pk, evidence.pk])
    response = client_for(persona(persona_name)).get(url)
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == "attachment; filename*=utf-8''Gi%E1%BA%A5y%20%C4%90KKD.pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
    elif expected == 302:
        assert response.url == f"{reverse('accounts:login')}?next={url}"
    else:
        assert b"%PDF" not in response.content


def test_download_by_council_member(client_for, council_member, evidence, dossier):
    response = client_for(council_member).get(reverse("evaluation:evidence_download", args=[dossier.pk, evidence.pk]))
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF_BYTES)


def test_download_through_another_dossier_is_404(client_for, province_staff, evidence, product, other_product):
    from evaluation.tests.factories import DossierFactory

    other = DossierFactory(product=other_product, round=evidence.dossier.round, sheet=evidence.dossier.sheet)
    response = client_for(province_staff).get(reverse("evaluation:evidence_download", args=[other.pk, evidence.pk]))
    assert response.status_code == 404


def test_upload_page_shows_error_and_keeps_nothing(client_for, producer, dossier, settings):
    response = client_for(producer).post(
        reverse("evaluation:dossier_evidence", args=[dossier.pk]),
        {"evidence_type": EvidenceType.OTHER, "file": upload("gia.pdf", b"plain text")},
    )
    assert response.status_code == 200
    assert "Tệp “gia.pdf” không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp)." in response.content.decode()
    assert (EvidenceFile.objects.count(), stored_files(settings)) == (0, [])


def test_upload_page_stores_png(client_for, producer, dossier):
    response = client_for(producer).post(
        reverse("evaluation:dossier_evidence", args=[dossier.pk]),
        {"evidence_type": EvidenceType.PHOTOS, "file": upload("anh.png", png_bytes(), "image/png")},
    )
    assert response.url == reverse("evaluation:dossier_evidence", args=[dossier.pk])
    assert list(EvidenceFile.objects.values_list("original_name", "evidence_type")) == [("anh.png", "photos")]


@pytest.mark.parametrize(
    ("persona_name", "expected"), [("producer", 302), ("other_producer", 404), ("council_member", 403)]
)
def test_delete_page_per_persona(persona_name, expected, persona, client_for, evidence, dossier, council_member):
    user = council_member if persona_name == "council_member" else persona(persona_name)
    response = client_for(user).post(reverse("evaluation:evidence_delete", args=[dossier.pk, evidence.pk]))
    assert response.status_code == expected
    assert EvidenceFile.objects.count() == (0 if expected == 302 else 1)


def test_deleting_a_carried_over_copy_keeps_the_file_of_the_certified_dossier(
    dossier, producer, settings, django_capture_on_commit_callbacks
):
    """Issue 18, High 1: the copy shares the stored file of the decided dossier behind the
    certificate; deleting the copy from the renewal draft must leave that file in place."""
    source = evidence_upload(
        dossier=dossier, evidence_type=EvidenceType.LAB_TEST, uploaded=upload("kiem-nghiem.pdf", PDF_BYTES), by=producer
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.DECIDED)
    decision = recognition_decision(province=dossier.product.province, issuer_unit=dossier.product.district)
    DecisionItem.objects.create(decision=decision, dossier=dossier, recognised_stars=3)
    [certificate] = certificates_issue_for_decision(decision=decision, by=decision.created_by)
    renewal = DossierFactory(product=dossier.product, kind=DossierKind.REEVALUATION, renews_certificate=certificate)
    [copy] = evidence_carry_over(dossier=renewal, by=producer)
    assert copy.file.name == source.file.name

    with django_capture_on_commit_callbacks(execute=True):
        evidence_delete(evidence=copy, by=producer)

    assert list(EvidenceFile.objects.values_list("pk", flat=True)) == [source.pk]
    assert Path(source.file.path).read_bytes() == PDF_BYTES
    assert stored_files(settings) == [Path(source.file.path)]
