"""Journey 6: province staff generate last year's annual report and download the PDF and the
Excel companion (Celery runs eagerly here, so the report is ready when the page comes back)."""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .builders import certified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_province_staff_generate_and_download_the_annual_report(
    page, sign_in, fetch, shot, ux, province, district, producer_record, district_officer, province_staff
):
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    certified(province=province, district=district, product=product, officer=district_officer)
    year = timezone.localdate().year - 1

    sign_in("staff", PASSWORD)
    panel = page.locator(".card", has=page.get_by_role("heading", name=f"Báo cáo năm {year}"))
    expect(panel).to_contain_text(f"Chưa tạo báo cáo năm {year}.")
    panel.get_by_role("link", name="Mở").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Báo cáo năm {year}")
    ux.page("annual report")
    shot("annual-report-page")

    page.get_by_role("button", name="Tạo báo cáo").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã tạo báo cáo phiên bản 1.")
    status = page.locator(".report-status").first
    expect(status).to_contain_text("Phiên bản 1")
    ux.page("annual report generated")
    shot("annual-report-generated")

    for link_name, content_type, magic, suffix in (
        ("Tải PDF", "application/pdf", b"%PDF-", ".pdf"),
        ("Tải Excel", XLSX, b"PK", ".xlsx"),
    ):
        link = status.get_by_role("link", name=link_name)
        with page.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename == f"bao-cao-ocop-{year}-v1{suffix}"
        body = Path(download.path()).read_bytes()
        assert body.startswith(magic) and len(body) > 1000, (link_name, body[:20])
        response = fetch(link.get_attribute("href"))
        assert (response.status, re.sub(r";.*", "", response.headers["content-type"])) == (200, content_type)
        assert response.body() == body

    ux.assert_clean()
