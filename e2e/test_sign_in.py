import pytest
from playwright.sync_api import expect

from ocop_portal.testing.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_district_officer_signs_in_sees_vietnamese_home_and_can_switch_to_english(
    page, live_server, sign_in, shot, district_officer
):
    sign_in("officer", PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Cán bộ Yên Thế")
    shot("home-vi")

    page.get_by_role("button", name="Tài khoản").click()
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot("home-en")


def test_sign_in_page_fits_a_phone(page, live_server, shot, db):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    shot("login-360")
