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
    "Phấn đấu đạt mục tiêu năm 2022: có thêm 25 sản phẩm đạt 3 sao trở lên",
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
