"""Journey: under QĐ 26/2026 a producer fills forms 01 and 02 and files the dossier (it gets its
registration number), then the commune officer sees the 15-working-day clock on the queue, writes
form 03 and sends the request to the province."""

import re

import pytest
from playwright.sync_api import expect

from evaluation.enums import Level
from evaluation.tests.factories import DossierFactory, RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from evaluation.tests.test_dossiers_fixtures import answer_everything, attach_evidence
from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .dialogs import confirm
from .waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FORM01 = {
    "Chức vụ": "Giám đốc",
    "Địa chỉ liên hệ": "Thôn Đồng Tiến, xã Đồng Tiến",
    "Điện thoại": "0912 345 678",
    "Sản phẩm mẫu (số lượng)": "5",
}
FORM02 = {
    "Điện thoại": "0912 345 678",
    "Dân tộc": "Kinh",
    "Địa chỉ thường trú": "Xã Đồng Tiến",
    "Tên sản phẩm/dịch vụ, mô tả về quy cách sản phẩm, tiêu chuẩn": "Gà đồi thả vườn, hộp 1,5 kg",
    "Lịch sử hình thành của chủ thể": "Thành lập năm 2015.",
    "Cơ cấu tổ chức của chủ thể": "Ban giám đốc, 3 tổ sản xuất.",
    "Phần II. Kết quả thực hiện phương án sản xuất kinh doanh": "Doanh thu 2025: 3,2 tỷ đồng.",
    "Phần IV. Kế hoạch sản xuất, kinh doanh": "Mở rộng vùng nuôi lên 30 ha.",
}
FORM03 = {
    "1. Về sử dụng nguyên liệu địa phương": "Ngô và gà giống mua của 40 hộ trong xã.",
    "2. Về sử dụng lao động địa phương": "12 lao động thường xuyên cư trú tại xã.",
    "3. Nguồn gốc ý tưởng sản phẩm": "Sản phẩm truyền thống của vùng đồi.",
    "4. Bản sắc/trí tuệ địa phương": "Nuôi thả đồi theo kinh nghiệm lâu đời.",
}


def _fill(page, values: dict):
    for label, value in values.items():
        page.get_by_label(label, exact=False).first.fill(value)


def _autosaved(page):
    """The last change autosaved (its answer carries the dossier's new version): only then may the
    button save, or it would post the version the autosave just replaced."""
    page.locator("h1").click()  # leave the last field: its change event starts the autosave
    expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu lúc")
    wait_until(page, "() => !document.querySelector('.htmx-request')")


def test_producer_files_and_the_commune_sends_the_request(
    page, live_server, sign_in, switch_user, fetch, shot, ux, province, producer, producer_record, commune_officer
):
    framework = load_framework("26/2026")
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    build_sheet(framework_obj=framework, product_set=product.product_set)
    round_ = RoundFactory(framework=framework, province=province, year=2026, number=6)
    dossier = DossierFactory(product=product, round=round_, current_level=Level.COMMUNE, created_by=producer)
    answer_everything(dossier)
    attach_evidence(dossier, producer)

    sign_in("producer", PASSWORD)
    page.goto(f"{live_server.url}/evaluation/dossiers/{dossier.pk}/")
    ux.page("dossier (QĐ 26/2026 draft)")
    expect(page.locator("#official-forms")).to_contain_text("cấp khi nộp hồ sơ")

    page.get_by_role("link", name="Mẫu số 01", exact=True).click()
    expect(page.get_by_label("Tên đơn vị")).to_have_value("HTX Gà đồi Yên Thế")  # from the register
    _fill(page, FORM01)
    _autosaved(page)
    ux.page("form 01")
    shot("form-01")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu Phiếu đăng ký (Mẫu số 01).")).to_be_visible()

    page.get_by_role("link", name="Mẫu số 02", exact=True).click()
    _fill(page, FORM02)
    page.get_by_label("Giới tính").select_option("Nữ")
    page.locator('input[name="founded_on"]').fill("02/03/2015")
    page.get_by_label("a) Giấy đăng ký kinh doanh").check()
    _autosaved(page)
    ux.page("form 02")
    shot("form-02")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu Báo cáo tự đánh giá (Mẫu số 02).")).to_be_visible()

    page.get_by_role("button", name="Nộp hồ sơ").click()
    confirm(page, "Nộp hồ sơ")
    number = f"01/PĐK-{province.code}-07243-2026"
    expect(page.locator("#official-forms")).to_contain_text(number)
    expect(page.locator("#official-forms code")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    pdf = fetch(page.get_by_role("link", name="Mẫu số 01 (PDF)").get_attribute("href"))
    assert (pdf.status, pdf.body()[:5]) == (200, b"%PDF-")

    switch_user("xa", PASSWORD)
    page.get_by_role("link", name="Hồ sơ", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Gà đồi Yên Thế")
    expect(row.locator("[data-clock]")).to_contain_text("ngày làm việc")
    ux.page("commune queue")
    row.get_by_role("link", name="Gà đồi Yên Thế").click()
    # the next step the commune acts on (issue 19.1)
    page.get_by_role("link", name="Tiếp nhận, kiểm tra hồ sơ").click()
    expect(page.get_by_text(number)).to_be_visible()
    _fill(page, FORM03)
    ux.page("form 03")
    shot("form-03")
    page.get_by_role("button", name="Tiếp nhận và gửi đề nghị lên tỉnh").click()
    expect(page.get_by_text("Đã tiếp nhận hồ sơ và gửi đề nghị kèm Mẫu số 03 lên cấp tỉnh.")).to_be_visible()
    expect(page.locator(".badge", has_text="Đã chuyển cấp trên").first).to_be_visible()
    report = fetch(page.get_by_role("link", name="Mẫu số 03 của xã (PDF)").get_attribute("href"))
    assert (report.status, report.body()[:5]) == (200, b"%PDF-")

    ux.assert_clean()
