"""Journey: an officer types in the registration form and presses "Lưu" while the autosave of
the previous field is still on its way back.

The autosave has already moved the dossier to the next version on the server; the page learns
the new version only from the autosave's answer. A "Lưu" sent before that answer carried the old
version and was refused as if someone else had edited the dossier, though nobody had. The page
now holds "Lưu" until the autosave has answered, then sends it with the version it returned."""

import pytest
from playwright.sync_api import expect

from ocop_portal.testing import factories as f
from ocop_portal.testing.factories import PASSWORD

from .builders import open_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_save_pressed_while_the_autosave_is_answering_is_kept_not_refused(
    page, live_server, sign_in, province, district, producer_record, district_officer
):
    from evaluation.models import Dossier
    from evaluation.tests.factories import DossierFactory
    from evaluation.tests.test_dossiers_fixtures import REGISTRATION

    round_obj = open_round(province)
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    dossier = DossierFactory(
        product=product, round=round_obj, created_by=district_officer, registration=dict(REGISTRATION)
    )
    before = dossier.version
    sign_in("officer", PASSWORD)
    url = f"{live_server.url}/evaluation/dossiers/{dossier.pk}/registration/"

    held = []  # the autosave, answered by the server, its answer not yet given to the page

    def hold_autosave(route):
        if route.request.method == "POST" and route.request.headers.get("hx-request"):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(url, hold_autosave)
    page.goto(url)
    page.get_by_label("Mô tả sản phẩm").fill("Gà thả đồi, nuôi 6 tháng")
    page.get_by_label("Mô tả sản phẩm").blur()
    while not held:  # the autosave reached the server and was saved there
        page.wait_for_timeout(50)
    dossier.refresh_from_db()
    assert (dossier.version, dossier.registration["product_description"]) == (before + 1, "Gà thả đồi, nuôi 6 tháng")

    page.get_by_label("Quy mô, công suất sản xuất").fill("5.000 con/năm")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_timeout(300)
    route, response = held.pop()
    route.fulfill(response=response)  # the autosave's answer arrives after "Lưu" was pressed

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu phiếu đăng ký.")
    saved = Dossier.objects.get(pk=dossier.pk)
    assert saved.registration["product_description"] == "Gà thả đồi, nuôi 6 tháng"
    assert saved.registration["production_capacity"] == "5.000 con/năm"
    assert saved.version == before + 2
