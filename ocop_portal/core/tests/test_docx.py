"""The Word twin is made from a printed document's HTML: frame, headings, paragraphs, tables."""

from django.template.loader import render_to_string

from ocop_portal.core.docx import RECORD_NOTICE, docx_text, html_to_docx
from ocop_portal.core.official import OfficialDocument


def test_the_twin_carries_the_frame_the_body_and_says_the_pdf_is_the_record():
    doc = OfficialDocument(
        governing_body="UBND TỈNH QUẢNG TRỊ",
        issuer="SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
        number="Số: 78/BC-SNN",
        date_line="Quảng Trị, ngày 28 tháng 3 năm 2019",
        kind="BÁO CÁO",
        summary="Kết quả năm 2018",
        signer=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        signer_name="Trần Thanh Hiền",
        recipients=["- UBND tỉnh (B/cáo);", "- Lưu: VT, Chi cục PTNT."],
    ).as_context()
    html = (
        "<html><body>"
        + render_to_string("official/_header.html", {"doc": doc})
        + "<h2>I. KẾT QUẢ</h2><p>Năm 2018 tham gia 09 hội chợ.</p><p class='item'>- Hội chợ Đà Nẵng</p>"
        + "<table class='data'><caption>Bảng 1</caption><thead><tr><th>Hội chợ</th><th>Kinh phí</th></tr></thead>"
        + "<tbody><tr><td>Đà Nẵng</td><td>589,72 triệu đồng</td></tr></tbody></table>"
        + "<figure><svg><title>Biểu đồ hội chợ</title></svg></figure>"
        + render_to_string("official/_signature.html", {"doc": doc})
        + "</body></html>"
    )

    text = docx_text(html_to_docx(html, title="Báo cáo"))

    assert text.startswith(RECORD_NOTICE)
    for phrase in (
        "UBND TỈNH QUẢNG TRỊ SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN Số: 78/BC-SNN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Quảng Trị, ngày 28 tháng 3 năm 2019",
        "BÁO CÁO Kết quả năm 2018 I. KẾT QUẢ Năm 2018 tham gia 09 hội chợ. - Hội chợ Đà Nẵng",
        "Bảng 1 Hội chợ Kinh phí Đà Nẵng 589,72 triệu đồng",
        "(Biểu đồ: Biểu đồ hội chợ — xem bản PDF.)",
        "Nơi nhận: - UBND tỉnh (B/cáo); - Lưu: VT, Chi cục PTNT. KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Trần Thanh Hiền",
    ):
        assert phrase in text
