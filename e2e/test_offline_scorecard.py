"""Journey: a council member scores a whole card at a production site with no signal.

Opened once online, the card works with the network cut: every part of the sheet reopens from
the service worker, answers are kept on the phone as "chưa đồng bộ", the evidence opened before
can be read. When the connection returns the answers are sent; one the member had meanwhile
changed on another device comes back as a conflict showing both values, and the member chooses.
Signing out leaves nothing of it in the browser."""

import re

import pytest
from playwright.sync_api import expect

from evaluation.models import Scorecard, ScorecardAnswer
from evaluation.services.councils import conflict_declare
from evaluation.services.scorecards import scorecard_answer, sheet_criteria
from ocop_portal.testing.factories import PASSWORD

from .dialogs import confirm
from .test_council_member_journey import criterion_card
from .waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UNSYNCED = "Chưa đồng bộ"
COMMENT = "Nhận xét (bắt buộc khi không chấm điểm tối đa)"


def stored(card, criterion_id):
    answer = ScorecardAnswer.objects.filter(scorecard=card, criterion_id=criterion_id).first()
    return (answer.points, answer.comment) if answer else None


def test_a_whole_card_offline_then_synced_with_a_conflict(page, context, live_server, sign_in, shot, scoring):
    member = scoring.members[2]
    conflict_declare(assignment=scoring.assignment, member=member, has_conflict=False, reason="", by=member.user)
    sign_in(member.user.username, PASSWORD)
    url = f"{live_server.url}/evaluation/assignments/{scoring.assignment.pk}/scorecard/"
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phiếu chấm · Gà đồi Yên Thế")
    # Online: the worker takes control and keeps every part; the member opens one evidence file.
    wait_until(page, "navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    evidence = page.locator("#evidence-title + ul a").first
    evidence_url = evidence.get_attribute("href")
    opened = page.evaluate("(u) => fetch(u).then(r => r.arrayBuffer()).then(b => b.byteLength)", evidence_url)
    wait_until(
        page,
        """async () => { const c = await caches.open('ocop-offline-v1');
                        return (await c.keys()).filter(r => r.url.includes('?part=')).length === 3; }""",
    )
    card_row = Scorecard.objects.get(assignment=scoring.assignment, member=member)
    criteria = {c.code: c for c in sheet_criteria(scoring.dossier)}

    # --- no signal ---
    context.set_offline(True)
    a = criterion_card(page, "1.1")
    a.get_by_label(re.compile(r"^Mức 2 — 10")).check()
    a.get_by_label(COMMENT).fill("Chưa có VietGAP.")
    a.get_by_label(COMMENT).blur()
    expect(a.locator("[aria-live]")).to_contain_text(UNSYNCED)
    expect(page.locator("#offline-banner")).to_contain_text("Đang không có mạng")

    page.reload()  # reopened with no connection: the worker's copy, the answer put back from the phone
    a = criterion_card(page, "1.1")
    expect(a.get_by_label(re.compile(r"^Mức 2 — 10"))).to_be_checked()
    expect(a.get_by_label(COMMENT)).to_have_value("Chưa có VietGAP.")
    expect(a.locator("[aria-live]")).to_contain_text(UNSYNCED)
    shot("offline-part-a")

    page.get_by_role("link", name="Phần B (1 tiêu chí)").click()
    criterion_card(page, "4.1").get_by_label(re.compile(r"^Mức 3 — 25")).check()
    expect(criterion_card(page, "4.1").locator("[aria-live]")).to_contain_text(UNSYNCED)
    page.get_by_role("link", name="Phần C (1 tiêu chí)").click()
    criterion_card(page, "6.1").get_by_label(re.compile(r"^Mức 4 — 35")).check()
    expect(criterion_card(page, "6.1").locator("[aria-live]")).to_contain_text(UNSYNCED)
    expect(page.locator("#offline-banner")).to_contain_text("Số câu trả lời chưa đồng bộ: 3")
    read_offline = page.evaluate("(u) => fetch(u).then(r => r.arrayBuffer()).then(b => b.byteLength)", evidence_url)
    assert read_offline == opened > 0
    assert stored(card_row, criteria["1.1"].id) is None  # nothing reached the server
    shot("offline-part-c")

    # Meanwhile the member answered 6.1 differently on the office computer.
    scorecard_answer(
        scorecard=card_row, criterion_id=criteria["6.1"].id,
        option_id=next(o.id for o in criteria["6.1"].options if o.points == 20), comment="Từ máy tính",
        by=member.user,
    )  # fmt: skip

    # --- the connection returns ---
    context.set_offline(False)
    c = criterion_card(page, "6.1")
    conflict = c.locator(".offline-conflict")
    expect(conflict).to_be_visible(timeout=30_000)  # after the three answers went through
    expect(conflict).to_contain_text("đã được sửa ở nơi khác")
    expect(conflict).to_contain_text(re.compile(r"Trên máy này: Mức 4 — 35"))
    expect(conflict).to_contain_text(re.compile(r"Trên máy chủ: Mức 3 — 20.*Từ máy tính"))
    expect(page.locator("#offline-banner")).to_contain_text("cần bạn chọn giữ giá trị nào: 1")
    assert stored(card_row, criteria["1.1"].id) == (10, "Chưa có VietGAP.")
    assert stored(card_row, criteria["4.1"].id) == (25, "")
    assert stored(card_row, criteria["6.1"].id) == (20, "Từ máy tính")  # not overwritten silently
    shot("conflict")

    conflict.get_by_role("button", name="Giữ giá trị trên máy này").click()
    expect(c.locator("[aria-live]")).to_contain_text("Đã đồng bộ", timeout=30_000)
    expect(conflict).to_be_hidden()
    expect(page.locator("#offline-banner")).to_be_hidden()
    assert stored(card_row, criteria["6.1"].id) == (35, "")
    expect(page.locator("#progress")).to_contain_text("Đã chấm 3/3 tiêu chí", timeout=30_000)  # no reload

    page.reload()
    expect(page.locator("#progress")).to_contain_text("Đã chấm 3/3 tiêu chí")
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    confirm(page, "Nộp phiếu chấm")
    expect(page.get_by_role("alert")).to_contain_text("Đã nộp phiếu chấm.")
    card_row.refresh_from_db()
    assert (card_row.state, card_row.total) == ("submitted", 70)

    # --- sign-out on a shared phone: nothing stays ---
    page.get_by_role("button", name="Tài khoản").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    left = page.evaluate(
        """async () => ({caches: (await caches.keys()).length, storage: localStorage.length,
                        workers: (await navigator.serviceWorker.getRegistrations()).length})"""
    )
    assert left == {"caches": 0, "storage": 0, "workers": 0}


def test_an_answer_kept_offline_for_a_council_that_closed_shows_both_and_is_never_dropped_silently(
    page, context, live_server, sign_in, scoring
):
    from evaluation.services.councils import assignment_close
    from evaluation.tests.test_councils import P85, score

    member = scoring.members[2]
    conflict_declare(assignment=scoring.assignment, member=member, has_conflict=False, reason="", by=member.user)
    sign_in(member.user.username, PASSWORD)
    page.goto(f"{live_server.url}/evaluation/assignments/{scoring.assignment.pk}/scorecard/")
    context.set_offline(True)
    card = criterion_card(page, "1.1")
    card.get_by_label(re.compile(r"^Mức 4 — 40")).check()
    expect(card.locator("[aria-live]")).to_contain_text(UNSYNCED)

    for other in (scoring.members[0], scoring.members[1], scoring.members[3]):
        score(scoring.assignment, other, P85)
    assignment_close(assignment=scoring.assignment, by=scoring.members[0].user)
    context.set_offline(False)

    conflict = card.locator(".offline-conflict")
    expect(conflict).to_contain_text("Hội đồng đã kết thúc chấm hồ sơ này.", timeout=30_000)
    expect(conflict).to_contain_text("Trên máy này: Mức 4 — 40")
    expect(conflict.get_by_role("button", name="Giữ giá trị trên máy này")).to_have_count(0)
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('ocop-offline:')).length")
    assert kept == 1  # still on the phone until the member drops it
    conflict.get_by_role("button", name="Bỏ giá trị trên máy này").click()
    expect(conflict).to_be_hidden()
    assert page.evaluate("localStorage.length") == 0
