"""Each persona's home shows what needs their action now, with counts; the notification list
marks what is unread; every menu link a persona is given opens for them."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.enums import DossierState
from evaluation.services.certificates import certificates_refresh_statuses
from evaluation.services.councils import assignment_close
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory
from evaluation.tests.test_certificates_helpers import issue
from evaluation.tests.test_councils import score
from evaluation.tests.test_dossiers_fixtures import make_complete
from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .builders import P55, certified, dossier_in_scoring, open_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A nav link is taller than this many lines of its text when its words wrap.
NAV_WRAPPED_JS = """
() => [...document.querySelectorAll("#main-nav .nav-link, #main-nav .form-select")]
  .filter((el) => el.getClientRects().length)
  .filter((el) => {
    const style = getComputedStyle(el);
    const content = el.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
      - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
    // A wrapped label is two lines tall; the link's padding is not a second line.
    return content > 1.6 * parseFloat(style.lineHeight) || el.scrollWidth > el.clientWidth + 1
      || el.getBoundingClientRect().right > document.documentElement.clientWidth;
  })
  .map((el) => el.textContent.trim() || el.value)
"""


@pytest.fixture
def world(province, district, producer_record, producer, district_officer, province_staff):
    """One of each thing a home page counts, all in the officer's district and the producer's
    (the users exist first, so the notifications the steps send reach them)."""
    round_obj = open_round(province)

    def product(name):
        return f.ProductFactory(producer=producer_record, name=name)

    in_scoring = dossier_in_scoring(
        province=province, district=district, product=product("Gà đồi"), checker=district_officer, round_obj=round_obj
    )
    certified(province=province, district=district, product=product("Mật ong"), officer=district_officer)
    awaiting_decision = dossier_in_scoring(
        province=province,
        district=district,
        product=product("Miến dong"),
        checker=district_officer,
        round_obj=round_obj,
    )
    for member in awaiting_decision.members[:3]:
        score(awaiting_decision.assignment, member, P55)
    assignment_close(assignment=awaiting_decision.assignment, by=awaiting_decision.members[0].user)
    to_check = DossierFactory(product=product("Vải thiều"), round=round_obj, created_by=district_officer)
    make_complete(to_check, district_officer)
    dossier_transition(to_check, DossierState.SUBMITTED, by=district_officer)
    # A certificate decided 36 months less 60 days ago is in its expiry-notice window.
    issued_on = timezone.localdate() - relativedelta(months=36) + datetime.timedelta(days=60)
    issue(product("Chè xanh"), on=issued_on, by=district_officer)
    certificates_refresh_statuses(timezone.localdate())
    return {"member": in_scoring.members[2].user}


def check_panel(ux, page, who: str, title: str, count: int):
    card = page.locator(".card").filter(has=page.get_by_role("heading", name=title, exact=True))
    if ux.note(card.count() == 1, f"{who}'s home: no “{title}” panel"):
        shown = card.locator(".display-6").inner_text().strip() if card.locator(".display-6").count() else "—"
        ux.note(shown == str(count), f"{who}'s home: “{title}” shows {shown}, expected {count}")


def check_notifications(ux, page, fetch, who: str):
    """The menu shows the unread count; the list marks unread notes; reading one lowers the count."""
    badge = page.locator("#main-nav a[href='/notifications/'] .badge")
    if not ux.note(badge.count() == 1, f"{who}: no unread count on “Thông báo” although notes are unread"):
        return
    unread = int(badge.inner_text())
    page.locator("#main-nav a[href='/notifications/']").click()
    expect(page.locator(".list-group-item-warning")).to_have_count(unread)
    expect(page.locator(".list-group-item-warning .badge").first).to_have_text("Mới")
    ux.page(f"{who}'s notifications")
    page.locator(".list-group-item-warning").first.get_by_role("button").click()
    page.locator("#main-nav a[href='/notifications/']").click()
    expect(page.locator(".list-group-item-warning")).to_have_count(unread - 1)


def check_menu_links_open(ux, page, fetch, who: str):
    hrefs = page.evaluate(
        "[...document.querySelectorAll('#main-nav a[href]')].map((a) => a.getAttribute('href'))"
        ".filter((href) => href.startsWith('/'))"
    )
    for href in dict.fromkeys(hrefs):
        status = fetch(href).status
        ux.note(status == 200, f"{who}: the menu offers {href} but it answers {status}")


def test_each_persona_home_shows_what_needs_their_action(page, sign_in, switch_user, fetch, shot, ux, world):
    sign_in("officer", PASSWORD)
    ux.page("officer home")
    check_panel(ux, page, "district officer", "Hồ sơ chờ kiểm tra", 1)
    check_panel(ux, page, "district officer", "Kết quả cấp huyện chờ ra quyết định công nhận", 1)
    check_panel(ux, page, "district officer", "Giấy chứng nhận hết hạn trong 90 ngày tới", 1)
    check_menu_links_open(ux, page, fetch, "district officer")
    shot("officer-home")
    check_notifications(ux, page, fetch, "district officer")

    switch_user("staff", PASSWORD)
    ux.page("staff home", contrast=True)
    check_panel(ux, page, "province staff", "Hồ sơ chờ kiểm tra", 1)
    # The district records the district's 3-star decision; the province only its own level's.
    check_panel(ux, page, "province staff", "Kết quả cấp tỉnh chờ ra quyết định công nhận", 0)
    check_panel(ux, page, "province staff", "Giấy chứng nhận hết hạn trong 90 ngày tới", 1)
    wrapped = page.evaluate(NAV_WRAPPED_JS)
    ux.note(not wrapped, f"staff home at 1280 px: menu items wrap or are cut off: {wrapped}")
    check_menu_links_open(ux, page, fetch, "province staff")
    shot("staff-home")

    switch_user(world["member"].username, PASSWORD)
    ux.page("council member home")
    check_panel(ux, page, "council member", "Phiếu chấm điểm cần hoàn thành", 1)
    check_menu_links_open(ux, page, fetch, "council member")
    shot("member-home")
    check_notifications(ux, page, fetch, "council member")

    switch_user("producer", PASSWORD)
    ux.page("producer home")
    check_panel(ux, page, "producer", "Hồ sơ của tôi", 5)
    check_panel(ux, page, "producer", "Giấy chứng nhận OCOP của tôi", 2)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Xin chào"))
    check_menu_links_open(ux, page, fetch, "producer")
    shot("producer-home")
    check_notifications(ux, page, fetch, "producer")

    ux.assert_clean()
