"""Issue 19, item 11: the clicks a council member needs to score one dossier.

The card was three pages (one per part, a tab to reach each); it is now one page with a link to
each part. Scoring the whole card is one click per criterion, then "Nộp phiếu chấm" and its
confirmation: no page to open between parts. The measure is written to
artifacts/scorecard-clicks.json for a reviewer (before: the same clicks plus one tab, and one page
load, per part after the first)."""

import json
import re

import pytest
from playwright.sync_api import expect

from evaluation.models import Scorecard
from evaluation.services.councils import conflict_declare
from evaluation.services.scorecards import sheet_criteria
from ocop_portal.testing.factories import PASSWORD

from .conftest import ARTIFACTS
from .dialogs import confirm
from .test_council_member_journey import criterion_card

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_whole_card_is_one_click_per_criterion_and_two_to_submit(page, live_server, sign_in, shot, scoring):
    member = scoring.members[2]
    conflict_declare(assignment=scoring.assignment, member=member, has_conflict=False, reason="", by=member.user)
    criteria = [c for c in sheet_criteria(scoring.dossier) if c.scored_by_members]
    parts = sorted({c.part for c in criteria})
    sign_in(member.user.username, PASSWORD)
    page.goto(f"{live_server.url}/evaluation/assignments/{scoring.assignment.pk}/scorecard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phiếu chấm")

    loads = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and loads.append(frame.url))
    clicks = 0
    for criterion in criteria:
        best = max(criterion.options, key=lambda option: option.points)
        card = criterion_card(page, criterion.code)
        card.get_by_label(re.compile(rf"^Mức {best.number} — ")).check()
        clicks += 1
        expect(card.locator("[aria-live]")).to_contain_text("Đã lưu")
    assert loads == [], f"pages opened between parts: {loads}"
    shot("scored")
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    confirm(page, "Nộp phiếu chấm")
    clicks += 2
    expect(page.get_by_role("alert")).to_contain_text("Đã nộp phiếu chấm.")
    assert Scorecard.objects.get(assignment=scoring.assignment, member=member).state == "submitted"

    measure = {
        "criteria": len(criteria),
        "parts": len(parts),
        "clicks_now": clicks,
        "page_loads_now": 1,
        "clicks_before": clicks + len(parts) - 1,
        "page_loads_before": len(parts),
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "scorecard-clicks.json").write_text(json.dumps(measure, indent=2), encoding="utf-8")
    assert clicks == len(criteria) + 2
