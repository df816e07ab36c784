"""The shared scenario for the hardening tests: one province, two districts, something of every
kind in each, so that every route has an object to open and every persona has data that must
not leak to it.

District A (Huyện Yên Thế) is the home of the district officer, the producer and the council;
district B (Huyện Lục Ngạn) belongs to the other officer and the other producer. In district A,
the producer's commune (Xã Đồng Tiến) has its commune officer, and a sibling commune (Xã Canh
Nậu) another commune officer and a producer of its own, with a draft dossier.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from api.services import api_token_create
from evaluation.enums import Level
from evaluation.models import Certificate, CriterionGroup, Job
from evaluation.services.certificates.misuse import misuse_report_create
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.decisions import decision_record
from evaluation.services.evidence import evidence_upload
from evaluation.services.inspections import (
    inspection_conclude,
    inspection_finding_add,
    inspection_open_for_report,
    inspection_plan_create,
)
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory, RoundFactory
from evaluation.tests.factories import framework as load_framework
from evaluation.tests.test_councils import P55, P85, make_council, score
from ocop_portal.core.services import notify
from ocop_portal.testing import factories as f
from opendata.services import snapshot_publish
from products.models import ProducerSignup
from products.services import product_photo_add, registry_import_preview
from products.tests.factories import EditProposalFactory, image_bytes, register_row, xlsx_bytes
from reports.models import ReportRequest
from support.tests.factories import ApprovedGrantFactory, BudgetLineFactory, SupportGrantFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Scenario:
    objects: dict[str, Any]

    def __getitem__(self, name):
        return self.objects[name]


def _accepted(product, officer, round_obj):
    dossier = DossierFactory(product=product, round=round_obj, created_by=officer)
    dossier_transition(dossier, "submitted", by=officer)
    dossier_transition(dossier, "accepted", by=officer)
    return dossier


@pytest.fixture
def council_member(scenario):
    """A seat on district A's council, with the open assignment still to score."""
    return scenario["seat"].user


@pytest.fixture
def scenario(
    province,
    district,
    other_district,
    producer_record,
    other_producer_record,
    producer,
    other_producer,
    district_officer,
    other_district_officer,
    province_staff,
    plain_user,
    sibling_commune,
    commune_officer,
    other_commune_officer,
):
    round_obj = RoundFactory(province=province, year=2026, number=1)
    council, (chair, _vice, seat, _fourth) = make_council(
        province=province, jurisdiction=district, name="Hội đồng OCOP huyện Yên Thế"
    )
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    honey = f.ProductFactory(producer=producer_record, name="Mật ong Yên Thế")
    other_product = f.ProductFactory(producer=other_producer_record, name="Vải thiều Lục Ngạn")

    decided = _accepted(product, district_officer, round_obj)
    scoring = _accepted(honey, district_officer, round_obj)
    closed, open_ = council_assign(council=council, dossiers=[decided, scoring], by=district_officer)
    for member in (chair, _vice, seat):
        score(closed, member, P55)
    assignment_close(assignment=closed, by=chair.user)
    decision = decision_record(
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
    score(open_, chair, P85)
    certificate = Certificate.objects.get(product=product)

    # A draft dossier in each district: the producer's own, and the other producer's.
    draft = DossierFactory(
        product=f.ProductFactory(producer=producer_record, name="Trứng gà Yên Thế"),
        round=round_obj,
        created_by=district_officer,
    )
    other_draft = DossierFactory(product=other_product, round=round_obj, created_by=other_district_officer)
    sibling_product = f.ProductFactory(
        producer=f.ProducerFactory(commune=sibling_commune, name="HTX Chè Canh Nậu"), name="Chè xanh Canh Nậu"
    )
    sibling_draft = DossierFactory(product=sibling_product, round=round_obj, created_by=other_commune_officer)
    submitted = DossierFactory(
        product=f.ProductFactory(producer=producer_record, name="Miến dong Yên Thế"),
        round=round_obj,
        created_by=district_officer,
    )
    dossier_transition(submitted, "submitted", by=district_officer)
    # A sign-up request for the producer, waiting for the officer of its commune.
    signup = ProducerSignup.objects.create(producer=producer_record, full_name="Nguyễn Thị Lan", email="lan@example.vn")
    # A draft under QĐ 26/2026 in the producer's commune: the official forms 01, 02 and 03.
    filing = DossierFactory(
        product=f.ProductFactory(producer=producer_record, name="Măng khô Yên Thế"),
        round=RoundFactory(province=province, year=2026, number=2, framework=load_framework("26/2026")),
        current_level=Level.COMMUNE,
        created_by=producer,
    )
    evidence = evidence_upload(
        dossier=draft,
        evidence_type="business_registration",
        uploaded=SimpleUploadedFile("dkkd.pdf", PDF_BYTES, content_type="application/pdf"),
        by=district_officer,
    )
    sheet = draft.sheet
    criterion = sheet.criteria.order_by("order").first()
    group = CriterionGroup.objects.filter(part__sheet=sheet).order_by("id").first()

    line = BudgetLineFactory(province=province, year=2026)
    other_line = BudgetLineFactory(province=province, district=other_district, year=2026)
    grant = SupportGrantFactory(producer=producer_record, budget_line=line, description="Tem nhãn Gà đồi")
    approved = ApprovedGrantFactory(producer=producer_record, budget_line=line, description="Kiểm nghiệm Gà đồi")
    other_grant = SupportGrantFactory(
        producer=other_producer_record, budget_line=other_line, description="Tem nhãn Vải"
    )

    misuse = misuse_report_create(certificate=certificate, message="Nhãn giả ở chợ Bố Hạ")
    inspection_parts = _inspection(certificate, province_staff)
    notification = notify(recipients=[district_officer], subject="Hồ sơ mới", url="/")[0]
    proposal = EditProposalFactory(producer=producer_record, proposed_by=producer)
    registry_import = registry_import_preview(
        actor=province_staff,
        province=province,
        file_name="dang-ky.xlsx",
        content=xlsx_bytes([register_row()]),
        max_bytes=10 * 1024 * 1024,
    )
    report = ReportRequest.objects.create(
        province=province, year=2025, version=1, requested_by=province_staff, state="done", progress=100
    )
    report.pdf.save("bao-cao.pdf", ContentFile(PDF_BYTES), save=True)
    # A finished council pack of district A's council: its managers and members may fetch it.
    job = Job.objects.create(
        kind="council_pack", target=f"council:{council.pk}", province=province, council=council, state="done"
    )
    job.file.save("bo-ho-so.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
    snapshot = snapshot_publish(day=datetime.date(2026, 7, 10))
    token, _key = api_token_create(user=district_officer, name="hardening")
    photo = product_photo_add(
        product=product,
        actor=district_officer,
        image=SimpleUploadedFile("ga.png", image_bytes(), content_type="image/png"),
        caption="Gà đồi",
    )
    return Scenario(
        {
            "province": province,
            "district": district,
            "other_district": other_district,
            "round": round_obj,
            "council": council,
            "chair": chair,
            "seat": seat,
            "closed": closed,
            "open": open_,
            "decision": decision,
            "decided": decided,
            "scoring": scoring,
            "certificate": certificate,
            "product": product,
            "other_product": other_product,
            "producer_record": producer_record,
            "other_producer_record": other_producer_record,
            "draft": draft,
            "other_draft": other_draft,
            "sibling_draft": sibling_draft,
            "submitted": submitted,
            "filing": filing,
            "signup": signup,
            "evidence": evidence,
            "sheet": sheet,
            "criterion": criterion,
            "group": group,
            "line": line,
            "other_line": other_line,
            "grant": grant,
            "approved_grant": approved,
            "other_grant": other_grant,
            "misuse": misuse,
            "notification": notification,
            "proposal": proposal,
            "registry_import": registry_import,
            "report": report,
            "token": token,
            "job": job,
            "snapshot": snapshot,
            "photo": photo,
            **inspection_parts,
        }
    )


def _inspection(certificate, staff) -> dict:
    """District A's certificate inspected (QĐ 26/2026 Art. 9) on a public report whose reporter's
    contact only the province's staff may read, concluded with a breach proposing Art. 8 (d)."""
    report = misuse_report_create(
        certificate=certificate,
        message="Dùng biểu trưng OCOP trên hộp quà",
        reporter_name="Người phản ánh",
        reporter_contact="0912 000 111",
    )
    plan = inspection_plan_create(province=certificate.province, year=2026, title="Kế hoạch kiểm tra 2026", by=staff)
    inspection = inspection_open_for_report(
        report=report, planned_on=datetime.date(2026, 9, 1), lead="Văn phòng Điều phối OCOP tỉnh", by=staff
    )
    finding = inspection_finding_add(
        inspection=inspection,
        subject="mark",
        breach=True,
        description="Biểu trưng OCOP trên hộp quà",
        proposed_ground="art8_d",
        files=[SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")],
        by=staff,
    )
    inspection_conclude(
        inspection=inspection,
        concluded_on=datetime.date(2026, 9, 3),
        conclusion="Kết luận kiểm tra số 7/KL-OCOP",
        by=staff,
    )
    return {
        "inspection_plan": plan,
        "inspection": inspection,
        "finding": finding,
        "finding_file": finding.files.get(),
        "inspected_report": report,
    }
