import datetime
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from support import services
from support.enums import FundingSource, SupportCategory

from .factories import BudgetLineFactory, SupportGrantFactory


def test_grant_export_writes_the_filtered_grants_as_numbers_and_dates(
    province_staff, producer_record, other_producer_record, client_for
):
    line = BudgetLineFactory(
        province=producer_record.province,
        year=2021,
        funding_source=FundingSource.CENTRAL_NTM,
        category=SupportCategory.FOOD_SAFETY_TESTING,
        allocated_amount=73_600_000,
    )
    grant = SupportGrantFactory(
        producer=producer_record, budget_line=line, amount=73_600_000, units=15, description="Kiểm nghiệm chỉ tiêu ATTP"
    )
    services.grant_approve(
        grant=grant, by=province_staff, decision_number="2121/QĐ-UBND", decision_date=datetime.date(2021, 10, 22)
    )
    services.disbursement_create(grant=grant, by=province_staff, paid_on=datetime.date(2021, 11, 5), amount=36_800_000)
    SupportGrantFactory(producer=other_producer_record, budget_line__year=2022, description="Không được xuất")

    response = client_for(province_staff).get(reverse("support:grant_export") + "?year=2021")

    assert response["Content-Disposition"].startswith('attachment; filename="ho-tro-ocop-')
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        [
            "Năm",
            "Nguồn vốn",
            "Nội dung hỗ trợ",
            "Huyện",
            "Chủ thể",
            "Sản phẩm",
            "Nội dung",
            "Số lượng",
            "Kinh phí hỗ trợ (đồng)",
            "Đã chi (đồng)",
            "Vốn đối ứng (đồng)",
            "Tổng kinh phí dự án (đồng)",
            "Số quyết định",
            "Ngày quyết định",
            "Trạng thái",
        ],
        [
            2021,
            "Vốn sự nghiệp Chương trình MTQG xây dựng nông thôn mới (trung ương)",
            "Kiểm nghiệm chỉ tiêu ATTP",
            "Huyện Yên Thế",
            "HTX Gà đồi Yên Thế",
            None,
            "Kiểm nghiệm chỉ tiêu ATTP",
            15,
            73_600_000,
            36_800_000,
            0,
            None,
            "2121/QĐ-UBND",
            datetime.datetime(2021, 10, 22, 0, 0),
            "Đã chi một phần",
        ],
    ]
    assert (sheet["I2"].number_format, sheet["N2"].number_format) == ("#,##0", "DD/MM/YYYY")
