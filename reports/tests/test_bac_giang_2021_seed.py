"""Bắc Giang 2021 (shared/seeds/000_*.txt) with nothing invented: every figure of the report's body
is one the seed states, and every part computed from the import's stand-in rows (the seed names no
product, certificate or decision of the 61) carries "(số liệu minh họa)" in the PDF and the .docx."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from evaluation.enums import CertificateStatus, DossierState
from evaluation.models import Certificate, Decision, Dossier, Round
from ocop_portal.core.docx import docx_text
from products.models import Producer, Product
from reports.document import ILLUSTRATIVE
from reports.models import IllustrativeRecord
from reports.pdf import render_docx, render_pdf
from reports.services import build_snapshot
from support.models import BudgetLine, SupportGrant

from .pdftext import pdf_text

# The seed is kept in the repository (data/seeds/, copies of shared/seeds/): the test always runs.
SEED = next((Path(settings.BASE_DIR) / "data" / "seeds").glob("000_*.txt"))
# The parts the report computes from the stand-ins' own districts, producer kinds and dates:
# (where the part starts, where the next part starts).
LABELLED_PARTS = [
    ("- Các sản phẩm được công nhận là của", "- So với kế hoạch"),
    ("Sản phẩm được công nhận năm 2021 theo huyện và hạng sao", "Sản phẩm đề xuất đánh giá năm 2021 theo nhóm"),
    ("Trong năm không có giấy chứng nhận nào hết hiệu lực", "Sản phẩm OCOP còn hiệu lực (lũy kế)"),
]
# Numbers of the body that are not the seed's words but its facts restated: the reference date of
# "lũy kế" ("hết năm 2021"), the year's target (61 is "vượt 26 sản phẩm": 35) and the 5★ column of
# the total in force (155 = 36 4★ + 119 3★: 0 5★). Nothing else may appear.
RESTATED = {"31/12/2021", "35", "0"}


def _numbers(text: str) -> set[str]:
    """Every number of `text`, with leading zeros dropped per part ('09' → '9', '10/07/2022' →
    '10/7/2022'); the thousands dots kept ('460.000.000')."""
    found = set()
    for token in re.findall(r"\d+(?:[./]\d+)*", text):
        separators = re.findall(r"[./]", token)
        parts = [str(int(part)) if "/" in separators or len(part) < 3 else part for part in re.split(r"[./]", token)]
        found.add("".join(p + s for p, s in zip(parts, [*separators, ""], strict=True)))
    return found


def _body(text: str) -> str:
    """The report's body: from the title to the signature, without running headers and footers."""
    start = text.index("Phương hướng nhiệm vụ năm 2022") + len("Phương hướng nhiệm vụ năm 2022")
    body = text[start : text.index("GIÁM ĐỐC Nơi nhận")]
    return re.sub(r"Trang \d+/\d+ Tỉnh Bắc Giang · Kết quả .*? năm 2021; Phương hướng nhiệm vụ năm 2022", " ", body)


@pytest.mark.integration
def test_the_bac_giang_2021_report_states_the_seeds_figures_and_labels_the_rest(bac_giang_2021):
    snapshot = build_snapshot(province=bac_giang_2021, year=2021, version=1)
    pdf = pdf_text(render_pdf(snapshot))
    word = docx_text(render_docx(snapshot))

    body = _body(pdf)
    for start, end in LABELLED_PARTS:
        part = body[body.index(start) : body.index(end)]
        assert ILLUSTRATIVE in part, part
        body = body.replace(part, " ")
    in_force = body[body.index("Sản phẩm OCOP còn hiệu lực (lũy kế)") : body.index("Toàn tỉnh")]
    assert f"theo huyện {ILLUSTRATIVE}" in in_force
    body = body.replace(in_force, " ")
    seed_numbers = _numbers(" ".join(SEED.read_text(encoding="utf-8").split()))
    assert _numbers(body) - seed_numbers - RESTATED == set()
    # The annex lists the stand-ins: labelled in its caption, in the PDF and in the Word twin.
    assert "Phụ lục 1. Sản phẩm được công nhận đạt OCOP năm 2021 (số liệu minh họa)" in pdf
    for text in (pdf, word):
        assert text.count(ILLUSTRATIVE) >= 4
        assert "Hỗ trợ quản lý nhãn hiệu: 3 đơn vị" in text and "460.000.000 đồng" in text
        assert "đứng thứ 2 khu vực Miền núi phía Bắc và thứ 7 cả nước về số sản phẩm OCOP" in text


@pytest.mark.integration
def test_the_bac_giang_2021_import_invents_no_row_and_marks_its_stand_ins(bac_giang_2021):
    scope = {"province": bac_giang_2021}
    # Not in the seed, so not written: grants, budget lines (their sources, splits and numbers),
    # withdrawn dossiers and revocations.
    assert not SupportGrant.objects.filter(budget_line__province=bac_giang_2021).exists()
    assert not BudgetLine.objects.filter(**scope).exists()
    assert not Dossier.objects.filter(**scope, state=DossierState.WITHDRAWN).exists()
    assert not Certificate.objects.filter(**scope, status=CertificateStatus.REVOKED).exists()
    # Every stand-in row is marked illustrative.
    for model, rows in [
        (Producer, Producer.objects.filter(**scope)),
        (Product, Product.objects.filter(**scope)),
        (Dossier, Dossier.objects.filter(**scope)),
        (Certificate, Certificate.objects.filter(**scope)),
        (Decision, Decision.objects.filter(**scope)),
        (Round, Round.objects.filter(**scope)),
    ]:
        unmarked = rows.exclude(IllustrativeRecord.exists_for(model, "pk"))
        assert rows.exists() and not unmarked.exists(), model.__name__


@pytest.mark.integration
def test_the_dashboard_labels_the_stand_ins_figures_and_counts_the_stated_support(bac_giang_2021, client_for):
    from django.urls import reverse

    from ocop_portal.testing import factories as f

    staff = f.UserFactory(username="so-bac-giang", staff_province=bac_giang_2021)

    page = client_for(staff).get(reverse("reports:dashboard"), {"year": 2021}).content.decode()

    # 460.000.000 under QĐ 2121 and 73.600.000 for testing: the seed's amounts, no grant behind them.
    assert "533.600.000" in page
    assert page.count(ILLUSTRATIVE) >= 4  # revoked, expiring, and the two charts by district
