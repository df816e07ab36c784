"""Quảng Trị 2018 (shared/seeds/004_*.txt) rebuilt from the seed's own facts — the budget assigned
by decision, nine fairs with their cost by source, three projects with the state's share, the
official frame — and its figures found in the PDF and in the Word twin."""

import datetime

import pytest

from ocop_portal.core.docx import docx_text
from ocop_portal.testing import factories as f
from reports.models import (
    ActivityFunding,
    BudgetAllocation,
    DevelopmentProject,
    PromotionEvent,
    ReportNarrative,
    YearPlan,
)
from reports.pdf import render_docx, render_pdf
from reports.services import build_snapshot

from .pdftext import pdf_text

YEAR = 2018
FAIRS = [
    ("Hội chợ triển lãm Nông nghiệp quốc tế lần thứ 18", "Đà Nẵng"),
    ("Hội chợ Mỗi xã phường một sản phẩm và Nông nghiệp ứng dụng công nghệ cao", "Thái Nguyên"),
    ("Hội chợ Đặc sản vùng miền Việt Nam 2018", "Hà Nội"),
    ("Hội chợ Công thương khu vực miền Trung Tây Nguyên - Nhịp cầu xuyên Á", "Quảng Trị"),
    ("Hội chợ Làng nghề Việt Nam và Diễn đàn quốc tế quảng bá sản phẩm OCOP", "Hà Nội"),
    ("Hội chợ Nông nghiệp công nghệ cao và Nông sản an toàn các tỉnh miền Trung", "Nghệ An"),
    ("Hội chợ - Triển lãm công nghệ nuôi trồng - chế biến nông, lâm, thủy sản", "TP Hồ Chí Minh"),
    ("Hội chợ mùa thu Lam Kinh và diễn đàn kết nối xúc tiến đầu tư - kết nối giao thương", "Thanh Hóa"),
    ("Hội chợ hàng Việt Đà Nẵng 2018", ""),
]
PROJECTS = [
    (
        "Dự án hỗ trợ thiết bị chưng cất tinh dầu",
        "hộ kinh doanh Huyện Thoại Lê",
        "xã Vĩnh Trung, huyện Vĩnh Linh",
        237_000_000,
    ),
    (
        "Dự án hỗ trợ thiết bị chưng cất tinh dầu",
        "Công ty TNHH Nhiên Thảo Quảng Trị",
        "thị trấn Gio Linh, huyện Gio Linh",
        90_000_000,
    ),
    (
        "Dự án hỗ trợ thiết bị chế biến hồ tiêu",
        "HTX Nông nghiệp dịch vụ Hồ tiêu Cù",
        "xã Cam Nghĩa, huyện Cam Lộ",
        229_400_000,
    ),
]

PHRASES = [
    "UBND TỈNH QUẢNG TRỊ",
    "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    "Số: 78/BC-SNN",
    "Quảng Trị, ngày 28 tháng 3 năm 2019",
    "Tổng kinh phí bố trí để triển khai thực hiện Chương trình OCOP năm 2018 là 500.000.000 đồng, trong đó: "
    "500.000.000 đồng tại Quyết định số 649/QĐ-UBND ngày 29/03/2018 (Nguồn vốn: Sự nghiệp Ngân sách Trung ương).",
    "Trong năm đã hỗ trợ các chủ thể tham gia 09 hội chợ, sự kiện xúc tiến thương mại, tổng kinh phí 589.720.000 đồng "
    "(Nguồn hỗ trợ thực hiện chương trình OCOP: 226.620.000 đồng; nguồn hỗ trợ phát triển cây trồng con nuôi chủ lực: "
    "363.100.000 đồng), gồm:",
    "- Hội chợ triển lãm Nông nghiệp quốc tế lần thứ 18 - Đà Nẵng;",
    "- Hội chợ hàng Việt Đà Nẵng 2018;",
    "Trong năm 2018 đã triển khai 03 dự án hỗ trợ phát triển sản phẩm, tổng kinh phí 556.400.000 đồng, trong đó ngân "
    "sách nhà nước hỗ trợ 273.380.000 đồng, gồm:",
    "cho HTX Nông nghiệp dịch vụ Hồ tiêu Cù, tổng kinh phí thực hiện 229.400.000 đồng, địa điểm thực hiện tại xã Cam "
    "Nghĩa, huyện Cam Lộ;",
    "Phấn đấu đạt mục tiêu năm 2019: có thêm 20 sản phẩm đạt 3 sao trở lên",
    "Nơi nhận: - UBND tỉnh (B/cáo); - GD, PGD Sở: Trần Thanh Hiền; - UBND các huyện, thị xã, thành phố; "
    "- Văn phòng Điều phối NTM tỉnh; - Lưu: VT, Chi cục PTNT.",
    "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
    # Next year's needs, as the province staff enter them on the report's page.
    "3. Kinh phí thực hiện Dự kiến nhu cầu kinh phí từ nguồn ngân sách thực hiện Chương trình OCOP năm 2019 là: "
    "6.400.000.000 đồng.",
    "Đề xuất nguồn vốn: - Ngân sách Trung ương từ nguồn vốn sự nghiệp Chương trình MTQG xây dựng nông thôn mới "
    "phân cấp cho tỉnh tự cân đối phân bổ - Ngân sách địa phương từ nguồn vốn xây dựng nông thôn mới theo Nghị quyết "
    "số 30/2017/NQ-HĐND tỉnh",
]


def build_quang_tri_2018():
    """The seed's facts, nothing more: no product was evaluated in 2018 (the programme's first year)."""
    province = f.ProvinceFactory(code="45", name="Tỉnh Quảng Trị")
    scope = {"province": province, "year": YEAR}
    BudgetAllocation.objects.create(
        **scope,
        amount=500_000_000,
        source="Sự nghiệp Ngân sách Trung ương",
        decision_number="649/QĐ-UBND",
        decision_date=datetime.date(2018, 3, 29),
    )
    PromotionEvent.objects.bulk_create([PromotionEvent(**scope, name=name, place=place) for name, place in FAIRS])
    ActivityFunding.objects.bulk_create(
        [
            ActivityFunding(
                **scope, activity="events", source="Nguồn hỗ trợ thực hiện chương trình OCOP", amount=226_620_000
            ),
            ActivityFunding(
                **scope,
                activity="events",
                source="nguồn hỗ trợ phát triển cây trồng con nuôi chủ lực",
                amount=363_100_000,
            ),
            ActivityFunding(**scope, activity="projects", source="Ngân sách nhà nước", amount=273_380_000),
        ]
    )
    DevelopmentProject.objects.bulk_create(
        [
            DevelopmentProject(**scope, name=name, beneficiary=who, place=place, total_cost=cost)
            for name, who, place, cost in PROJECTS
        ]
    )
    YearPlan.objects.create(
        province=province,
        year=YEAR + 1,
        target_products=20,
        budget_need=6_400_000_000,
        budget_need_sources="Ngân sách Trung ương từ nguồn vốn sự nghiệp Chương trình MTQG xây dựng nông thôn mới "
        "phân cấp cho tỉnh tự cân đối phân bổ\nNgân sách địa phương từ nguồn vốn xây dựng nông thôn mới theo Nghị "
        "quyết số 30/2017/NQ-HĐND tỉnh",
    )
    ReportNarrative.objects.create(
        **scope,
        document_number="78/BC-SNN",
        document_date=datetime.date(2019, 3, 28),
        signer_title="KT. Giám đốc / Phó Giám đốc",
        signer_name="Trần Thanh Hiền",
        recipients="UBND tỉnh (B/cáo);\nGD, PGD Sở: Trần Thanh Hiền;\nUBND các huyện, thị xã, thành phố;\n"
        "Văn phòng Điều phối NTM tỉnh;\nLưu: VT, Chi cục PTNT.",
    )
    return province


@pytest.mark.integration
@pytest.mark.django_db
def test_quang_tri_2018_figures_are_in_the_pdf_and_the_word_twin():
    province = build_quang_tri_2018()

    snapshot = build_snapshot(province=province, year=YEAR, version=1)
    programme = snapshot["figures"]["programme"]
    pdf, word = pdf_text(render_pdf(snapshot)), docx_text(render_docx(snapshot))

    assert (len(programme["events"]), programme["events_cost"]) == (9, 589_720_000)
    assert (programme["projects_total"], programme["projects_state"]) == (556_400_000, 273_380_000)
    assert [phrase for phrase in PHRASES if phrase not in pdf] == [], pdf[pdf.find("5. Công tác") :][:600]
    assert [phrase for phrase in PHRASES if phrase not in word] == []


@pytest.mark.django_db
def test_event_costs_add_up_when_no_total_by_source_is_recorded(province):
    for cost in (100_000_000, None, 50_000_000):
        PromotionEvent.objects.create(province=province, year=YEAR, name="Hội chợ", cost=cost)
    DevelopmentProject.objects.create(province=province, year=YEAR, name="A", total_cost=10, state_share=4)
    DevelopmentProject.objects.create(province=province, year=YEAR, name="B", total_cost=20)

    programme = build_snapshot(province=province, year=YEAR)["figures"]["programme"]

    assert (programme["events_cost"], programme["projects_total"], programme["projects_state"]) == (
        150_000_000,
        30,
        4,
    )
    ActivityFunding.objects.create(province=province, year=YEAR, activity="events", source="OCOP", amount=7)
    assert build_snapshot(province=province, year=YEAR)["figures"]["programme"]["events_cost"] == 7
