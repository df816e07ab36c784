"""The commune step under QĐ 26/2026 (Art. 7.2): the commune officer checks completeness (returns
with reasons, or accepts), writes form 03 (four narrative topics, no points) and sends the request
to the province; the 15-working-day clock from receipt on every queue, with reminders, pinned
across Tết 2026 and 30/4–1/5."""

import datetime

import pytest
import rest_framework.throttling  # noqa: F401 — see below
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import Textarea
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import DossierState, Level
from evaluation.forms.filing import Form03
from evaluation.models import Dossier, DossierForms
from evaluation.services.clocks import clock_reminders
from evaluation.services.dossiers import dossier_accept, dossier_return, dossier_submit
from evaluation.services.filing import filing_save_form03

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import load_framework, make_complete
from ocop_portal.core.models import Notification
from ocop_portal.testing import factories as f

from .factories import DossierFactory, RoundFactory, build_sheet
from .test_filing import pdf_text

pytestmark = pytest.mark.django_db
# DRF's throttles bind `time.time` when rest_framework.throttling is first imported; the first URL
# reversal of a worker imports it, and here that may happen under freeze_time (a submission's
# notification reverses a URL), leaving a frozen clock in every later API throttle of the worker.
# Importing it with the test module keeps the real clock.
D = datetime.date

FORM03 = {
    "local_materials": "Gà giống và ngô nuôi gà mua của 40 hộ trong xã.",
    "local_labour": "12 lao động thường xuyên, đều cư trú tại xã.",
    "idea_origin": "Sản phẩm truyền thống của vùng đồi Yên Thế.",
    "local_identity": "Nuôi thả đồi theo kinh nghiệm lâu đời của đồng bào địa phương.",
}


@pytest.fixture
def round_26(province, product_set):
    framework = load_framework("26/2026")
    build_sheet(framework_obj=framework, product_set=product_set)
    return RoundFactory(framework=framework, province=province, year=2026, number=4)


def _filed(product, round_26, producer, when="2026-02-06 02:00"):
    """Submitted by the producer at `when` (UTC; 09:00 in Vietnam)."""
    dossier = make_complete(
        DossierFactory(product=product, round=round_26, current_level=Level.COMMUNE, created_by=producer), producer
    )
    with freeze_time(when):
        dossier_submit(dossier=dossier, by=producer)
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def filed(product, round_26, producer):
    return _filed(product, round_26, producer)


# Completeness, form 03, the request to the province ------------------------------------------------


def test_form_03_is_text_not_points():
    fields = Form03().fields
    assert [name for name, field in fields.items() if not isinstance(field.widget, Textarea)] == []
    assert list(fields) == [*FORM03, "note"]


def test_accepting_needs_form_03(filed, commune_officer):
    with pytest.raises(ValidationError) as caught:
        dossier_accept(dossier=filed, by=commune_officer)
    assert caught.value.messages == [
        "Mẫu số 03: chưa viết “1. Về sử dụng nguyên liệu địa phương”.",
        "Mẫu số 03: chưa viết “2. Về sử dụng lao động địa phương”.",
        "Mẫu số 03: chưa viết “3. Nguồn gốc ý tưởng sản phẩm”.",
        "Mẫu số 03: chưa viết “4. Bản sắc/trí tuệ địa phương”.",
    ]
    assert Dossier.objects.get(pk=filed.pk).state == DossierState.SUBMITTED


def test_the_commune_writes_form_03_and_sends_the_request(filed, commune_officer, client_for, province_staff):
    client = client_for(commune_officer)
    url = reverse("evaluation:dossier_accept", args=[filed.pk])
    page = client.get(url).content.decode()
    assert "Mẫu số 03" in page and "4. Bản sắc/trí tuệ địa phương" in page
    response = client.post(url, {**FORM03, "note": "Hồ sơ đủ thành phần"})
    assert response.status_code == 302
    dossier = Dossier.objects.get(pk=filed.pk)
    assert (dossier.state, dossier.current_level, dossier.commune_assessment) == (
        DossierState.FORWARDED,
        Level.PROVINCE,
        {},
    )
    forms = DossierForms.objects.get(dossier=filed)
    assert (forms.form03, forms.form03_by) == (FORM03, commune_officer)
    assert Notification.objects.filter(recipient=province_staff).exists()


def test_a_half_written_form_03_is_kept_as_a_draft(filed, commune_officer, client_for):
    client = client_for(commune_officer)
    url = reverse("evaluation:dossier_accept", args=[filed.pk])
    client.post(url, {"local_materials": FORM03["local_materials"], "save_draft": "1"})
    assert DossierForms.objects.get(dossier=filed).form03["local_materials"] == FORM03["local_materials"]
    assert Dossier.objects.get(pk=filed.pk).state == DossierState.SUBMITTED
    response = client.post(url, {"local_materials": FORM03["local_materials"]})
    assert "Trường này là bắt buộc." in response.content.decode()
    assert Dossier.objects.get(pk=filed.pk).state == DossierState.SUBMITTED


def test_form_03_over_its_length_is_refused(filed, commune_officer, client_for):
    response = client_for(commune_officer).post(
        reverse("evaluation:dossier_accept", args=[filed.pk]), {**FORM03, "local_labour": "x" * 5001}
    )
    assert "tối đa 5000 ký tự" in response.content.decode() or "5000" in response.content.decode()
    assert DossierForms.objects.get(dossier=filed).form03 == {}


def test_form_03_pdf(filed, commune_officer, province, client_for, producer):
    filing_save_form03(dossier=filed, data=FORM03, by=commune_officer)
    dossier_accept(dossier=filed, by=commune_officer)
    response = client_for(producer).get(reverse("evaluation:dossier_form03_pdf", args=[filed.pk]))
    text = pdf_text(response.content)
    for expected in (
        "ỦY BAN NHÂN DÂN XÃ ĐỒNG TIẾN",
        "BÁO CÁO",
        "Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP",
        "1. Tên chủ thể: HTX Gà đồi Yên Thế",
        "Giới tính: Nữ",
        "1. Về sử dụng nguyên liệu địa phương: Gà giống và ngô nuôi gà mua của 40 hộ trong xã.",
        "4. Bản sắc/trí tuệ địa phương: Nuôi thả đồi",
        f"đề nghị Ủy ban nhân dân {province.name} đánh giá, phân hạng sản phẩm “Gà đồi Yên Thế”",
        "T.M ỦY BAN NHÂN DÂN XÃ ĐỒNG TIẾN",
    ):
        assert expected in text, expected


def test_the_commune_returns_with_reasons_and_the_producer_refiles(filed, commune_officer, producer, client_for):
    response = client_for(commune_officer).post(
        reverse("evaluation:dossier_return", args=[filed.pk]), {"reasons": "Thiếu phiếu kiểm nghiệm vi sinh"}
    )
    assert response.status_code == 302
    page = client_for(producer).get(reverse("evaluation:dossier_mine")).content.decode()
    assert "Thiếu phiếu kiểm nghiệm vi sinh" in page
    dossier_submit(dossier=Dossier.objects.get(pk=filed.pk), by=producer)
    assert Dossier.objects.get(pk=filed.pk).submitted_copies.count() == 2


def test_only_the_commune_of_the_product_does_the_step(
    filed, other_commune_officer, producer, district_officer, client_for
):
    url = reverse("evaluation:dossier_accept", args=[filed.pk])
    assert client_for(other_commune_officer).get(url).status_code == 404
    assert client_for(producer).get(url).status_code == 403
    with pytest.raises(Exception):  # noqa: B017 — PermissionDenied from the rule
        filing_save_form03(dossier=filed, data=FORM03, by=producer)
    assert DossierForms.objects.get(dossier=filed).form03 == {}


def test_a_dossier_at_the_province_cannot_be_returned_by_the_commune(filed, commune_officer):
    filing_save_form03(dossier=filed, data=FORM03, by=commune_officer)
    dossier_accept(dossier=filed, by=commune_officer)
    with pytest.raises(Exception):  # noqa: B017 — PermissionDenied: the commune's step is over
        dossier_return(dossier=Dossier.objects.get(pk=filed.pk), by=commune_officer, reasons="muộn")


# The 15-working-day clock ----------------------------------------------------------------------------


# Received Fri 06/02/2026: Tết is Mon 16 – Fri 20/02, so day 15 is Fri 06/03 and day 16 Mon 09/03.
@pytest.mark.parametrize(
    ("today", "shown"),
    [
        ("2026-03-02", 'data-clock="running">còn 4 ngày làm việc (hạn 06/03/2026)'),
        ("2026-03-03", 'data-clock="warn">còn 3 ngày làm việc (hạn 06/03/2026)'),
        ("2026-03-06", 'data-clock="warn">còn 0 ngày làm việc (hạn 06/03/2026)'),
        ("2026-03-09", 'data-clock="overdue">quá hạn kiểm tra (06/03/2026)'),
    ],
)
def test_the_clock_across_tet_on_every_queue(
    filed, commune_officer, producer, province_staff, client_for, today, shown
):
    with freeze_time(f"{today} 03:00"):
        for user, page in (
            (commune_officer, "evaluation:dossier_queue"),
            (province_staff, "evaluation:dossier_queue"),
            (producer, "evaluation:dossier_mine"),
        ):
            assert shown in client_for(user).get(reverse(page)).content.decode(), (user, page)


@pytest.mark.parametrize(
    ("when", "today", "sent"),
    [
        # across Tết 2026 (received Fri 06/02): warned 3 working days before, and on day 15
        ("2026-02-06 02:00", "2026-03-02", 0),
        ("2026-02-06 02:00", "2026-03-03", 1),
        ("2026-02-06 02:00", "2026-03-04", 0),
        ("2026-02-06 02:00", "2026-03-06", 1),
        ("2026-02-06 02:00", "2026-03-09", 0),
        # across 27/4 (Hùng Kings, observed) and 30/4–1/5 (received Mon 20/04): day 15 is Thu 14/05
        ("2026-04-20 02:00", "2026-05-11", 1),
        ("2026-04-20 02:00", "2026-05-14", 1),
        ("2026-04-20 02:00", "2026-05-15", 0),
    ],
)
def test_the_commune_officer_is_reminded(
    product, round_26, producer, commune_officer, other_commune_officer, when, today, sent
):
    _filed(product, round_26, producer, when=when)
    assert clock_reminders(D.fromisoformat(today)) == sent
    assert (
        Notification.objects.filter(recipient=commune_officer, subject__contains="ngày làm việc").count()
        + (Notification.objects.filter(recipient=commune_officer, subject__contains="hạn cuối").count())
        == sent
    )
    assert not Notification.objects.filter(recipient=other_commune_officer).exists()


def test_the_producer_list_queries_do_not_grow_with_clocks(product, round_26, producer, client_for):
    client = client_for(producer)
    _filed(product, round_26, producer)
    client.get(reverse("evaluation:dossier_mine"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("evaluation:dossier_mine"))
    for n in range(5):
        other = f.ProductFactory(producer=product.producer, product_set=product.product_set, name=f"Sản phẩm {n}")
        _filed(other, round_26, producer)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("evaluation:dossier_mine"))
    assert len(six) == len(one)
