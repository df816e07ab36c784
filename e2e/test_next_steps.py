"""Issue 19, item 1, in a browser: at each state a dossier waits in, whoever acts next finds a card
on their home page with the count, and on the dossier's page a button that performs the step —
the producer submits, the district checks, puts the dossier before its council, the member
scores, the district decides from the preselected result; the province finds forwarded dossiers
waiting for its council."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.enums import DossierState, Level
from evaluation.services.councils import assignment_close
from evaluation.tests.factories import DossierFactory
from evaluation.tests.test_councils import P55, make_council, score
from evaluation.tests.test_dossiers_fixtures import make_complete
from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .builders import open_round
from .dialogs import confirm

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(province, district, producer_record, producer, district_officer, province_staff):
    round_obj = open_round(province)
    council, members = make_council(province=province, jurisdiction=district)
    make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    draft = DossierFactory(
        product=f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế"),
        round=round_obj,
        created_by=producer,
    )
    make_complete(draft, producer)
    forwarded = DossierFactory(
        product=f.ProductFactory(producer=producer_record, name="Vải thiều sấy"),
        round=round_obj,
        created_by=district_officer,
        state=DossierState.FORWARDED,
        current_level=Level.PROVINCE,
    )
    return {"draft": draft, "council": council, "members": members, "forwarded": forwarded}


def card(page, title: str):
    return page.locator(".card").filter(has=page.get_by_role("heading", name=title, exact=True))


def expect_card(page, title: str, count: int):
    expect(card(page, title).locator(".display-6")).to_have_text(str(count))


def next_step(page, key: str):
    box = page.locator(f"[data-next-step='{key}']")
    expect(box).to_be_visible()
    return box.locator("[data-next-step-button]")


def open_dossier(page, live_server, dossier):
    page.goto(f"{live_server.url}{reverse('evaluation:dossier_detail', args=[dossier.pk])}")


def test_each_waiting_state_shows_its_actor_a_card_and_a_button(
    page, live_server, sign_in, switch_user, shot, ux, world
):
    dossier = world["draft"]

    # The producer: a draft waits on them.
    sign_in("producer", PASSWORD)
    expect_card(page, "Hồ sơ đang soạn, chưa nộp", 1)
    shot("producer-home")
    open_dossier(page, live_server, dossier)
    next_step(page, "draft_submit").click()
    confirm(page, "Nộp hồ sơ", says="không sửa được nữa")
    expect(page.get_by_role("alert").filter(has_text="Đã nộp hồ sơ.")).to_be_visible()
    expect(page.locator("[data-next-step]")).to_have_count(0)  # now it waits on the district

    # The district officer: check, then put before the council.
    switch_user("officer", PASSWORD)
    expect_card(page, "Hồ sơ chờ kiểm tra", 1)
    shot("officer-home-check")
    open_dossier(page, live_server, dossier)
    next_step(page, "district_check").click()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.get_by_role("alert").filter(has_text="Đã tiếp nhận hồ sơ.")).to_be_visible()
    next_step(page, "accepted_district_council").click()
    ux.page("council assignment, preselected")
    expect(page.get_by_label(re.compile("Gà đồi Yên Thế"))).to_be_checked()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").filter(has_text="Đã trình 1 hồ sơ.")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect_card(page, "Hồ sơ Hội đồng cấp huyện đang chấm, chờ kết thúc phiên chấm", 1)

    # A member: the scorecard to fill.
    member = world["members"][2]
    switch_user(member.user.username, PASSWORD)
    expect_card(page, "Phiếu chấm điểm cần hoàn thành", 1)
    open_dossier(page, live_server, dossier)
    expect(next_step(page, "scoring_member")).to_have_text("Chấm điểm")
    shot("member-dossier")

    # The council scores and closes (services: the scorecard has its own journey).
    assignment = dossier.assignments.get()
    for seat in world["members"][:3]:
        score(assignment, seat, P55)
    assignment_close(assignment=assignment, by=world["members"][0].user)

    # The district officer decides from the preselected result.
    switch_user("officer", PASSWORD)
    expect_card(page, "Kết quả cấp huyện chờ ra quyết định công nhận", 1)
    open_dossier(page, live_server, dossier)
    next_step(page, "decide_district").click()
    ux.page("decision form from the dossier")
    result = page.locator("#decision-results tr").filter(has_text="Gà đồi Yên Thế")
    expect(result.get_by_role("checkbox")).to_be_checked()
    expect(result).to_contain_text("55,00")
    page.get_by_label(re.compile(r"Số quyết định")).fill("45/QĐ-UBND")
    page.get_by_label(re.compile(r"Ngày ban hành")).fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label(re.compile(r"Người ký")).fill("Nguyễn Văn Ký")
    page.get_by_label(re.compile(r"^\s*Cơ quan ban hành\*?\s*$")).fill("Ủy ban nhân dân huyện Yên Thế")
    shot("decision-form")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    confirm(page, "Ghi nhận quyết định", says="cấp giấy chứng nhận ngay")
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận quyết định.")
    row = page.locator("#decision-items tr").filter(has_text="Gà đồi Yên Thế")
    row.get_by_role("link").last.click()  # its certificate
    expect(page.locator("#certificate-decision")).to_have_text("45/QĐ-UBND")
    shot("certificate")
    open_dossier(page, live_server, dossier)
    expect(page.locator("[data-next-step]")).to_have_count(0)
    expect(page.locator("#dossier-outcome")).to_contain_text("45/QĐ-UBND")

    # Province staff: a forwarded dossier waits for the provincial council.
    switch_user("staff", PASSWORD)
    expect_card(page, "Hồ sơ đã chuyển lên, chờ Hội đồng cấp tỉnh", 1)
    shot("staff-home")
    open_dossier(page, live_server, world["forwarded"])
    next_step(page, "forwarded_province_council").click()
    expect(page.get_by_label(re.compile("Vải thiều sấy"))).to_be_checked()
    shot("province-council-assignment")
