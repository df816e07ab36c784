"""Dates read and typed dd/mm/yyyy, and file fields say "Chọn tệp", whatever the browser's language.

An English-language Chromium shows a native date field as mm/dd/yyyy (10/07/2022 reads 07/10/2022)
and a file field as "Choose File"; the portal's fields must not depend on that (issue 19.4)."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluation.models import Certificate
from evaluation.tests.factories import DossierFactory
from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .builders import certified, pdf_bytes
from .dialogs import confirm

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def test_a_date_typed_day_first_in_an_english_browser_is_the_date_saved(
    page, live_server, sign_in, shot, province, district, producer_record, district_officer, province_staff
):
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    certificate = certified(province=province, district=district, product=product, officer=district_officer)
    Certificate.objects.filter(pk=certificate.pk).update(valid_from=datetime.date(2025, 1, 1))
    sign_in(province_staff.username, PASSWORD)
    page.goto(live_server.url + reverse("evaluation:certificate_revoke", args=[certificate.pk]))
    date = page.locator('input[name="decision_date"]')
    expect(date).to_have_attribute("type", "text")
    expect(date).to_have_attribute("placeholder", "dd/mm/yyyy")
    # The calendar opens on the field, Monday first.
    date.click()
    expect(page.locator(".datepicker.active .dow").first).to_have_text(re.compile(r"^(T2|Mo)$"))
    # 05/01/2026 read month-first would be 1 May: it must be saved as 5 January.
    date.fill("05/01/2026")
    expect(date).to_have_value("05/01/2026")
    shot("revoke-date")
    page.locator('select[name="ground"]').select_option(index=1)
    page.locator('input[name="decision_number"]').fill("12/QĐ-UBND")
    page.locator('input[name="decision_signer"]').fill("Nguyễn Văn Ký")
    page.get_by_role("button", name="Thu hồi", exact=True).click()
    confirm(page, "Thu hồi", says="Không hoàn tác được")
    page.wait_for_url(re.compile(r"/certificates/\d+/$"))
    certificate.refresh_from_db()
    assert certificate.revocation_decision.date == datetime.date(2026, 1, 5)


def test_typing_a_date_closes_the_calendar_so_a_click_below_keeps_the_typed_date(
    page, live_server, sign_in, province, district, producer_record, district_officer, province_staff
):
    """Left open, the calendar covers the fields below the date: a click meant for one of them
    picked the calendar's day instead (CI run of 07/12/2026: "04/01/2027" over "02/03/2015")."""
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    certificate = certified(province=province, district=district, product=product, officer=district_officer)
    sign_in(province_staff.username, PASSWORD)
    page.goto(live_server.url + reverse("evaluation:certificate_revoke", args=[certificate.pk]))
    date = page.locator('input[name="decision_date"]')
    date.click()
    expect(page.locator(".datepicker.active")).to_have_count(1)  # clicking opens it
    date.fill("02/03/2015")
    expect(page.locator(".datepicker.active")).to_have_count(0)
    page.locator('select[name="ground"]').click()
    page.locator('input[name="decision_number"]').click()
    expect(date).to_have_value("02/03/2015")
    # The calendar is still there for whoever wants it.
    date.click()
    expect(page.locator(".datepicker.active")).to_have_count(1)


def test_a_file_field_says_choose_a_file_and_names_the_chosen_one(
    page, live_server, sign_in, shot, province, district, producer_record, district_officer
):
    dossier = DossierFactory(product=f.ProductFactory(producer=producer_record, name="Mật ong Tam Đảo"))
    sign_in(district_officer.username, PASSWORD)
    page.goto(live_server.url + reverse("evaluation:dossier_evidence", args=[dossier.pk]))
    button = page.get_by_role("button", name="Chọn tệp")
    expect(button).to_be_visible()
    expect(page.get_by_text("Chưa chọn tệp nào")).to_be_visible()
    page.locator('input[type="file"]').set_input_files(
        files=[{"name": "dang-ky-kinh-doanh.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    expect(page.get_by_text("dang-ky-kinh-doanh.pdf")).to_be_visible()
    shot("file-chosen")
