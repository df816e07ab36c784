"""Journey (issue 17, "Done when"): the whole QĐ 26/2026 flow in the browser, person by person.

A cooperative of Xã Đồng Tiến signs up by its registration number and the commune officer
confirms; the new user chooses a password, files forms 01 and 02 for two products; the commune
writes form 03 and sends both to the province; the advisory team reviews; the provincial council
scores (the chair on the page, the other members' cards already in); the province certifies the
4★ product and takes the gated 5★ one to the Ministry and back; the 5★ certificate's re-evaluation
is refused before its window and filed inside it; an older certificate's Art. 12.3 extension shows
on its page and on public verification;
an inspection of the 4★ certificate ends in its revocation, which public verification shows.

The evaluation services stand in only for people not followed here (the other council members)
and for the one step that needs the server's clock moved (the Art. 12.3 late filing and extension
on 02/09/2026: the pages' test clicks them)."""

import datetime
import re

import pytest
import rest_framework.throttling  # noqa: F401 — bound before freezegun patches the clock
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time
from playwright.sync_api import expect

from evaluation.enums import CertificateStatus, DossierKind, DossierState, Level, MemberRole
from evaluation.models import Certificate, Dossier
from evaluation.services.dossiers import dossier_create, dossier_submit
from evaluation.services.reevaluation import certificate_extend
from evaluation.tests.factories import CouncilMemberFactory, RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from evaluation.tests.test_councils import make_council, score
from evaluation.tests.test_dossiers import _certificate
from evaluation.tests.test_dossiers_fixtures import make_complete
from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .builders import pdf_bytes, png_bytes
from .dialogs import confirm
from .test_council_member_journey import criterion_card
from .test_filing_journey import FORM01, FORM02, FORM03, _autosaved, _fill
from .waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAN = "lan@htx.example.vn"


def lan_user():
    from ocop_portal.accounts.models import User

    return User.objects.get(email=LAN)


LAN_PASSWORD = "Gà-đồi-2026!"
REST_AT_MAXIMUM = [("B", "4.1", "Mức 3 — 25"), ("C", "6.1", "Mức 4 — 35")]


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _fill_date(locator, day: datetime.date):
    locator.fill(_date(day))


def _open_dossier(page, live_server, product, renews=None):
    page.goto(f"{live_server.url}/evaluation/dossiers/new/")
    page.get_by_label("Sản phẩm").select_option(label=f"{product.name} — {product.producer.name}")
    page.get_by_label("Đợt đánh giá").select_option(label="Đợt 9 năm 2026" if renews else "Đợt 8 năm 2026")
    if renews is not None:
        page.get_by_label("Loại hồ sơ").select_option(label="Đánh giá lại")
        page.get_by_label("Giấy chứng nhận được đánh giá lại/nâng hạng").select_option(
            label=f"{renews.number} — {product.name} ({renews.stars}★)"
        )
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lập hồ sơ.")


def _file_forms(page, *, accepted=True):
    """On a draft's page: forms 01 and 02, the self-assessment, the evidence, then filing (refused
    with the reason when not `accepted`)."""
    dossier_url = page.url
    page.get_by_role("link", name="Mẫu số 01", exact=True).click()
    _fill(page, FORM01)
    _autosaved(page)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu Phiếu đăng ký (Mẫu số 01).")).to_be_visible()
    page.get_by_role("link", name="Mẫu số 02", exact=True).click()
    _fill(page, FORM02)
    page.get_by_label("Giới tính").select_option("Nữ")
    page.locator('input[name="founded_on"]').fill("02/03/2015")
    page.get_by_label("a) Giấy đăng ký kinh doanh").check()
    _autosaved(page)
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu Báo cáo tự đánh giá (Mẫu số 02).")).to_be_visible()
    page.goto(dossier_url)
    page.get_by_role("link", name="Tự đánh giá").click()
    for criterion, level in (("1.1", "Mức 4"), ("4.1", "Mức 3"), ("6.1", "Mức 4")):
        page.get_by_role("group", name=re.compile(rf"^{re.escape(criterion)} ")).get_by_label(level).check()
        expect(page.locator("#autosave-status")).to_contain_text("Đã tự động lưu lúc")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu bản tự đánh giá.")
    page.goto(dossier_url)
    page.get_by_role("link", name="Minh chứng").click()
    for kind, upload in (
        ("Giấy đăng ký kinh doanh", {"name": "dang-ky.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}),
        ("Hình ảnh sản phẩm", {"name": "san-pham.png", "mimeType": "image/png", "buffer": png_bytes()}),
    ):
        page.get_by_label("Loại minh chứng").select_option(label=kind)
        page.get_by_label("Tệp (PDF, JPEG, PNG)").set_input_files(files=[upload])
        page.get_by_role("button", name="Tải lên").click()
        expect(page.get_by_role("alert")).to_contain_text("Đã tải lên minh chứng.")
    page.goto(dossier_url)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    confirm(page, "Nộp hồ sơ")
    if accepted:
        expect(page.locator(".badge", has_text="Đã nộp").first).to_be_visible()
    return dossier_url


def _score_as_chair(page, live_server, assignment, card):
    """The presiding member declares, answers each part on the scorecard page, submits, closes."""
    page.goto(f"{live_server.url}/evaluation/assignments/{assignment.pk}/declare/")
    page.get_by_label("Tôi không có xung đột lợi ích với hồ sơ này").check()
    page.get_by_role("button", name="Gửi khai báo").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Phiếu chấm")
    # the answers autosave through htmx: choose only once the page's scripts have bound the forms
    wait_until(page, "() => document.readyState === 'complete' && !!window.htmx")
    for part, code, level in card:
        if part != "A":
            page.get_by_role("link", name=f"Phần {part} (1 tiêu chí)").click()
        criterion = criterion_card(page, code)
        criterion.get_by_label(re.compile(rf"^{level}")).check()
        expect(criterion.locator("[aria-live]")).to_contain_text("Đã lưu")
        comment = criterion.get_by_label("Nhận xét (bắt buộc khi không chấm điểm tối đa)")
        if "Cần ghi nhận xét" in criterion.locator("[aria-live]").inner_text():
            comment.fill("Chưa có chứng nhận hữu cơ.")
            comment.blur()
            expect(criterion.locator("[aria-live]")).not_to_contain_text("Cần ghi nhận xét")
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    confirm(page, "Nộp phiếu chấm")
    expect(page.get_by_role("alert")).to_contain_text("Đã nộp phiếu chấm.")
    page.goto(f"{live_server.url}/evaluation/assignments/{assignment.pk}/")
    page.get_by_role("button", name="Kết thúc phiên chấm").click()
    confirm(page, "Kết thúc phiên chấm")


def _advisory(page, live_server, dossier, kind, text):
    page.goto(f"{live_server.url}/evaluation/dossiers/{dossier.pk}/province/")
    advisory = page.locator("#advisory-form")
    advisory.get_by_label("Loại ghi nhận").select_option(label=kind)
    advisory.get_by_label("Nội dung").fill(text)
    advisory.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Đã ghi nhận: {kind}.")


def test_the_whole_qd26_flow_in_the_browser(
    page,
    live_server,
    sign_in,
    switch_user,
    sign_out,
    shot,
    ux,
    province,
    commune,
    commune_officer,
    province_staff,
    producer_record,
):
    framework = load_framework("26/2026")
    food = f.ProductSetFactory(code="01", group=f.ProductGroupFactory(code="I", name="Thực phẩm"))
    chicken, honey, tea, eggs = (
        f.ProductFactory(producer=producer_record, product_set=food, name=name)
        for name in ("Gà đồi Yên Thế", "Mật ong rừng Yên Thế", "Chè xanh Đồng Tiến", "Trứng gà đồi")
    )
    build_sheet(framework_obj=framework, product_set=food)
    for number in (8, 9):
        RoundFactory(framework=framework, province=province, year=2026, number=number)
    late_round = RoundFactory(framework=framework, province=province, year=2026, number=10)
    council, members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    for member in members:
        member.user.set_password(PASSWORD)
        member.user.save()
    CouncilMemberFactory(
        council=council,
        role=MemberRole.MEMBER,
        is_support_team=True,
        order=9,
        user=f.UserFactory(username="tuvan", full_name="Tổ tư vấn tỉnh"),
    )
    old_tea = _certificate(tea, load_framework("148"), province_staff, number="OCOP-24-2023-0007")
    # a certificate whose 180–120-day window is open today
    in_window = _certificate(eggs, load_framework("148"), province_staff, number="OCOP-24-2024-0031")
    today = timezone.localdate()
    Certificate.objects.filter(pk=in_window.pk).update(
        valid_from=today + datetime.timedelta(days=150 - 3 * 365),
        valid_until=today + datetime.timedelta(days=150),
    )

    # 1. sign-up by registration number
    page.goto(f"{live_server.url}/registry/signup/")
    ux.page("sign-up")
    page.get_by_label("Tỉnh, thành phố").select_option(label=province.name)
    page.get_by_label("Số đăng ký kinh doanh của chủ thể").fill(producer_record.registration_number)
    page.get_by_label("Họ và tên người đề nghị").fill("Nguyễn Thị Lan")
    page.get_by_label("Thư điện tử liên hệ").fill(LAN)
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot("sign-up-sent")

    # the commune officer confirms the link to the producer record
    sign_in("xa", PASSWORD)
    page.goto(f"{live_server.url}/registry/signups/")
    ux.page("sign-up requests")
    request_row = page.get_by_role("row").filter(has_text="Nguyễn Thị Lan")
    expect(request_row).to_contain_text("Chờ xã xác nhận")
    request_row.get_by_role("link", name=producer_record.name).click()
    page.get_by_label("Xác nhận: người đề nghị là người của chủ thể").check()
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã xác nhận")
    shot("sign-up-confirmed")

    # the new user chooses a password through the mailed link and signs in
    link = re.search(r"(http://\S+)", mail.outbox[-1].body).group(1)
    sign_out()
    page.goto(link)
    page.locator('input[name="new_password1"]').fill(LAN_PASSWORD)
    page.locator('input[name="new_password2"]').fill(LAN_PASSWORD)
    page.get_by_role("button", name="Gửi").click()
    page.wait_for_url(re.compile(r"/password/reset/complete/$"))
    sign_in(LAN, LAN_PASSWORD)
    ux.page("producer home (new account)")

    # 2. the producer files both dossiers (forms 01, 02, self-assessment, evidence)
    urls = {}
    for product in (chicken, honey):
        _open_dossier(page, live_server, product)
        urls[product.name] = _file_forms(page)
        expect(page.locator("#official-forms")).to_contain_text(f"PĐK-{province.code}-07243-2026")
    shot("filed")

    # 3. the commune writes form 03 and sends each to the province
    switch_user("xa", PASSWORD)
    for product in (chicken, honey):
        page.goto(urls[product.name])
        page.get_by_role("link", name="Tiếp nhận, kiểm tra hồ sơ").click()
        _fill(page, FORM03)
        page.get_by_role("button", name="Tiếp nhận và gửi đề nghị lên tỉnh").click()
        expect(page.get_by_text("Đã tiếp nhận hồ sơ và gửi đề nghị kèm Mẫu số 03 lên cấp tỉnh.")).to_be_visible()
    shot("sent-to-province")
    gà, mật_ong = (Dossier.objects.get(product=product) for product in (chicken, honey))
    assert {gà.state, mật_ong.state} == {DossierState.FORWARDED}

    # 4. the province: both before the council, the advisory team reviews
    # the next step on each dossier's page puts it before the council in office, preselected
    switch_user("staff", PASSWORD)
    for product in (chicken, honey):
        page.goto(urls[product.name])
        page.get_by_role("link", name="Trình Hội đồng cấp tỉnh").click()
        expect(page.get_by_label(f"{product.name} · Đợt 8 năm 2026")).to_be_checked()
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_role("row").filter(has_text=product.name).first).to_be_visible()
    shot("before-the-council")
    switch_user("tuvan", PASSWORD)
    for dossier in (gà, mật_ong):
        _advisory(page, live_server, dossier, "Nhận xét, rà soát hồ sơ", "Hồ sơ đầy đủ, đúng mẫu.")

    # the other members' cards are in; the chair scores on the page and closes the session
    sessions = {dossier.pk: dossier.assignments.get() for dossier in (gà, mật_ong)}
    for dossier, points in ((gà, {"1.1": 20}), (mật_ong, {})):
        for member in members[1:]:
            score(sessions[dossier.pk], member, points)
    switch_user(members[0].user.username, PASSWORD)
    _score_as_chair(
        page,
        live_server,
        sessions[gà.pk],
        [("A", "1.1", "Mức 3 — 20"), ("B", "4.1", "Mức 3 — 25"), ("C", "6.1", "Mức 4 — 35")],
    )
    expect(page.locator("#mean")).to_have_text("80,00")
    expect(page.locator("#stars")).to_contain_text("4★")
    shot("council-result-4-stars")
    _score_as_chair(
        page,
        live_server,
        sessions[mật_ong.pk],
        [("A", "1.1", "Mức 4 — 40"), ("B", "4.1", "Mức 3 — 25"), ("C", "6.1", "Mức 4 — 35")],
    )
    expect(page.locator("#mean")).to_have_text("100,00")

    # the province's decision certifies the 4★ product
    switch_user("staff", PASSWORD)
    page.goto(urls[chicken.name])
    page.get_by_role("link", name="Ra quyết định công nhận").click()
    result = page.locator("#decision-results tr").filter(has_text="Gà đồi Yên Thế")
    expect(result).to_contain_text("80,00")
    expect(result).to_contain_text("4★")
    expect(result.get_by_role("checkbox")).to_be_checked()
    page.get_by_label(re.compile(r"Số quyết định")).fill("120/QĐ-UBND")
    _fill_date(page.get_by_label(re.compile(r"Ngày ban hành")), today)
    page.get_by_label(re.compile(r"Người ký")).first.fill("Nguyễn Văn Ký")
    page.get_by_label(re.compile(r"^\s*Cơ quan ban hành\*?\s*$")).fill("Ủy ban nhân dân tỉnh")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    confirm(page, "Ghi nhận quyết định", says="cấp giấy chứng nhận ngay")
    expect(page.get_by_role("row").filter(has_text="Gà đồi Yên Thế")).to_contain_text("4★")
    shot("decision-4-stars")
    chicken_certificate = Certificate.objects.get(dossier=gà)

    # 5. the 5★ dossier: the chairman's approval, the advisory report, the package, the Ministry
    page.goto(f"{live_server.url}/evaluation/dossiers/{mật_ong.pk}/province/")
    approve = page.locator("#approve-form")
    approve.get_by_label("Số quyết định phê duyệt").fill("12/QĐ-UBND")
    _fill_date(approve.get_by_label("Ngày phê duyệt"), today)
    approve.get_by_label("Người ký (Chủ tịch UBND tỉnh)").fill("Lê Văn Chủ tịch")
    approve.get_by_role("button", name="Ghi nhận phê duyệt").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận phê duyệt")
    switch_user("tuvan", PASSWORD)
    _advisory(page, live_server, mật_ong, "Báo cáo đánh giá gửi Chủ tịch Hội đồng", "Đề nghị trình Bộ công nhận 5 sao.")
    switch_user("staff", PASSWORD)
    page.goto(f"{live_server.url}/evaluation/dossiers/{mật_ong.pk}/province/")
    send = page.locator("#send-form")
    send.get_by_label("Số công văn đề nghị").fill("345/UBND-KT")
    _fill_date(send.get_by_label("Ngày công văn"), today)
    send.get_by_role("button", name="Gửi hồ sơ").click()
    confirm(page, "Gửi hồ sơ", says="không gửi lại được")
    expect(page.get_by_role("alert")).to_contain_text("Đã gửi hồ sơ đề nghị Bộ công nhận 5 sao")
    outcome = page.locator("#outcome-form")
    outcome.get_by_label("Công nhận 5 sao", exact=True).check()
    outcome.get_by_label("Số văn bản của Bộ").fill("88/QĐ-BNNMT")
    _fill_date(outcome.get_by_label("Ngày văn bản"), today)
    outcome.get_by_label("Người ký").fill("Trần Văn Bộ")
    outcome.get_by_role("button", name="Ghi nhận kết quả").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận kết quả của Bộ.")
    shot("ministry-granted")
    honey_certificate = Certificate.objects.get(dossier=mật_ong)
    assert (honey_certificate.stars, honey_certificate.issuing_level) == (5, Level.CENTRAL)

    # 6. re-evaluation: the new 5★ certificate is years from its window (refused with the dates);
    # the eggs' certificate is inside it (filed)
    switch_user(LAN, LAN_PASSWORD)
    _open_dossier(page, live_server, honey, renews=honey_certificate)
    _file_forms(page, accepted=False)
    expiry = honey_certificate.valid_until
    refusal = page.get_by_role("alert").filter(has_text="Chưa đến thời hạn nộp hồ sơ đánh giá lại")
    expect(refusal).to_contain_text(_date(expiry - datetime.timedelta(days=180)))
    expect(refusal).to_contain_text(_date(expiry - datetime.timedelta(days=120)))
    shot("reevaluation-refused")
    _open_dossier(page, live_server, eggs, renews=in_window)
    _file_forms(page)
    shot("reevaluation-filed")

    # 7. the tea's 2023 certificate: filed late, extended until the result (Art. 12.3)
    # Art. 12.3 holds only for certificates whose window closed before 22/05/2026, so the day is
    # 02/09/2026; a browser cannot follow a server whose clock is moved (its pages then see their
    # session as expired), so the late filing and the staff's extension are recorded through the
    # services on that day (the pages' own test clicks them: evaluation/tests/test_qd26_whole_flow.py)
    # and the journey reads the result on the pages, as staff and as the public.
    with freeze_time(datetime.date(2026, 9, 2)):
        late = dossier_create(product=tea, round=late_round, kind=DossierKind.REEVALUATION, by=lan_user())
        make_complete(late, lan_user())
        dossier_submit(dossier=late, by=lan_user())
        certificate_extend(certificate=old_tea, framework=framework, by=province_staff, today=datetime.date(2026, 9, 2))
    switch_user("staff", PASSWORD)
    page.goto(f"{live_server.url}/evaluation/certificates/{old_tea.pk}/")
    expect(page.get_by_text("28/02/2027").first).to_be_visible()
    shot("extended")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/{old_tea.public_code}/")
    expect(page.get_by_text("Gia hạn chờ kết quả đánh giá lại").first).to_be_visible()

    # 8. an inspection of the 4★ certificate ends in its revocation
    switch_user("staff", PASSWORD)
    page.goto(f"{live_server.url}/evaluation/inspections/plans/new/")
    page.get_by_label("Năm").fill(str(today.year))
    page.get_by_label("Tên kế hoạch").fill(f"Kế hoạch kiểm tra năm {today.year}")
    page.get_by_role("button", name="Lưu").click()
    page.goto(f"{live_server.url}/evaluation/certificates/{chicken_certificate.pk}/")
    page.get_by_role("link", name="Lập lần kiểm tra").click()
    page.get_by_label("Hình thức").select_option(label="Kiểm tra định kỳ")
    page.get_by_label("Kế hoạch kiểm tra").select_option(index=1)
    _fill_date(page.get_by_label("Ngày kiểm tra"), today)
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Ghi phát hiện").click()
    page.get_by_label("Nội dung kiểm tra").select_option(label="Sử dụng biểu trưng OCOP")
    page.get_by_label("Có vi phạm, không đạt").check()
    page.get_by_label("Phát hiện").fill("Dùng biểu trưng OCOP 4 sao cho sản phẩm chưa được công nhận.")
    page.get_by_label("Căn cứ thu hồi đề xuất").select_option(value="art8_d")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Ghi kết luận").click()
    _fill_date(page.get_by_label("Ngày kết luận"), today)
    page.get_by_label("Kết luận kiểm tra").fill("Sử dụng biểu trưng OCOP không đúng quy định.")
    page.get_by_role("button", name="Ghi kết luận").click()
    confirm(page, "Ghi kết luận")
    page.get_by_role("link", name="Ra quyết định thu hồi").click()
    page.get_by_label("Số quyết định thu hồi").fill("30/QĐ-UBND")
    _fill_date(page.get_by_label("Ngày ban hành"), today)
    page.get_by_label("Người ký").fill("Chủ tịch UBND tỉnh")
    page.get_by_label("Cơ quan ban hành").fill("UBND tỉnh")
    page.get_by_role("button", name="Thu hồi").click()
    confirm(page, "Thu hồi")
    expect(page.get_by_role("alert")).to_contain_text(f"Đã thu hồi giấy chứng nhận {chicken_certificate.number}.")
    shot("revoked")

    # the public sees it on verification
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/{chicken_certificate.public_code}/")
    expect(page.get_by_text("Đã thu hồi").first).to_be_visible()
    ux.page("public verification (revoked)")
    assert Certificate.objects.get(pk=chicken_certificate.pk).status == CertificateStatus.REVOKED
    ux.assert_clean()
