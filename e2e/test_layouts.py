"""Issue 19, item 6: the lists people use on a phone fit a 360 px screen — no column cut off, no
element wider than the viewport (tables become one card per row) — and the budget page's tables
show every column at 1366 px. Screenshots at 1366 and 360 px go to artifacts/screenshots/ for a
reviewer (e2e/conftest.py `shot`)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD
from support.enums import FundingSource, SupportCategory
from support.tests.factories import ApprovedGrantFactory, BudgetLineFactory, DisbursementFactory

from .builders import certified, dossier_in_scoring, open_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDE, PHONE = 1366, 360

# Visible elements whose right edge passes the viewport (or whose left edge is before it), with
# what they are: none may exist. Elements clipped by a hidden-overflow ancestor are not seen.
OVERFLOWING_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      // visually hidden for screen readers only (Bootstrap's .visually-hidden, the stacked thead)
      if ((style.clip && style.clip !== "auto") || up.getBoundingClientRect().width <= 1) return "clip";
      if (style.overflowX !== "visible" && up.scrollWidth > up.clientWidth + 1) return "scroll";
    }
    return "";
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.getClientRects().length) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    if (rect.right <= width + 1 && rect.left >= -1) continue;
    const why = clipped(el);
    if (why === "clip") continue;
    found.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")}`
      + ` [${Math.round(rect.left)}–${Math.round(rect.right)}]${why ? " inside a horizontal scroller" : ""}`);
    if (found.length > 10) break;
  }
  const page = document.documentElement.scrollWidth;
  if (page > width + 1) found.push(`page scrolls sideways (${page} px)`);
  return found;
}
"""

# The text of the last header cell of each table is on screen, inside the viewport.
HIDDEN_LAST_COLUMN_JS = """
() => [...document.querySelectorAll("table")].filter((t) => t.getClientRects().length).flatMap((table) => {
  // a table stacked into cards (phone) has its header row for screen readers only
  if (!table.tHead || table.tHead.getBoundingClientRect().width <= 1) return [];
  const cells = [...table.tHead.rows[0].cells];
  const last = cells[cells.length - 1];
  if (!last) return [];
  const rect = last.getBoundingClientRect();
  const scroller = table.closest(".table-responsive");
  const box = scroller ? scroller.getBoundingClientRect() : document.documentElement.getBoundingClientRect();
  return rect.right > Math.min(box.right, document.documentElement.clientWidth) + 1 ? [last.textContent.trim()] : [];
})
"""


@pytest.fixture
def world(province, district, producer_record, producer, district_officer, province_staff):
    round_obj = open_round(province)
    names = ["Gà đồi Yên Thế", "Mật ong hoa vải Lục Ngạn", "Chè xanh Tân Cương thượng hạng", "Miến dong"]
    products = [f.ProductFactory(producer=producer_record, name=name) for name in names]
    decided = certified(province=province, district=district, product=products[0], officer=district_officer)
    scoring = dossier_in_scoring(
        province=province, district=district, product=products[1], checker=district_officer, round_obj=round_obj
    )
    for product in products[2:]:
        dossier_in_scoring(
            province=province, district=district, product=product, checker=district_officer, round_obj=round_obj
        )
    year = timezone.localdate().year
    for category in (SupportCategory.LABELS_PACKAGING, SupportCategory.TRADEMARK, SupportCategory.FOOD_SAFETY_TESTING):
        for source in (FundingSource.CENTRAL_NTM, FundingSource.PROVINCIAL):
            line = BudgetLineFactory(
                province=province,
                year=year,
                category=category,
                funding_source=source,
                allocated_amount=1_800_000_000,
                decision_date=datetime.date(year, 3, 1),
            )
            grant = ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=350_000_000)
            DisbursementFactory(grant=grant, amount=125_000_000, paid_on=datetime.date(year, 5, 1))
    return {
        "decided": decided.dossier,
        "certificate": decided,
        "decision": decided.decision,
        "member": scoring.members[0].user,
        "seat": scoring.members[0],
        "assignment": scoring.assignment,
        "council": scoring.council,
        "year": year,
    }


# Content Security Policy violations the page reports (an inline style or script attribute, a
# stylesheet or script from elsewhere): recorded from the first byte of every document.
CSP_LISTENER_JS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"} `
    + `${event.sourceFile || ""}:${event.lineNumber || ""}`);
});
"""


def _check(page, ux, shot, name: str, width: int):
    page.set_viewport_size({"width": width, "height": 800})
    page.reload()
    overflowing = page.evaluate(OVERFLOWING_JS)
    assert not overflowing, f"{name} at {width} px: {overflowing}"
    hidden = page.evaluate(HIDDEN_LAST_COLUMN_JS)
    assert not hidden, f"{name} at {width} px: last column out of sight: {hidden}"
    shot(f"{name}-{width}")


def _both(page, ux, shot, name):
    _check(page, ux, shot, name, WIDE)
    _check(page, ux, shot, name, PHONE)


def test_lists_fit_a_phone_and_the_budget_fits_1366(page, live_server, sign_in, switch_user, shot, ux, world):
    sign_in("staff", PASSWORD)
    page.goto(f"{live_server.url}{reverse('evaluation:dossier_queue')}")
    expect(page.locator("#dossier-queue tbody tr")).to_have_count(4)
    _both(page, ux, shot, "dossier-queue")
    # on a phone each row is a card whose cells say which column they are
    expect(page.locator("#dossier-queue tbody tr").first.locator("td[data-label='Sản phẩm']")).to_be_visible()

    page.goto(f"{live_server.url}{reverse('evaluation:certificate_list')}")
    expect(page.locator("#certificate-list tbody tr")).to_have_count(1)
    _both(page, ux, shot, "certificate-register")

    page.goto(f"{live_server.url}{reverse('evaluation:decision_detail', args=[world['decision'].pk])}")
    _both(page, ux, shot, "decision")

    page.goto(f"{live_server.url}{reverse('support:overview')}?year={world['year']}")
    expect(page.get_by_role("columnheader", name="Còn lại").first).to_be_visible()
    _both(page, ux, shot, "budget")

    switch_user(world["member"].username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('evaluation:council_work_list')}")
    expect(page.locator("#work-list tbody tr")).to_have_count(1)
    _both(page, ux, shot, "work-list")

    switch_user("producer", PASSWORD)
    page.goto(f"{live_server.url}{reverse('products:product_list')}")
    expect(page.locator("#product-list tbody tr")).to_have_count(4)
    _both(page, ux, shot, "product-list")
    page.goto(f"{live_server.url}{reverse('evaluation:dossier_gap_report', args=[world['decided'].pk])}")
    expect(page.locator("#gap-report tbody tr")).to_have_count(3)
    _both(page, ux, shot, "gap-report")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('public:certified_products')}")
    expect(page.locator("#certified-list tbody tr")).to_have_count(1)
    _both(page, ux, shot, "certified-list")
    expect(page.locator("#certified-list tbody tr").first.locator("td[data-label]").first).to_be_attached()


def _main_page(page, shot, console, name: str, url: str):
    """One main page at 1366 and 360 px: a screenshot of each, nothing wider than the phone, no
    column out of sight, and no CSP violation reported by the page or logged to the console."""
    page.goto(url)
    for width in (WIDE, PHONE):
        page.set_viewport_size({"width": width, "height": 800})
        page.reload()
        page.wait_for_load_state("load")
        if width == PHONE:
            overflowing = page.evaluate(OVERFLOWING_JS)
            assert not overflowing, f"{name} at {width} px: {overflowing}"
        hidden = page.evaluate(HIDDEN_LAST_COLUMN_JS)
        assert not hidden, f"{name} at {width} px: last column out of sight: {hidden}"
        violations = page.evaluate("window.__cspViolations || []")
        assert not violations, f"{name}: CSP violations {violations}"
        shot(f"{name}-{width}")
    assert not console, f"{name}: console errors {console}"


def test_every_main_page_of_each_persona_at_1366_and_360_without_csp_errors(
    page, live_server, sign_in, switch_user, shot, world, commune_officer
):
    """Issue 19, "done when": every main page of each persona at 1366 and 360 px, stored under
    artifacts/screenshots/<this test>/ for a reviewer; none overflows a phone; and (19.13) none
    breaks the Content Security Policy (the dossier page had an inline style)."""
    console = []
    page.add_init_script(CSP_LISTENER_JS)
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and ("Content Security Policy" in message.text or "Refused to" in message.text)
            and console.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: console.append(str(error)))

    def visit(name, url_name, *args, query=""):
        _main_page(page, shot, console, name, f"{live_server.url}{reverse(url_name, args=args)}{query}")

    sign_in("staff", PASSWORD)
    visit("staff-home", "core:home")
    visit("staff-dossier-queue", "evaluation:dossier_queue")
    visit("staff-dossier", "evaluation:dossier_detail", world["decided"].pk)
    visit("staff-councils", "evaluation:council_list")
    visit("staff-council", "evaluation:council_detail", world["council"].pk)
    visit("staff-decision", "evaluation:decision_detail", world["decision"].pk)
    visit("staff-certificates", "evaluation:certificate_list")
    visit("staff-certificate", "evaluation:certificate_detail", world["certificate"].pk)
    visit("staff-products", "products:product_list")
    visit("staff-reports", "reports:annual_report")
    visit("staff-budget", "support:overview", query=f"?year={world['year']}")
    visit("staff-grants", "support:grant_list")
    visit("staff-province-work", "evaluation:province_work")

    switch_user("officer", PASSWORD)
    visit("officer-home", "core:home")
    visit("officer-dossier-queue", "evaluation:dossier_queue")

    switch_user(commune_officer.username, PASSWORD)
    visit("commune-home", "core:home")
    visit("commune-dossier-queue", "evaluation:dossier_queue")

    from evaluation.services.councils import conflict_declare

    seat = world["seat"]
    conflict_declare(assignment=world["assignment"], member=seat, has_conflict=False, reason="", by=seat.user)
    switch_user(world["member"].username, PASSWORD)
    visit("member-home", "core:home")
    visit("member-work-list", "evaluation:council_work_list")
    visit("member-scorecard", "evaluation:scorecard", world["assignment"].pk)

    switch_user("producer", PASSWORD)
    visit("producer-home", "core:home")
    visit("producer-dossiers", "evaluation:dossier_mine")
    visit("producer-dossier", "evaluation:dossier_detail", world["decided"].pk)
    visit("producer-gap-report", "evaluation:dossier_gap_report", world["decided"].pk)
    visit("producer-certificates", "evaluation:my_certificates")

    page.context.clear_cookies()
    visit("public-home", "core:home")
    visit("public-verify", "public:verify", world["certificate"].public_code)
    visit("public-certified", "public:certified_products")
