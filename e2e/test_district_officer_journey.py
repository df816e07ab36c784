"""Journey 1: a district officer registers a producer and its product, prepares a dossier in the
open round (registration form, self-assessment, evidence), submits it; the province returns it
with reasons; the officer reads them, fixes the dossier and submits it again."""

import re

import pytest
from playwright.sync_api import expect

from evaluation.enums import DossierState
from evaluation.models import Dossier
from ocop_portal.testing.factories import PASSWORD

from .builders import open_round, pdf_bytes, png_bytes
from .dialogs import confirm
from .usability import check_field_error, check_required_marked

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REQUIRED = "Trường này là bắt buộc."


def test_district_officer_prepares_submits_and_fixes_a_returned_dossier(
    page, live_server, sign_in, switch_user, shot, ux, province, district, commune, district_officer, province_staff
):
    open_round(province)

    sign_in("officer", PASSWORD)
    ux.page("home")

    # --- the producer, through the registration form --------------------------------------------
    page.get_by_role("button", name="Chủ thể, sản phẩm").click()
    page.get_by_role("link", name="Chủ thể", exact=True).click()
    page.get_by_role("link", name="Đăng ký chủ thể").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký chủ thể")
    ux.page("producer form")
    check_required_marked(ux, page.get_by_label("Tên chủ thể"), "producer form")
    page.get_by_role("button", name="Lưu").click()
    check_field_error(ux, page.get_by_label("Tên chủ thể"), REQUIRED, "producer form")
    shot("producer-form-errors")

    page.get_by_label("Loại hình").select_option(label="Hợp tác xã")
    page.get_by_label("Tên chủ thể").fill("HTX Mật ong Tam Đảo")
    page.get_by_label("Số đăng ký kinh doanh").fill("2400123456")
    page.get_by_label("Người đại diện").fill("Hoàng Văn Nam")
    page.get_by_label("Điện thoại").fill("0912 000 111")
    page.get_by_label("Xã/phường/thị trấn").select_option(label="Huyện Yên Thế › Xã Đồng Tiến")
    page.get_by_label("Địa chỉ").fill("Thôn Đồng Gianh")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã đăng ký chủ thể “HTX Mật ong Tam Đảo”.")
    ux.page("producer detail")

    # --- its product ----------------------------------------------------------------------------
    page.get_by_role("link", name="Thêm sản phẩm").click()
    ux.page("product form")
    page.get_by_label("Tên sản phẩm").fill("Mật ong rừng Tam Đảo")
    page.get_by_label("Bộ sản phẩm").select_option(index=1)
    page.get_by_label("Mô tả").fill("Mật ong hoa rừng, khai thác tự nhiên")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã đăng ký sản phẩm “Mật ong rừng Tam Đảo”.")
    shot("product-registered")

    # --- a dossier for it in the open round -----------------------------------------------------
    page.get_by_role("button", name="Đánh giá, phân hạng").click()
    page.get_by_role("link", name="Hồ sơ", exact=True).click()
    ux.page("dossier queue")
    page.get_by_role("link", name="Lập hồ sơ").click()
    ux.page("dossier create form")
    page.get_by_label("Sản phẩm").select_option(label="Mật ong rừng Tam Đảo — HTX Mật ong Tam Đảo")
    page.get_by_label("Đợt đánh giá").select_option(index=1)
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lập hồ sơ.")
    expect(page.get_by_text("Còn thiếu trước khi nộp:")).to_be_visible()
    dossier_url = page.url
    ux.page("dossier detail (draft)")
    shot("dossier-opened")

    # Registration form: autosaved on change, saved for good with the button.
    page.get_by_role("link", name="Phiếu đăng ký").click()
    ux.page("registration form")
    check_required_marked(ux, page.get_by_label("Mô tả sản phẩm"), "registration form")
    page.get_by_label("Mô tả sản phẩm").fill("Mật ong nguyên chất từ hoa rừng Tam Đảo")
    page.get_by_label("Quy mô, công suất sản xuất").fill("2 tấn/năm")
    page.get_by_label("Nguồn nguyên liệu").fill("200 đàn ong tại xã Đồng Tiến")
    page.get_by_label("Thị trường tiêu thụ chính").fill("Bắc Giang, Hà Nội")
    page.get_by_label("Người liên hệ").fill("Hoàng Văn Nam")
    page.get_by_label("Điện thoại liên hệ").fill("0912 000 111")
    page.get_by_label("Số lao động").fill("12")
    page.get_by_label("Số lao động").blur()
    expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu lúc")
    shot("registration-autosaved")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu phiếu đăng ký.")

    # Self-assessment: one level per criterion, progress counted as the officer goes.
    page.get_by_role("link", name="Tự đánh giá").click()
    ux.page("self-assessment")
    progress = page.locator("#sa-progress")
    expect(progress).to_contain_text("Đã chọn 0/3 tiêu chí")
    ux.note(
        page.locator("a[href='#part-A']").count() > 0,
        "self-assessment: no links to jump to each part (Phần A/B/C) — a long sheet cannot be navigated by part",
    )
    for criterion, level in (("1.1", "Mức 2"), ("4.1", "Mức 3"), ("6.1", "Mức 3")):
        page.get_by_role("group", name=re.compile(rf"^{re.escape(criterion)} ")).get_by_label(level).check()
        expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu lúc")
    expect(progress).to_contain_text("Đã chọn 3/3 tiêu chí")
    expect(progress).to_contain_text("Tổng điểm tự đánh giá: 55")
    shot("self-assessment-done")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu bản tự đánh giá.")

    # Evidence: a file that is not a PDF/JPEG/PNG is refused next to the field; then the two
    # required pieces, a real PDF and a PNG made here.
    page.get_by_role("link", name="Minh chứng").click()
    page.wait_for_url("**/evidence/")
    ux.page("evidence")
    page.get_by_label("Loại minh chứng").select_option(label="Giấy đăng ký kinh doanh")
    page.get_by_label("Tệp (PDF, JPEG, PNG)").set_input_files(
        files=[{"name": "ghi-chu.txt", "mimeType": "text/plain", "buffer": "không phải PDF".encode()}]
    )
    page.get_by_role("button", name="Tải lên").click()
    file_error = page.locator(".invalid-feedback").first
    expect(file_error).to_be_visible()
    check_field_error(ux, page.get_by_label("Tệp (PDF, JPEG, PNG)"), file_error.inner_text().strip(), "evidence form")
    shot("evidence-refused")
    for kind, upload in (
        (
            "Giấy đăng ký kinh doanh",
            {"name": "dang-ky-kinh-doanh.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
        ),
        ("Hình ảnh sản phẩm", {"name": "mat-ong.png", "mimeType": "image/png", "buffer": png_bytes()}),
    ):
        page.get_by_label("Loại minh chứng").select_option(label=kind)
        page.get_by_label("Tệp (PDF, JPEG, PNG)").set_input_files(files=[upload])
        page.get_by_role("button", name="Tải lên").click()
        expect(page.get_by_role("alert")).to_contain_text("Đã tải lên minh chứng.")
    expect(page.get_by_role("link", name="dang-ky-kinh-doanh.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="mat-ong.png")).to_be_visible()
    shot("evidence-uploaded")

    page.goto(dossier_url)
    expect(page.get_by_text("Còn thiếu trước khi nộp:")).to_have_count(0)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    # Going back leaves the dossier as it was; confirming sends it.
    confirm(page, "Quay lại", says="không sửa được nữa")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert Dossier.objects.get().state == DossierState.DRAFT  # the journey's one dossier, not sent
    page.get_by_role("button", name="Nộp hồ sơ").click()
    confirm(page, "Nộp hồ sơ")
    expect(page.get_by_role("alert")).to_contain_text("Đã nộp hồ sơ.")
    expect(page.locator(".badge", has_text="Đã nộp").first).to_be_visible()
    shot("submitted")

    # --- the province checks it and returns it with reasons -------------------------------------
    switch_user("staff", PASSWORD)
    home_panel = page.locator(".card", has=page.get_by_role("heading", name="Hồ sơ chờ kiểm tra"))
    expect(home_panel).to_contain_text("1")
    home_panel.get_by_role("link", name="Mở").click()
    page.get_by_role("link", name="Mật ong rừng Tam Đảo").click()
    page.get_by_role("link", name="Trả lại để bổ sung").click()
    ux.page("return form")
    page.get_by_role("button", name="Trả lại hồ sơ").click()
    check_field_error(ux, page.get_by_label("Lý do trả lại, nội dung cần bổ sung"), REQUIRED, "return form")
    page.get_by_label("Lý do trả lại, nội dung cần bổ sung").fill(
        "Quy mô sản xuất ghi chưa rõ: ghi sản lượng mật ong theo lít/năm."
    )
    page.get_by_role("button", name="Trả lại hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã trả lại hồ sơ để bổ sung.")
    shot("returned-by-province")

    # --- the officer reads the reasons, fixes and resubmits ------------------------------------
    switch_user("officer", PASSWORD)
    returned_panel = page.locator(".card", has=page.get_by_role("heading", name="Hồ sơ bị trả lại, chờ bổ sung"))
    expect(returned_panel).to_contain_text("1")
    # The unread count is on the menu, and the list marks unread notes.
    page.get_by_role("link", name=re.compile(r"^Thông báo \d+$")).click()
    ux.page("notifications")
    expect(page.locator(".list-group-item-warning").first).to_contain_text("Mới")
    shot("officer-notified")
    page.goto(dossier_url)
    reasons = page.locator(".alert", has_text="Lý do trả lại:")
    expect(reasons).to_contain_text("ghi sản lượng mật ong theo lít/năm")
    ux.page("dossier detail (returned)")
    shot("reasons-shown")

    page.get_by_role("link", name="Phiếu đăng ký").click()
    page.get_by_label("Quy mô, công suất sản xuất").fill("2.500 lít mật ong/năm")
    page.get_by_label("Quy mô, công suất sản xuất").blur()
    expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu lúc")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu phiếu đăng ký.")
    page.get_by_role("button", name="Nộp lại hồ sơ").click()
    confirm(page, "Nộp hồ sơ")
    expect(page.get_by_role("alert")).to_contain_text("Đã nộp hồ sơ.")
    expect(page.get_by_role("definition").filter(has_text="2.500 lít mật ong/năm")).to_be_visible()
    shot("resubmitted")

    ux.assert_clean()
