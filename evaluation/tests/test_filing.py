"""The producer files the dossier under QĐ 26/2026 (Annex III): forms 01 and 02, the registration
number `<n>/PĐK-<province>-<commune>-<year>` (no gaps, no duplicates, parallel submissions too),
the immutable submitted copy with its SHA-256, the PDFs read back as text, and who may do what."""

import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from evaluation.enums import DossierState, EvidenceTopic, EvidenceType, Level
from evaluation.models import Dossier, DossierForms, RegistrationSequence, SubmittedCopy
from evaluation.services.dossiers import DossierConflict, dossier_return, dossier_submit
from evaluation.services.evidence import evidence_upload
from evaluation.services.filing import content_sha256, copy_is_intact, filing_save_form

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import FORM01, FORM02, PDF_BYTES, load_framework, make_complete, upload
from ocop_portal.testing import factories as f
from ocop_portal.testing.concurrency import second_waits_for_first

from .factories import DossierFactory, RoundFactory, build_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_26(province, product_set):
    framework = load_framework("26/2026")
    build_sheet(framework_obj=framework, product_set=product_set)
    return RoundFactory(framework=framework, province=province, year=2026, number=3)


def _dossier(product, round_26, user):
    return DossierFactory(product=product, round=round_26, current_level=Level.COMMUNE, created_by=user)


@pytest.fixture
def filing(product, round_26, producer):
    return _dossier(product, round_26, producer)


def _number(dossier) -> str:
    return DossierForms.objects.get(dossier=dossier).registration_number


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["/usr/bin/pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.decode("utf-8").split())


# Completeness and the registration number ----------------------------------------------------------


def test_submission_without_the_forms_names_what_is_missing_and_writes_nothing(filing, producer):
    make_complete(filing, producer)
    DossierForms.objects.filter(dossier=filing).update(form01={}, form02={**FORM02, "business_plan": " "})
    with pytest.raises(ValidationError) as caught:
        dossier_submit(dossier=filing, by=producer)
    assert "Mẫu số 01: chưa điền “Tên đơn vị”." in caught.value.messages
    assert "Mẫu số 01: chưa điền “Sản phẩm mẫu (số lượng)”." in caught.value.messages
    assert "Mẫu số 02: chưa điền “Phần IV. Kế hoạch sản xuất, kinh doanh”." in caught.value.messages
    assert "Mẫu số 01: chưa điền “Email”." not in caught.value.messages  # optional on the form
    assert Dossier.objects.get(pk=filing.pk).state == DossierState.DRAFT
    assert (_number(filing), RegistrationSequence.objects.count(), SubmittedCopy.objects.count()) == ("", 0, 0)


def test_numbers_run_per_commune_and_year_without_gaps(
    filing, product, round_26, producer, province, commune, province_staff
):
    make_complete(filing, producer)
    second = make_complete(
        _dossier(f.ProductFactory(producer=product.producer, product_set=product.product_set), round_26, producer),
        producer,
    )
    elsewhere = f.CommuneFactory(parent=commune.parent, code="07249", name="Xã Tam Tiến")
    third = make_complete(
        _dossier(
            f.ProductFactory(producer=f.ProducerFactory(commune=elsewhere), product_set=product.product_set),
            round_26,
            province_staff,
        ),
        province_staff,
    )
    # a refused submission in between takes no number
    DossierForms.objects.filter(dossier=second).update(form01={})
    with pytest.raises(ValidationError):
        dossier_submit(dossier=second, by=producer)
    dossier_submit(dossier=filing, by=producer)
    DossierForms.objects.filter(dossier=second).update(form01=FORM01)
    dossier_submit(dossier=second, by=producer)
    dossier_submit(dossier=third, by=province_staff)
    code = province.code
    assert [_number(d) for d in (filing, second, third)] == [
        f"01/PĐK-{code}-07243-2026",
        f"02/PĐK-{code}-07243-2026",
        f"01/PĐK-{code}-07249-2026",
    ]


def test_a_resubmission_keeps_the_number_and_chains_a_new_copy(filing, producer, commune_officer):
    make_complete(filing, producer)
    dossier_submit(dossier=filing, by=producer)
    number = _number(filing)
    dossier_return(dossier=filing, by=commune_officer, reasons="Thiếu phiếu kiểm nghiệm")
    filing.refresh_from_db()
    filing_save_form(dossier=filing, form_no="01", data={"samples": 6}, version=filing.version, by=producer)
    dossier_submit(dossier=filing, by=producer)
    first, second = SubmittedCopy.objects.filter(dossier=filing).order_by("number")
    assert (_number(filing), first.registration_number, second.registration_number) == (number, number, number)
    assert (first.content["form01"]["samples"], second.content["form01"]["samples"]) == (5, 6)
    assert second.previous_sha256 == first.sha256 and second.content["previous_sha256"] == first.sha256
    assert RegistrationSequence.objects.get().last_number == 1


def test_the_copy_freezes_forms_answers_and_evidence_checksums(filing, producer):
    make_complete(filing, producer)
    topical = evidence_upload(
        dossier=filing,
        evidence_type=EvidenceType.LAB_TEST,
        uploaded=upload("kiem-nghiem.pdf", PDF_BYTES),
        topic=EvidenceTopic.LAB_TESTS,
        by=producer,
    )
    dossier_submit(dossier=filing, by=producer)
    copy = SubmittedCopy.objects.get(dossier=filing)
    assert copy.sha256 == content_sha256(copy.content) and copy_is_intact(copy)
    assert copy.content["form02"]["rep_sex"] == "Nữ"
    assert len(copy.content["self_assessment"]) == filing.sheet.criteria.count()
    row = next(e for e in copy.content["evidence"] if e["id"] == topical.pk)
    assert (row["topic"], row["sha256"]) == (12, topical.sha256)
    assert copy.submitted_by == producer


def test_the_database_refuses_to_change_or_delete_a_submitted_copy(filing, producer):
    make_complete(filing, producer)
    dossier_submit(dossier=filing, by=producer)
    for attempt in (
        lambda: SubmittedCopy.objects.filter(dossier=filing).update(sha256="0" * 64),
        lambda: SubmittedCopy.objects.filter(dossier=filing).delete(),
    ):
        with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
            attempt()
    assert copy_is_intact(SubmittedCopy.objects.get(dossier=filing))


def test_a_tampered_copy_no_longer_matches_its_hash(filing, producer):
    make_complete(filing, producer)
    dossier_submit(dossier=filing, by=producer)
    copy = SubmittedCopy.objects.get(dossier=filing)
    copy.content["form01"]["unit_name"] = "Công ty khác"
    assert not copy_is_intact(copy)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_in_one_commune_get_two_numbers(product, round_26, producer):
    first = make_complete(_dossier(product, round_26, producer), producer)
    other = f.ProductFactory(producer=product.producer, product_set=product.product_set)
    second = make_complete(_dossier(other, round_26, producer), producer)
    one, two = second_waits_for_first(
        lambda: dossier_submit(dossier=first, by=producer), lambda: dossier_submit(dossier=second, by=producer)
    )
    assert (one.kind, two.kind) == ("ok", "ok"), (one.value, two.value)
    numbers = sorted(_number(d)[:2] for d in (first, second))
    assert numbers == ["01", "02"]
    assert RegistrationSequence.objects.get().last_number == 2


def test_a_148_dossier_takes_no_number_and_keeps_the_registration_form(dossier, district_officer):
    make_complete(dossier, district_officer)
    dossier_submit(dossier=dossier, by=district_officer)
    assert (DossierForms.objects.filter(dossier=dossier).count(), SubmittedCopy.objects.count()) == (0, 0)


# Saving the forms ----------------------------------------------------------------------------------


def test_saving_needs_the_current_version_and_a_preparer(filing, producer, other_producer):
    filing_save_form(dossier=filing, form_no="01", data={"unit_name": "HTX A"}, version=filing.version, by=producer)
    with pytest.raises(DossierConflict):
        filing_save_form(dossier=filing, form_no="01", data={"unit_name": "HTX B"}, version=1, by=producer)
    with pytest.raises(PermissionDenied):
        filing_save_form(dossier=filing, form_no="01", data={"unit_name": "HTX C"}, version=2, by=other_producer)
    with pytest.raises(ValidationError):
        filing_save_form(dossier=filing, form_no="01", data={"rep_sex": "Nữ"}, version=2, by=producer)
    assert DossierForms.objects.get(dossier=filing).form01 == {"unit_name": "HTX A"}


def test_the_producer_fills_form_01_on_its_page(filing, producer, client_for):
    client = client_for(producer)
    url = reverse("evaluation:dossier_form01", args=[filing.pk])
    page = client.get(url).content.decode()
    assert 'value="HTX Gà đồi Yên Thế"' in page  # started from the registry
    response = client.post(url, {**FORM01, "version": filing.version})
    assert response.status_code == 302
    assert DossierForms.objects.get(dossier=filing).form01["samples"] == 5


def test_bad_input_on_form_01_is_refused_with_a_message(filing, producer, client_for):
    client = client_for(producer)
    response = client.post(
        reverse("evaluation:dossier_form01", args=[filing.pk]), {**FORM01, "phone": "gọi tôi", "version": 1}
    )
    assert "Số điện thoại không hợp lệ." in response.content.decode()
    assert DossierForms.objects.filter(dossier=filing, form01__has_key="phone").count() == 0


def test_autosave_keeps_a_half_filled_form_02(filing, producer, client_for):
    client = client_for(producer)
    response = client.post(
        reverse("evaluation:dossier_form02", args=[filing.pk]),
        {"history": "Thành lập 2015", "version": filing.version},
        HTTP_HX_REQUEST="true",
    )
    assert "Đã tự động lưu" in response.content.decode()
    saved = DossierForms.objects.get(dossier=filing).form02
    assert (saved["history"], saved["quality_declared"]) == ("Thành lập 2015", False)


def test_form_02_page_lists_the_fifteen_topics(filing, producer, client_for):
    page = client_for(producer).get(reverse("evaluation:dossier_form02", args=[filing.pk])).content.decode()
    assert all(str(topic.label) in page for topic in EvidenceTopic)


def test_forms_are_refused_outside_the_producer_and_the_commune(
    filing, other_producer, other_commune_officer, commune_officer, client_for
):
    url = reverse("evaluation:dossier_form01", args=[filing.pk])
    assert client_for(other_producer).get(url).status_code == 404
    assert client_for(other_commune_officer).get(url).status_code == 404
    assert client_for(commune_officer).get(url).status_code == 200


def test_no_official_forms_on_a_148_dossier(dossier, district_officer, client_for):
    client = client_for(district_officer)
    assert client.get(reverse("evaluation:dossier_form01", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("evaluation:dossier_form02_pdf", args=[dossier.pk])).status_code == 404


def test_a_submitted_dossier_forms_are_read_only(filing, producer, client_for):
    make_complete(filing, producer)
    dossier_submit(dossier=filing, by=producer)
    response = client_for(producer).post(
        reverse("evaluation:dossier_form01", args=[filing.pk]), {**FORM01, "unit_name": "Khác", "version": 99}
    )
    assert response.status_code == 302
    assert DossierForms.objects.get(dossier=filing).form01["unit_name"] == FORM01["unit_name"]


# PDFs ------------------------------------------------------------------------------------------------


def test_form_01_pdf_of_a_submitted_dossier(filing, producer, client_for, province):
    make_complete(filing, producer)
    dossier_submit(dossier=filing, by=producer)
    response = client_for(producer).get(reverse("evaluation:dossier_form01_pdf", args=[filing.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    copy = SubmittedCopy.objects.get(dossier=filing)
    for expected in (
        "PHIẾU ĐĂNG KÝ",
        f"Tham gia đánh giá, phân hạng sản phẩm OCOP của {province.name} năm 2026",
        "Tên đơn vị: HTX Gà đồi Yên Thế",
        "Chức vụ: Giám đốc",
        "☒ Lần đầu",
        "Sản phẩm mẫu (số lượng): 5",
        f"Phiếu số: 01/PĐK-{province.code}-07243-2026",
        "DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ",
        copy.sha256,
    ):
        assert expected in text, expected
    assert "BẢN NHÁP" not in text


def test_form_02_pdf_of_a_draft_says_so(filing, producer, client_for):
    make_complete(filing, producer)
    evidence_upload(
        dossier=filing,
        evidence_type=EvidenceType.TRADEMARK,
        uploaded=upload("nhan-hieu.pdf", PDF_BYTES),
        topic=EvidenceTopic.INTELLECTUAL_PROPERTY,
        by=producer,
    )
    text = pdf_text(client_for(producer).get(reverse("evaluation:dossier_form02_pdf", args=[filing.pk])).content)
    for expected in (
        "BẢN NHÁP — HỒ SƠ CHƯA NỘP",
        "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM",
        "Giới tính Nữ",
        "Phần II. KẾT QUẢ THỰC HIỆN PHƯƠNG ÁN SẢN XUẤT KINH DOANH",
        "Doanh thu 2025: 3,2 tỷ đồng",
        "Sở hữu trí tuệ nhan-hieu.pdf",
        "Phần IV. KẾ HOẠCH SẢN XUẤT, KINH DOANH",
        "Mở rộng vùng nuôi lên 30 ha",
    ):
        assert expected in text, expected


def test_pdfs_follow_the_dossier_visibility(filing, other_producer, other_commune_officer, client_for):
    for name in ("evaluation:dossier_form01_pdf", "evaluation:dossier_form02_pdf"):
        url = reverse(name, args=[filing.pk])
        assert client_for(other_producer).get(url).status_code == 404
        assert client_for(other_commune_officer).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_the_detail_page_shows_the_number_and_the_hash(filing, producer, client_for):
    make_complete(filing, producer)
    dossier_submit(dossier=filing, by=producer)
    page = client_for(producer).get(reverse("evaluation:dossier_detail", args=[filing.pk])).content.decode()
    assert _number(filing) in page and SubmittedCopy.objects.get(dossier=filing).sha256 in page
