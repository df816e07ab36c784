"""Journey 3: the chair closes scoring while members' totals are 20 points apart (more than the
council's 10): reconciliation opens; the far-off member revises; the chair closes again and sees
the result; province staff record the district decision and find the certificate issued."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import CouncilAssignment
from evaluation.tests.test_councils import score
from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .builders import P55, P75, dossier_in_scoring
from .dialogs import confirm

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_chair_resolves_the_spread_then_staff_record_the_decision_and_see_the_certificate(
    page, sign_in, switch_user, shot, ux, province, district, producer_record, district_officer, province_staff
):
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    scoring = dossier_in_scoring(province=province, district=district, product=product, checker=district_officer)
    chair, vice_chair, member, far_off = scoring.members
    for seat, points in ((chair, P55), (vice_chair, P55), (member, P55), (far_off, P75)):
        score(scoring.assignment, seat, points)

    sign_in(chair.user.username, PASSWORD)
    page.get_by_role("link", name="Việc chấm điểm", exact=True).click()
    page.get_by_role("link", name="Gà đồi Yên Thế").click()
    session = page.locator("section", has=page.get_by_role("heading", name="Phiên chấm"))
    expect(session).to_contain_text("Phiếu đã nộp: 4 / cần 3")
    ux.page("assignment (scoring)")
    shot("before-closing")

    page.get_by_role("button", name="Kết thúc phiên chấm").click()
    confirm(page, "Kết thúc phiên chấm", says="Kết quả được tính từ các phiếu đã nộp")
    expect(page.get_by_role("alert")).to_contain_text("Chênh lệch điểm vượt mức cho phép: các thành viên chấm lại.")
    expect(page.get_by_role("definition").filter(has_text="Đang thống nhất lại điểm")).to_contain_text("lần chấm 2")
    ux.page("assignment (reconciliation)")
    ux.note(
        re.search(r"Chênh lệch tổng điểm: 20", page.locator("main").inner_text()) is not None,
        "assignment in reconciliation: the chair is not shown the spread (20 points, max 10) that "
        "triggered it, so cannot lead the discussion",
    )
    shot("reconciliation")

    # The far-off member revises after the discussion (the scoring page is journey 2's subject).
    assignment = CouncilAssignment.objects.get(pk=scoring.assignment.pk)
    score(assignment, far_off, P55, comment="Thống nhất lại sau thảo luận")

    page.reload()
    expect(session).to_contain_text("Phiếu đã nộp: 4 / cần 3")
    page.get_by_role("button", name="Kết thúc phiên chấm").click()
    confirm(page, "Kết thúc phiên chấm")
    expect(page.get_by_role("alert")).to_contain_text("Đã kết thúc phiên chấm và tính kết quả.")
    expect(page.locator("#mean")).to_have_text("55,00")
    expect(page.locator("#stars")).to_contain_text("3★")
    expect(page.get_by_role("definition").filter(has_text="Công nhận tại cấp này")).to_be_visible()
    far_off_row = page.get_by_role("row").filter(has_text=far_off.user.display_name)
    expect(far_off_row).to_contain_text(re.compile(r"75[.,]00.*55[.,]00"))
    ux.note(
        "75,00" in far_off_row.inner_text(),
        f"council result: members' totals are not written the Vietnamese way (“{far_off_row.inner_text()}”, "
        "expected 75,00 like the mean 55,00 above them)",
    )
    ux.page("council result")
    shot("result")

    # Province staff record the district's recognition decision.
    switch_user("staff", PASSWORD)
    page.get_by_role("button", name="Đánh giá, phân hạng").click()
    page.get_by_role("link", name="Quyết định", exact=True).click()
    page.get_by_role("link", name="Ghi nhận quyết định").click()
    ux.page("decision form")
    # the province has no result of its own waiting: the form opens on the district's results
    expect(page.locator("#level-district")).to_have_attribute("aria-current", "page")
    page.get_by_label("Cơ quan ban hành (địa bàn)").select_option(label="Huyện Yên Thế")
    page.get_by_label(re.compile(r"Số quyết định")).fill("45/QĐ-UBND")
    page.get_by_label(re.compile(r"Ngày ban hành")).fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label(re.compile(r"Người ký")).fill("Nguyễn Văn Ký")
    page.get_by_label(re.compile(r"^\s*Cơ quan ban hành\*?\s*$")).fill("Ủy ban nhân dân huyện Yên Thế")
    result = page.locator("#decision-results tr").filter(has_text="Gà đồi Yên Thế")
    expect(result).to_contain_text("55,00")
    expect(result).to_contain_text("3★")
    expect(result.get_by_role("checkbox")).to_be_checked()
    shot("decision-form")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    confirm(page, "Ghi nhận quyết định", says="cấp giấy chứng nhận ngay")
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận quyết định.")
    expect(page.get_by_role("row").filter(has_text="Gà đồi Yên Thế")).to_contain_text("3★")
    ux.page("decision detail")
    shot("decision-recorded")

    page.get_by_role("button", name="Giấy chứng nhận").click()
    page.get_by_role("link", name="Danh sách giấy chứng nhận").click()
    row = page.get_by_role("row").filter(has_text="Gà đồi Yên Thế")
    expect(row).to_contain_text("Còn hiệu lực")
    expect(row).to_contain_text("HTX Gà đồi Yên Thế")
    ux.page("certificate register")
    shot("certificate-register")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gà đồi Yên Thế")
    expect(page.get_by_role("link", name="Tải giấy chứng nhận (PDF)")).to_be_visible()
    ux.page("certificate detail")
    shot("certificate-detail")

    ux.assert_clean()
