"""Journey 4: a producer follows their dossier to its decision, reads the per-criterion gap
report, and downloads the certificate PDF and the QR codes for their labels."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .builders import certified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DOWNLOADS = (
    ("Giấy chứng nhận (PDF)", "application/pdf", b"%PDF-"),
    ("Mã QR (PNG)", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("Mã QR (SVG)", "image/svg+xml", b"<"),
)


def test_producer_follows_the_dossier_reads_the_gap_report_and_downloads_the_certificate(
    page, live_server, sign_in, fetch, shot, ux, province, district, producer, producer_record, district_officer
):
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    certificate = certified(province=province, district=district, product=product, officer=district_officer)

    sign_in("producer", PASSWORD)
    ux.page("producer home")
    page.get_by_role("link", name="Hồ sơ của tôi", exact=True).click()
    card = page.locator(".card").filter(has_text="Gà đồi Yên Thế")
    expect(card.locator("[aria-current=step]")).to_have_text("Đã có quyết định")
    ux.page("my dossiers")
    shot("my-dossiers")

    card.get_by_role("link", name="Gà đồi Yên Thế").click()
    expect(page.locator(".badge", has_text="Đã có quyết định").first).to_be_visible()
    ux.page("dossier detail (decided)")
    gap_link = page.get_by_role("link", name="Báo cáo điểm từng tiêu chí")
    if ux.note(
        gap_link.count() == 1,
        "dossier detail: no link to the gap report (“Báo cáo điểm từng tiêu chí”) — a producer cannot "
        "find it; it is reachable only by typing /evaluation/dossiers/<id>/gap-report/",
    ):
        gap_link.click()
    else:
        page.goto(f"{live_server.url}/evaluation/dossiers/{certificate.dossier_id}/gap-report/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Báo cáo điểm từng tiêu chí")
    expect(page.get_by_text("Điểm bình quân của Hội đồng: 55,00 · Hạng sao được công nhận: 3★")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Để đạt 4 sao cần tối thiểu 70"))).to_be_visible()
    short_row = page.get_by_role("row").filter(has_text="1.1 Tiêu chí 1.1")
    expect(short_row).to_contain_text("chưa đạt")
    ux.page("gap report")
    shot("gap-report")

    page.get_by_role("link", name="Giấy chứng nhận của tôi").click()
    card = page.locator(".card").filter(has_text=certificate.number)
    expect(card).to_contain_text("Còn hiệu lực")
    ux.page("my certificates")
    shot("my-certificates")
    for link_name, content_type, magic in DOWNLOADS:
        link = card.get_by_role("link", name=link_name)
        with page.expect_download() as download_info:
            link.click()
        saved = download_info.value
        body = Path(saved.path()).read_bytes()
        assert body.startswith(magic), (link_name, body[:20])
        response = fetch(link.get_attribute("href"))
        assert (response.status, response.headers["content-type"]) == (200, content_type)
        assert response.body() == body or content_type == "application/pdf"  # PDFs carry a timestamp
        assert len(response.body()) > 100
    assert saved.suggested_filename.endswith(".svg")

    ux.assert_clean()
