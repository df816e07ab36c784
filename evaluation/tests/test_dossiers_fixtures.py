"""Fixtures and builders shared by the round/dossier/evidence/transition tests (no tests here).

Test modules star-import this module: pytest finds a fixture by name in the test module's
namespace, and this keeps one definition without a conftest.py shared with the other areas.
"""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from evaluation.enums import EvidenceType, Level
from evaluation.models import AnswerOption, Criterion, EvidenceFile, SelfAssessmentAnswer
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, DossierFactory, RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from ocop_portal.testing import factories as f

# A sheet carrying the four criteria the commune assesses under QĐ 148 + 1489 (1.1, 2.1, 3.3, 5.2)
# and one criterion scored in one of two cases.
SHEET_1489 = [
    ("A", 1, "1.1", [(0, None), (5, 3), (10, None)]),
    ("A", 2, "2.1", [(0, None), (5, None)]),
    ("A", 3, "3.3", [(0, None), (5, None)]),
    ("B", 5, "5.2", [(0, None), (5, None)]),
    ("C", 6, "6.1", [(0, None), (20, 3), (35, None)]),
]

REGISTRATION = {
    "product_description": "Gà đồi thả vườn, nuôi 6 tháng",
    "production_capacity": "20 tấn/năm",
    "raw_material_source": "Gà giống tại địa phương",
    "main_markets": "Bắc Giang, Hà Nội",
    "contact_name": "Trần Thị Hoa",
    "contact_phone": "0912 345 678",
}

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 94, 54)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def framework_148(db):
    return load_framework("148")


@pytest.fixture
def framework_1489(db):
    return load_framework("148+1489")


@pytest.fixture
def product_set(db):
    return f.ProductSetFactory()


@pytest.fixture
def sheet(framework_148, product_set):
    return build_sheet(framework_obj=framework_148, product_set=product_set)


@pytest.fixture
def sheet_1489(framework_1489, product_set):
    return build_sheet(framework_obj=framework_1489, product_set=product_set, spec=SHEET_1489)


@pytest.fixture
def product(producer_record, product_set):
    return f.ProductFactory(producer=producer_record, product_set=product_set, name="Gà đồi Yên Thế")


@pytest.fixture
def other_product(other_producer_record, product_set):
    return f.ProductFactory(producer=other_producer_record, product_set=product_set, name="Vải thiều Lục Ngạn")


@pytest.fixture
def open_round(province, framework_148):
    return RoundFactory(province=province, framework=framework_148, year=2026, number=1)


@pytest.fixture
def round_1489(province, framework_1489):
    return RoundFactory(province=province, framework=framework_1489, year=2026, number=2)


@pytest.fixture
def dossier(product, open_round, sheet, district_officer):
    return DossierFactory(product=product, round=open_round, sheet=sheet, created_by=district_officer)


@pytest.fixture
def council_member(dossier, province, district):
    """A user seated on the district council the dossier is assigned to."""
    council = CouncilFactory(province=province, jurisdiction=district, level=Level.DISTRICT)
    member = CouncilMemberFactory(council=council, user=f.UserFactory(username="member"))
    council.assignments.create(dossier=dossier, level=Level.DISTRICT)
    return member.user


def answer_everything(dossier, pick=-1) -> Decimal:
    """Answer every criterion of the dossier's sheet with its `pick`-th option; return the total."""
    total = Decimal(0)
    for criterion in Criterion.objects.filter(sheet=dossier.sheet):
        option = list(AnswerOption.objects.filter(criterion=criterion).order_by("number"))[pick]
        SelfAssessmentAnswer.objects.update_or_create(dossier=dossier, criterion=criterion, defaults={"option": option})
        total += option.points
    return total


def attach_evidence(dossier, user, kinds=(EvidenceType.BUSINESS_REGISTRATION, EvidenceType.PHOTOS)) -> list:
    items = []
    for kind in kinds:
        item = EvidenceFile(
            dossier=dossier,
            evidence_type=kind,
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
            sha256="0" * 64,
            uploaded_by=user,
        )
        item.file.save(f"{kind}.pdf", ContentFile(PDF_BYTES), save=False)
        item.save()
        items.append(item)
    return items


# Forms 01 and 02 of QĐ 26/2026 with every required field (a framework with official forms).
FORM01 = {
    "unit_name": "HTX Gà đồi Yên Thế",
    "representative": "Trần Thị Hoa",
    "position": "Giám đốc",
    "contact_address": "Thôn Đồng Tiến, xã Đồng Tiến",
    "phone": "0912 345 678",
    "email": "htx@example.vn",
    "product_name": "Gà đồi Yên Thế",
    "classification": "Thực phẩm / Thực phẩm tươi sống",
    "samples": 5,
}
FORM02 = {
    "producer_name": "HTX Gà đồi Yên Thế",
    "organisation_type": "Hợp tác xã",
    "address": "Thôn Đồng Tiến, xã Đồng Tiến",
    "phone": "0912 345 678",
    "rep_name": "Trần Thị Hoa",
    "rep_sex": "Nữ",
    "rep_ethnicity": "Kinh",
    "rep_address": "Xã Đồng Tiến",
    "founded_on": "2015-03-02",
    "registration_no": "2401234567",
    "product_spec": "Gà đồi thả vườn, hộp 1,5 kg, TCCS 01:2024",
    "has_business_registration": True,
    "history": "Thành lập năm 2015 từ tổ hợp tác chăn nuôi.",
    "structure": "Hội đồng quản trị, ban kiểm soát, 3 tổ sản xuất.",
    "business_results": "Doanh thu 2025: 3,2 tỷ đồng; lợi nhuận 400 triệu đồng.",
    "business_plan": "Mở rộng vùng nuôi lên 30 ha; bán qua sàn thương mại điện tử.",
}


def make_complete(dossier, user):
    """Fill registration (or forms 01 and 02), self-assessment and required evidence directly
    (test arrangement)."""
    dossier.registration = dict(REGISTRATION)
    dossier.save(update_fields=["registration"])
    if dossier.round.framework.dossier_forms:
        from evaluation.models import DossierForms

        DossierForms.objects.update_or_create(dossier=dossier, defaults={"form01": FORM01, "form02": FORM02})
    answer_everything(dossier)
    attach_evidence(dossier, user)
    dossier.refresh_from_db()
    return dossier
