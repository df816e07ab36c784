"""The full Bắc Giang 2021 report, rendered by the management command, says what the seed says."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from .pdftext import pdf_text

SEED_PHRASES = [
    "Kết quả Chương trình Mỗi xã một sản phẩm (OCOP) năm 2021; Phương hướng nhiệm vụ năm 2022",
    "Tổng số sản phẩm đăng ký tham gia Chương trình năm 2021 là 92 sản phẩm",
    "(đợt 1 vào tháng 7/2021; đợt 2 vào tháng 11/2021)",
    "Tổng số sản phẩm các huyện, thành phố đề xuất tham gia đánh giá: 63 sản phẩm "
    "(53 sản phẩm thực phẩm; 09 sản phẩm đồ uống và 01 sản phẩm thảo dược)",
    "Yên Thế 12",
    "Lạng Giang 12",
    "Tân Yên 08",
    "Việt Yên 06",
    "Lục Nam 06",
    "Lục Ngạn 05",
    "TP. Bắc Giang 04",
    "Sơn Động 04",
    "Hiệp Hòa 03",
    "Yên Dũng 03",
    "Số sản phẩm được đánh giá đạt OCOP từ 3 sao trở lên: 61 sản phẩm "
    "(01 sản phẩm nâng hạng từ 3 sao lên 4 sao), trong đó: có 12 sản phẩm 4 sao; 49 sản phẩm 3 sao.",
    "61 sản phẩm, đạt 174% kế hoạch, vượt 26 sản phẩm",
    "Luỹ kế đến ngày 31/12/2021 toàn tỉnh có 155 sản phẩm OCOP còn hiệu lực, "
    "trong đó có 36 sản phẩm 4 sao và 119 sản phẩm 3 sao",
    "Quyết định số 2121/QĐ-UBND ngày 22/10/2021",
    "Tổng số chủ thể, sản phẩm được hỗ trợ là 22",
    "Hỗ trợ tem nhãn mác, bao bì: 19 đơn vị",
    "Hỗ trợ quản lý nhãn hiệu: 3 đơn vị",
    "Tổng kinh phí thực hiện hỗ trợ là 460.000.000 đồng.",
    "Hỗ trợ kiểm nghiệm chỉ tiêu ATTP - Tổng số: 15 sản phẩm. - Tổng kinh phí thực hiện hỗ trợ: 73.600.000 đồng",
    "Phấn đấu đạt mục tiêu năm 2022: có thêm 25-30 sản phẩm đạt 3 sao trở lên; nâng hạng sao cho từ 5-10 sản phẩm; "
    "ít nhất 01 sản phẩm đạt 5 sao cấp quốc gia; tối thiểu 01 sản phẩm dịch vụ du lịch.",
    "Đợt 01: Trước ngày 10/07/2022",
    "Đợt 02: Trước ngày 30/10/2022",
    "Xong trước 15/12/2022",
    "Phụ lục 1. Sản phẩm được công nhận đạt OCOP năm 2021",
    "Trang 1/",
]


@pytest.mark.integration
def test_annual_report_command_renders_the_seed_figures(bac_giang_2021, tmp_path):
    pdf, xlsx = tmp_path / "bao-cao-2021.pdf", tmp_path / "bao-cao-2021.xlsx"

    call_command("annual_report", province="24", year=2021, output=str(pdf), xlsx=str(xlsx))

    text = pdf_text(pdf.read_bytes())
    missing = [phrase for phrase in SEED_PHRASES if phrase not in text]
    assert missing == []
    # The running header names the province and the report on pages after the first.
    assert text.count("Tỉnh Bắc Giang · Kết quả Chương trình Mỗi xã một sản phẩm (OCOP) năm 2021") >= 2
    workbook = load_workbook(xlsx)
    assert workbook["Tổng hợp"]["B6"].value == 61


OFFICIAL_PHRASES = [
    "UBND TỈNH BẮC GIANG",
    "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    "Số: 78/BC-SNN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Bắc Giang, ngày 28 tháng 3 năm 2022",
    "BÁO CÁO Kết quả Chương trình Mỗi xã một sản phẩm (OCOP) năm 2021; Phương hướng nhiệm vụ năm 2022",
    "Nơi nhận: - UBND tỉnh (b/c); - Lưu: VT, Chi cục PTNT.",
    "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
    "Trần Thanh Hiền",
    "Số liệu tổng hợp từ Cổng thông tin OCOP, phiên bản 3",
]


def _header_box(words, page, first, second):
    """The box of a two-word column header ('Hạng sao', 'Số GCN') on `page`, however it wraps."""
    on_page = [w for w in words if w["page"] == page]
    a = next(w for w in on_page if w["text"] == first)
    b = min((w for w in on_page if w["text"] == second), key=lambda w: abs(w["x0"] - a["x0"]) + abs(w["y0"] - a["y0"]))
    return min(a["x0"], b["x0"]), max(a["x1"], b["x1"])


@pytest.mark.integration
def test_the_report_is_an_official_document_and_its_annex_reads_cleanly(bac_giang_2021):
    import datetime

    from reports.models import ReportNarrative
    from reports.pdf import render_pdf
    from reports.services import build_snapshot

    from .pdftext import pdf_words

    ReportNarrative.objects.filter(province=bac_giang_2021, year=2021).update(
        document_number="78/BC-SNN",
        document_date=datetime.date(2022, 3, 28),
        signer_title="KT. Giám đốc / Phó Giám đốc",
        signer_name="Trần Thanh Hiền",
        recipients="UBND tỉnh (b/c);\nLưu: VT, Chi cục PTNT.",
    )
    snapshot = build_snapshot(province=bac_giang_2021, year=2021, version=3)
    content = render_pdf(snapshot)

    text = pdf_text(content)
    assert [phrase for phrase in OFFICIAL_PHRASES if phrase not in text] == []
    assert "Ngày lập báo cáo" not in text
    # Every certificate number of the annex is whole on its line (none broken in the middle).
    numbers = [row["certificate"] for row in snapshot["figures"]["annex"]["recognised_products"]]
    words = pdf_words(content)
    assert set(numbers) <= {w["text"] for w in words}
    # "Hạng sao" and "Số GCN" each stay inside their column: the boxes do not overlap.
    page = next(w["page"] for w in words if w["text"] == "GCN")
    _stars_x0, stars_x1 = _header_box(words, page, "Hạng", "sao")
    code_x0, _code_x1 = _header_box(words, page, "Số", "GCN")
    assert stars_x1 < code_x0
    # The product groups have one name in the body, the annex and the workbook.
    from openpyxl import load_workbook

    from reports.excel import build_workbook

    body = {row["name"] for row in snapshot["figures"]["proposed"]["by_group"]}
    annex = {row["group"] for row in snapshot["figures"]["annex"]["recognised_products"]}
    workbook = load_workbook(__import__("io").BytesIO(build_workbook(snapshot)))
    excel_groups = {row[0] for row in workbook["Đề xuất theo nhóm"].iter_rows(min_row=2, values_only=True)}
    excel_annex = {row[3] for row in workbook["PL1 Sản phẩm công nhận"].iter_rows(min_row=2, values_only=True)}
    assert {name.capitalize() for name in body} == excel_groups
    assert annex <= excel_groups
    assert excel_annex == annex
    assert all(f"sản phẩm {name}" in text for name in body)
    # The Word twin: the same frame and the seed's figures, and it says the PDF is the record.
    from ocop_portal.core.docx import RECORD_NOTICE, docx_text
    from reports.pdf import render_docx

    word = docx_text(render_docx(snapshot))
    assert word.startswith(RECORD_NOTICE)
    assert [phrase for phrase in OFFICIAL_PHRASES + SEED_PHRASES[:-1] if phrase not in word] == []
