"""Journey: the province's steps on a gated 5★ dossier under QĐ 26/2026. Province staff find it
on "Hồ sơ tại cấp tỉnh", see what the 5★ package still lacks, record the advisory team's report
and the chairman's approval, send the package (after the confirmation), record the Ministry's
"not granted" with its score, and are told which stars the province certifies on it (Art. 7.4)."""

import pytest
from playwright.sync_api import expect

from evaluation.models import MinistrySubmission
from evaluation.tests.test_province_ministry import potential_5  # noqa: F401 — a fixture
from ocop_portal.testing.factories import PASSWORD

from .dialogs import confirm

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_take_a_5_star_dossier_to_the_ministry_and_back(page, sign_in, shot, ux, potential_5):  # noqa: F811
    sign_in("staff", PASSWORD)
    page.get_by_role("button", name="Đánh giá, phân hạng").click()
    page.get_by_role("link", name="Hồ sơ tại cấp tỉnh").click()
    ux.page("province work list")
    page.get_by_role("link", name=potential_5.product.name).click()
    missing = page.locator("#package-missing")
    expect(missing).to_contain_text("Báo cáo đánh giá của tổ tư vấn.")
    ux.page("province page (potential 5 stars)")
    shot("missing")

    advisory = page.locator("#advisory-form")
    advisory.get_by_label("Loại ghi nhận").select_option(label="Báo cáo đánh giá gửi Chủ tịch Hội đồng")
    advisory.get_by_label("Nội dung").fill("Tổ tư vấn đề nghị trình Bộ công nhận 5 sao.")
    advisory.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận: Báo cáo đánh giá gửi Chủ tịch Hội đồng.")
    expect(missing).not_to_contain_text("Báo cáo đánh giá của tổ tư vấn.")

    approve = page.locator("#approve-form")
    approve.get_by_label("Số quyết định phê duyệt").fill("12/QĐ-UBND")
    approve.get_by_label("Ngày phê duyệt").fill("01/11/2026")
    approve.get_by_label("Người ký (Chủ tịch UBND tỉnh)").fill("Lê Văn Chủ tịch")
    approve.get_by_role("button", name="Ghi nhận phê duyệt").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận phê duyệt")

    send = page.locator("#send-form")
    send.get_by_label("Số công văn đề nghị").fill("345/UBND-KT")
    send.get_by_label("Ngày công văn").fill("02/11/2026")
    send.get_by_role("button", name="Gửi hồ sơ").click()
    confirm(page, "Gửi hồ sơ", says="không gửi lại được")
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi hồ sơ đề nghị Bộ công nhận 5 sao")
    ux.page("province page (sent)")
    shot("sent")

    outcome = page.locator("#outcome-form")
    outcome.get_by_label("Không công nhận 5 sao").check()
    outcome.get_by_label("Số văn bản của Bộ").fill("88/QĐ-BNNMT")
    outcome.get_by_label("Ngày văn bản").fill("20/11/2026")
    outcome.get_by_label("Người ký").fill("Trần Văn Bộ")
    outcome.get_by_label("Điểm của Bộ").fill("82,5")
    outcome.get_by_role("button", name="Ghi nhận kết quả").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận kết quả của Bộ.")
    expect(page.locator("#ministry-outcome")).to_contain_text("Bộ không công nhận 5 sao")
    expect(page.locator("#next-step")).to_contain_text("Tỉnh công nhận theo kết quả của Bộ: 4 sao")
    ux.page("province page (Ministry's outcome)")
    shot("outcome")

    submission = MinistrySubmission.objects.get(dossier=potential_5)
    assert (str(submission.ministry_score), submission.supported_stars) == ("82.50", 4)
    assert ux.problems == []
