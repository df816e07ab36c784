from io import BytesIO

import pytest
from openpyxl import load_workbook

from reports.excel import build_workbook
from reports.services import build_snapshot


@pytest.mark.integration
def test_workbook_has_one_sheet_per_table_with_the_2021_figures(bac_giang_2021):
    snapshot = build_snapshot(province=bac_giang_2021, year=2021, version=1)

    workbook = load_workbook(BytesIO(build_workbook(snapshot)))

    assert workbook.sheetnames == [
        "Tổng hợp",
        "Đề xuất theo huyện",
        "Đề xuất theo nhóm",
        "Đợt đánh giá",
        "Công nhận theo huyện",
        "Công nhận theo loại chủ thể",
        "Nâng hạng",
        "Lũy kế theo huyện",
        "Thu hồi theo căn cứ",
        "Hỗ trợ theo nội dung",
        "Hỗ trợ theo số liệu báo cáo",
        "Hỗ trợ theo nguồn vốn",
        "PL1 Sản phẩm công nhận",
        "PL2 GCN thu hồi",
        "PL3 Khoản hỗ trợ",
    ]
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert summary["Sản phẩm đăng ký tham gia"] == 92
    assert summary["Sản phẩm các huyện đề xuất đánh giá"] == 63
    assert summary["Sản phẩm được công nhận từ 3 sao"] == 61
    assert summary["Kế hoạch năm (sản phẩm)"] == 35
    assert summary["Vượt (+) / thiếu (−) so với kế hoạch"] == 26
    assert summary["Sản phẩm OCOP còn hiệu lực cuối năm"] == 155
    assert (summary["Thứ hạng cả nước về số sản phẩm OCOP"], summary["Thứ hạng trong vùng"]) == (7, 2)
    by_district = list(workbook["Đề xuất theo huyện"].iter_rows(values_only=True))
    assert by_district[0] == ("Huyện, thành phố", "Số sản phẩm đề xuất")
    assert sorted(by_district[1:], key=lambda r: (-r[1], r[0]))[:3] == [
        ("Lạng Giang", 12),
        ("Yên Thế", 12),
        ("Tân Yên", 8),
    ]
    # The seed's support as it states it: no grant, so no invented split of the 460 million.
    assert workbook["Hỗ trợ theo nội dung"].max_row == 1
    stated = list(workbook["Hỗ trợ theo số liệu báo cáo"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2], row[3], row[5], row[6]) for row in stated] == [
        ("2121/QĐ-UBND", "Quản lý nhãn hiệu", 3, None, 460_000_000),
        ("2121/QĐ-UBND", "Tem nhãn mác, bao bì", 19, None, 460_000_000),
        (None, "Kiểm nghiệm chỉ tiêu ATTP", 15, 73_600_000, None),
    ]
    assert workbook["Nâng hạng"]["A2"].value == 3 and workbook["Nâng hạng"]["B2"].value == 4
    assert workbook["PL1 Sản phẩm công nhận"].max_row == 62  # header + 61
    # The stand-ins' rows are labelled: the seed names none of the 61 products.
    annex = list(workbook["PL1 Sản phẩm công nhận"].iter_rows(min_row=2, values_only=True))
    assert {row[-1] for row in annex} == {"(số liệu minh họa)"}
    assert workbook["PL2 GCN thu hồi"].max_row == 1  # header only: the seed states no revocation
    kinds = list(workbook["Công nhận theo loại chủ thể"].iter_rows(min_row=2, values_only=True))
    assert kinds[-1] == ("(số liệu minh họa)", None, None)  # the seed states no producer kinds
    assert sum(row[2] for row in kinds[:-1]) == 61


@pytest.mark.integration
def test_text_that_looks_like_a_formula_stays_text(bac_giang_2021):
    """Issue 18, Medium 4: names come from the registry; none may run as a formula."""
    snapshot = build_snapshot(province=bac_giang_2021, year=2021, version=1)
    snapshot["figures"]["province"]["name"] = "=1+2"

    cell = load_workbook(BytesIO(build_workbook(snapshot)))["Tổng hợp"]["A2"]

    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == ("=1+2", "s", True)
