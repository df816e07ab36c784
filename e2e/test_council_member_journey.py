"""Journey 2: a council member finds the dossier in their work list, declares no conflict of
interest and scores it part by part; every answer is autosaved, so a reload half-way loses nothing;
then the member submits. Also: the score sheet can be used with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from evaluation.services.councils import conflict_declare
from ocop_portal.testing.factories import PASSWORD

from .dialogs import confirm
from .usability import FOCUS_STYLE_JS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def criterion_card(page, code):
    return page.locator("form.scorecard-criterion").filter(
        has=page.get_by_role("group", name=re.compile(rf"^{re.escape(code)} "))
    )


def test_council_member_declares_scores_with_autosave_and_submits(page, sign_in, shot, ux, scoring):
    member = scoring.members[2]
    sign_in(member.user.username, PASSWORD)

    page.get_by_role("link", name="Việc chấm điểm", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần chấm điểm")
    row = page.get_by_role("row").filter(has_text="Gà đồi Yên Thế")
    expect(row).to_contain_text("Đang chấm")
    ux.page("work list")
    shot("work-list")

    row.get_by_role("link", name="Khai báo xung đột lợi ích").click()
    ux.page("conflict declaration")
    page.get_by_label("Tôi không có xung đột lợi ích với hồ sơ này").check()
    shot("declaration")
    page.get_by_role("button", name="Gửi khai báo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phiếu chấm · Gà đồi Yên Thế")
    progress = page.locator("#progress")
    expect(progress).to_contain_text("Đã chấm 0/3 tiêu chí")
    ux.page("scorecard part A", contrast=True)

    # Part A: below the maximum, so a comment is asked for; both are autosaved.
    card = criterion_card(page, "1.1")
    card.get_by_label(re.compile(r"^Mức 2 — 10")).check()
    status = card.locator("[aria-live]")
    expect(status).to_contain_text("Đã lưu: 10,00 điểm")
    expect(status).to_contain_text("Cần ghi nhận xét vì không chấm điểm tối đa.")
    card.get_by_label("Nhận xét (bắt buộc khi không chấm điểm tối đa)").fill("Chưa có giấy chứng nhận VietGAP.")
    card.get_by_label("Nhận xét (bắt buộc khi không chấm điểm tối đa)").blur()
    expect(status).not_to_contain_text("Cần ghi nhận xét")
    expect(progress).to_contain_text("Đã chấm 1/3 tiêu chí")
    expect(progress).to_contain_text("Tổng điểm tạm tính: 10,00")
    shot("part-a-autosaved")

    # Reload half-way: the answer, the comment and the progress are still there.
    page.reload()
    card = criterion_card(page, "1.1")
    expect(card.get_by_label(re.compile(r"^Mức 2 — 10"))).to_be_checked()
    expect(card.get_by_label("Nhận xét (bắt buộc khi không chấm điểm tối đa)")).to_have_value(
        "Chưa có giấy chứng nhận VietGAP."
    )
    expect(page.locator("#progress")).to_contain_text("Đã chấm 1/3 tiêu chí")
    shot("after-reload")

    # Parts B and C through the part tabs, at the maximum (no comment needed).
    page.get_by_role("link", name="Phần B (1 tiêu chí)").click()
    criterion_card(page, "4.1").get_by_label(re.compile(r"^Mức 3 — 25")).check()
    expect(criterion_card(page, "4.1").locator("[aria-live]")).to_contain_text("Đã lưu: 25,00 điểm")
    page.get_by_role("link", name="Phần C (1 tiêu chí)").click()
    ux.page("scorecard part C")
    criterion_card(page, "6.1").get_by_label(re.compile(r"^Mức 4 — 35")).check()
    expect(criterion_card(page, "6.1").locator("[aria-live]")).to_contain_text("Đã lưu: 35,00 điểm")
    expect(page.locator("#progress")).to_contain_text("Đã chấm 3/3 tiêu chí")
    expect(page.locator("#progress")).to_contain_text("Tổng điểm tạm tính: 70,00")
    shot("all-parts-scored")

    page.get_by_role("button", name="Nộp phiếu chấm").click()
    confirm(page, "Nộp phiếu chấm", says="không sửa được nữa")
    expect(page.get_by_role("alert")).to_contain_text("Đã nộp phiếu chấm.")
    expect(page.get_by_role("row").filter(has_text=member.user.display_name)).to_contain_text("Đã nộp")
    ux.page("assignment after submitting")
    shot("submitted")

    page.get_by_role("link", name="Việc chấm điểm", exact=True).click()
    expect(page.get_by_role("row").filter(has_text="Gà đồi Yên Thế")).to_contain_text("Đã nộp phiếu")

    ux.assert_clean()


def focused(page) -> dict:
    return page.evaluate(FOCUS_STYLE_JS)


def focus_is_visible(state: dict) -> bool:
    outline = state["outlineStyle"] != "none" and state["outlineWidth"] not in ("0px", "")
    return outline


def test_score_sheet_works_with_the_keyboard_alone(page, live_server, sign_in, shot, ux, scoring):
    member = scoring.members[2]
    conflict_declare(assignment=scoring.assignment, member=member, has_conflict=False, reason="", by=member.user)
    sign_in(member.user.username, PASSWORD)
    page.goto(f"{live_server.url}/evaluation/assignments/{scoring.assignment.pk}/scorecard/")

    # Tab from the top of the page reaches the first answer of the sheet.
    for _press in range(40):
        page.keyboard.press("Tab")
        state = focused(page)
        ux.note(focus_is_visible(state), f"scorecard: no visible focus outline on {state}")
        if state["name"] == "option":
            break
    assert (state["tag"], state["type"], state["name"]) == ("input", "radio", "option")
    first_id = state["id"]

    # Space chooses it and autosaves; the arrow key moves to the next level and chooses it.
    page.keyboard.press("Space")
    expect(page.locator(f"#{first_id}")).to_be_checked()
    expect(page.locator("#progress")).to_contain_text("Đã chấm 1/3 tiêu chí")
    page.keyboard.press("ArrowDown")
    state = focused(page)
    assert state["checked"] and state["id"] != first_id
    ux.note(focus_is_visible(state), f"scorecard: the focused radio shows no outline ({state})")
    expect(criterion_card(page, "1.1").locator("[aria-live]")).to_contain_text("Đã lưu: 10,00 điểm")
    shot("keyboard-choice")

    # Tab moves on to the comment and out of the sheet to the submit button (no trap).
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "textarea"
    page.keyboard.type("Chưa đạt mức tối đa.")
    for _press in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Nộp phiếu chấm":
            break
    else:
        pytest.fail("Tab never reached “Nộp phiếu chấm” after the sheet's last field")
    expect(criterion_card(page, "1.1").locator("[aria-live]")).not_to_contain_text("Cần ghi nhận xét")
    ux.note(focus_is_visible(focused(page)), "scorecard: the submit button shows no focus outline")
    shot("keyboard-submit-focused")

    ux.assert_clean()
