"""Journey 5: someone scans the QR code on a label with a phone and lands on the public
verification page: the status in words, readable on a 360 px screen without sign-in; from there,
a report of misuse of the mark."""

import pytest
from playwright.sync_api import expect

from ocop_portal.testing import factories as f

from .builders import certified
from .usability import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_public_verifies_a_certificate_on_a_phone(
    page, live_server, shot, ux, province, district, producer_record, district_officer
):
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    certificate = certified(province=province, district=district, product=product, officer=district_officer)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/verify/{certificate.public_code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gà đồi Yên Thế")
    expect(page.locator(".badge", has_text="Còn hiệu lực").first).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Giấy chứng nhận đang có hiệu lực đến hết ngày")
    expect(page.get_by_role("definition").filter(has_text=certificate.number)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ux.page("public verification", contrast=True)
    shot("verify-360")

    # Misuse of the mark is reported on its own page (the verification page is cached for everyone).
    page.get_by_role("link", name="Gửi phản ánh").click()
    page.get_by_label("Nội dung phản ánh").fill("Cửa hàng khác dán nhãn này lên sản phẩm của họ")
    ux.page("public misuse report")
    page.get_by_role("button", name="Gửi phản ánh").click()
    expect(page).to_have_url(f"{live_server.url}/verify/{certificate.public_code}/")
    expect(page.get_by_role("alert")).to_contain_text("Cảm ơn bạn. Phản ánh đã được chuyển đến")

    page.goto(f"{live_server.url}/products/certified/")
    expect(page.get_by_text("Gà đồi Yên Thế").first).to_be_visible()
    ux.page("public certified products")
    shot("certified-products-360")

    ux.assert_clean()
