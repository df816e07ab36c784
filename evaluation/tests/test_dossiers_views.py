"""Dossier pages: persona × view matrix, query counts of the lists, autosave and conflicts, and
both frameworks' flows driven through the pages."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.enums import DossierKind, DossierState, EvidenceType, Level
from evaluation.models import AnswerOption, Criterion, CriterionCase, Dossier
from evaluation.tests.factories import DossierFactory

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import PDF_BYTES, REGISTRATION, make_complete, png_bytes, upload
from ocop_portal.testing import factories as f

PERSONAS = [
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "plain_user",
    "anonymous",
]
NAME = "Gà đồi Yên Thế"
SEES = {"province_staff": 200, "district_officer": 200, "producer": 200}
CHECKS = {"province_staff": 200, "district_officer": 200, "producer": 403}


def _row(url_name, state, expected: dict, shows_name: set, default):
    return [
        (url_name, state, p, 302 if p == "anonymous" else expected.get(p, default), p in shows_name) for p in PERSONAS
    ]


MATRIX = [
    *_row(
        "evaluation:dossier_queue",
        None,
        {"province_staff": 200, "district_officer": 200, "other_district_officer": 200},
        {"province_staff", "district_officer"},
        403,
    ),
    *_row("evaluation:dossier_mine", None, {"producer": 200, "other_producer": 200}, {"producer"}, 403),
    *_row(
        "evaluation:dossier_create",
        None,
        {p: 200 for p in PERSONAS if p not in ("plain_user", "anonymous")},
        {"province_staff", "district_officer", "producer"},
        403,
    ),
    *_row("evaluation:dossier_detail", DossierState.DRAFT, SEES, set(SEES), 404),
    *_row("evaluation:dossier_registration", DossierState.DRAFT, SEES, set(SEES), 404),
    *_row("evaluation:dossier_self_assessment", DossierState.DRAFT, SEES, set(SEES), 404),
    *_row("evaluation:dossier_evidence", DossierState.DRAFT, SEES, set(SEES), 404),
    *_row("evaluation:dossier_withdraw", DossierState.DRAFT, SEES, set(SEES), 404),
    *_row("evaluation:dossier_return", DossierState.SUBMITTED, CHECKS, {"province_staff", "district_officer"}, 404),
    *_row("evaluation:dossier_accept", DossierState.SUBMITTED, CHECKS, {"province_staff", "district_officer"}, 404),
]


@pytest.mark.parametrize(("url_name", "state", "persona_name", "expected", "shows_name"), MATRIX)
def test_dossier_pages_per_persona(url_name, state, persona_name, expected, shows_name, persona, client_for, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=state or DossierState.DRAFT)
    url = reverse(url_name, args=[dossier.pk] if state else [])
    response = client_for(persona(persona_name)).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response.url == f"{reverse('accounts:login')}?next={url}"
    else:
        assert (NAME in response.content.decode()) is shows_name


@pytest.mark.parametrize(
    ("url_name", "expected"),
    [
        ("evaluation:dossier_detail", 200),
        ("evaluation:dossier_evidence", 200),
        ("evaluation:dossier_registration", 403),
        ("evaluation:dossier_self_assessment", 403),
        ("evaluation:dossier_withdraw", 403),
    ],
)
def test_council_member_reads_but_does_not_edit(url_name, expected, client_for, council_member, dossier):
    response = client_for(council_member).get(reverse(url_name, args=[dossier.pk]))
    assert response.status_code == expected
    assert (NAME in response.content.decode()) is (expected == 200)


@pytest.mark.parametrize(
    ("url_name", "persona_name", "expected"),
    [
        ("evaluation:dossier_submit", "other_producer", 404),
        ("evaluation:dossier_submit", "plain_user", 404),
        ("evaluation:dossier_withdraw", "other_district_officer", 404),
        ("evaluation:dossier_return", "producer", 403),
        ("evaluation:dossier_accept", "producer", 403),
        ("evaluation:dossier_accept", "other_district_officer", 404),
    ],
)
def test_actions_refused(url_name, persona_name, expected, persona, client_for, dossier):
    make_complete(dossier, dossier.created_by)
    state = (
        DossierState.SUBMITTED
        if url_name in ("evaluation:dossier_return", "evaluation:dossier_accept")
        else DossierState.DRAFT
    )
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    response = client_for(persona(persona_name)).post(reverse(url_name, args=[dossier.pk]), {"reasons": "x"})
    assert response.status_code == expected
    assert Dossier.objects.get(pk=dossier.pk).state == state


def test_editing_a_submitted_dossier_redirects_with_reason(client_for, producer, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.SUBMITTED)
    response = client_for(producer).get(reverse("evaluation:dossier_registration", args=[dossier.pk]))
    assert response.url == reverse("evaluation:dossier_detail", args=[dossier.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Hồ sơ đang ở trạng thái “Đã nộp”, không thể sửa."]


# Query counts -----------------------------------------------------------------------------------


def _dossiers(count, producer_record, product_set, round_, sheet):
    for _ in range(count):
        product = f.ProductFactory(producer=producer_record, product_set=product_set)
        DossierFactory(product=product, round=round_, sheet=sheet, state=DossierState.SUBMITTED)


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


# Queue: session, user, producer membership, the user's council seats (the visibility scope), the
# count, the unread notifications, the round filter's rounds, one page of dossiers joined with only
# what the rows show (product, producer, round, district), and — when a dossier on the page waits
# for a check — the levels with a working-day clock (on "my dossiers" too: the producer sees the
# commune's clock); on the queue, when a filed dossier is on the page, the frameworks (the
# re-evaluation and Art. 12 transition clocks, services/province_clocks.py; the transitions' dates
# only for a dossier one of them may bind). "My dossiers" has no round filter.
@pytest.mark.parametrize(
    ("persona_name", "url_name", "expected"),
    [
        ("district_officer", "evaluation:dossier_queue", 10),
        ("province_staff", "evaluation:dossier_queue", 10),
        ("commune_officer", "evaluation:dossier_queue", 10),
        ("producer", "evaluation:dossier_mine", 7),
    ],
)
def test_list_query_count_does_not_grow(
    persona_name, url_name, expected, persona, client_for, producer_record, product_set, open_round, sheet
):
    client = client_for(persona(persona_name))
    url = reverse(url_name)
    _dossiers(1, producer_record, product_set, open_round, sheet)
    one, page = _queries(client, url)
    assert page.count(reverse("evaluation:dossier_detail", args=[Dossier.objects.get().pk])) == 1
    _dossiers(24, producer_record, product_set, open_round, sheet)
    many, page = _queries(client, url)
    assert (
        sum(
            page.count(reverse("evaluation:dossier_detail", args=[pk]))
            for pk in Dossier.objects.values_list("pk", flat=True)
        )
        == 25
    )
    assert (one, many) == (expected, expected)


def test_queue_filters_and_search(
    client_for, district_officer, dossier, producer_record, product_set, open_round, sheet
):
    other = DossierFactory(
        product=f.ProductFactory(producer=producer_record, product_set=product_set, name="Mật ong bạc hà"),
        round=open_round,
        sheet=sheet,
        state=DossierState.SUBMITTED,
        kind=DossierKind.UPGRADE,
    )
    client = client_for(district_officer)
    url = reverse("evaluation:dossier_queue")

    def listed(query):
        page = client.get(url, query).context["page_obj"]
        return [d.pk for d in page]

    assert listed({}) == [other.pk, dossier.pk]
    assert listed({"state": DossierState.SUBMITTED}) == [other.pk]
    assert listed({"kind": DossierKind.NEW}) == [dossier.pk]
    assert listed({"q": "mật ong"}) == [other.pk]
    assert listed({"q": "HTX Gà đồi"}) == [other.pk, dossier.pk]
    assert listed({"round": open_round.pk, "state": DossierState.DRAFT}) == [dossier.pk]


def test_queue_paginates_by_25(client_for, province_staff, producer_record, product_set, open_round, sheet):
    _dossiers(26, producer_record, product_set, open_round, sheet)
    client = client_for(province_staff)
    first = client.get(reverse("evaluation:dossier_queue")).context["page_obj"]
    second = client.get(reverse("evaluation:dossier_queue"), {"page": 2}).context["page_obj"]
    assert (len(first), len(second), first.paginator.count) == (25, 1, 26)


# Autosave and optimistic locking ----------------------------------------------------------------


def test_registration_autosave_returns_status_and_new_version(client_for, producer, dossier):
    response = client_for(producer).post(
        reverse("evaluation:dossier_registration", args=[dossier.pk]),
        {"main_markets": "Hà Nội", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đã tự động lưu lúc" in body
    assert '<input type="hidden" name="version" value="2" id="id_version" hx-swap-oob="true">' in body
    dossier.refresh_from_db()
    assert (dossier.registration["main_markets"], dossier.version) == ("Hà Nội", 2)


def test_registration_stale_save_shows_conflict_and_changes_nothing(client_for, producer, district_officer, dossier):
    client_for(district_officer).post(
        reverse("evaluation:dossier_registration", args=[dossier.pk]),
        {**REGISTRATION, "version": 1},
    )
    response = client_for(producer).post(
        reverse("evaluation:dossier_registration", args=[dossier.pk]),
        {**REGISTRATION, "main_markets": "Khác", "version": 1},
    )
    assert response.status_code == 200
    assert (
        "Hồ sơ đã được lưu bởi người khác sau khi bạn mở trang (phiên bản 1, hiện tại 2)." in response.content.decode()
    )
    dossier.refresh_from_db()
    assert (dossier.registration["main_markets"], dossier.version) == (REGISTRATION["main_markets"], 2)


def test_registration_full_save_marks_missing_required_fields(client_for, producer, dossier):
    response = client_for(producer).post(
        reverse("evaluation:dossier_registration", args=[dossier.pk]), {"main_markets": "Hà Nội", "version": 1}
    )
    form = response.context["form"]
    assert form.errors["product_description"] == ["Trường này là bắt buộc."]
    assert Dossier.objects.get(pk=dossier.pk).registration == {}


def test_self_assessment_autosave_shows_running_total(client_for, producer, dossier, sheet):
    option = AnswerOption.objects.get(criterion__sheet=sheet, criterion__code="1.1", number=3)
    response = client_for(producer).post(
        reverse("evaluation:dossier_self_assessment", args=[dossier.pk]),
        {f"criterion_{option.criterion_id}": option.pk, "version": 1},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "Đã chọn 1/3 tiêu chí" in body
    assert "Tổng điểm tự đánh giá: 20" in body
    assert list(Dossier.objects.get(pk=dossier.pk).self_assessment.values_list("option_id", flat=True)) == [option.pk]


def test_self_assessment_page_renders_whole_sheet(client_for, producer, dossier):
    body = client_for(producer).get(reverse("evaluation:dossier_self_assessment", args=[dossier.pk])).content.decode()
    assert [code in body for code in ("Tiêu chí 1.1", "Tiêu chí 4.1", "Tiêu chí 6.1")] == [True, True, True]
    assert 'hx-trigger="change delay:500ms"' in body
    assert "<script>" not in body and "style=" not in body


def test_submit_incomplete_via_page_lists_missing(client_for, producer, dossier):
    response = client_for(producer).post(reverse("evaluation:dossier_submit", args=[dossier.pk]))
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts[0] == "Chưa nộp được hồ sơ:"
    assert texts[-1] == "Minh chứng: thiếu “Hình ảnh sản phẩm”."
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.DRAFT


# Flows through the pages --------------------------------------------------------------------------


def _fill_and_submit(client, dossier, sheet):
    detail = reverse("evaluation:dossier_detail", args=[dossier.pk])
    response = client.post(
        reverse("evaluation:dossier_registration", args=[dossier.pk]), {**REGISTRATION, "version": 1}
    )
    assert response.url == detail
    answers = {
        f"criterion_{c.pk}": c.options.order_by("number").last().pk for c in Criterion.objects.filter(sheet=sheet)
    }
    response = client.post(reverse("evaluation:dossier_self_assessment", args=[dossier.pk]), {**answers, "version": 2})
    assert response.url == detail
    for kind, name, content in [
        (EvidenceType.BUSINESS_REGISTRATION, "dkkd.pdf", PDF_BYTES),
        (EvidenceType.PHOTOS, "anh.png", png_bytes()),
    ]:
        client.post(
            reverse("evaluation:dossier_evidence", args=[dossier.pk]),
            {"evidence_type": kind, "file": upload(name, content)},
        )
    response = client.post(reverse("evaluation:dossier_submit", args=[dossier.pk]))
    assert response.url == detail
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED


def test_flow_148_through_pages(client_for, producer, district_officer, product, open_round, sheet):
    client = client_for(producer)
    response = client.post(
        reverse("evaluation:dossier_create"), {"product": product.pk, "round": open_round.pk, "kind": DossierKind.NEW}
    )
    dossier = Dossier.objects.get()
    assert response.url == reverse("evaluation:dossier_detail", args=[dossier.pk])
    _fill_and_submit(client, dossier, sheet)
    officer = client_for(district_officer)
    response = officer.post(reverse("evaluation:dossier_return", args=[dossier.pk]), {"reasons": "Thiếu kiểm nghiệm"})
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.RETURNED
    client = client_for(producer)
    assert "Thiếu kiểm nghiệm" in client.get(reverse("evaluation:dossier_mine")).content.decode()
    client.post(reverse("evaluation:dossier_submit", args=[dossier.pk]))
    officer = client_for(district_officer)
    response = officer.post(reverse("evaluation:dossier_accept", args=[dossier.pk]), {"note": ""})
    dossier.refresh_from_db()
    assert (response.url, dossier.state, dossier.current_level) == (
        reverse("evaluation:dossier_detail", args=[dossier.pk]),
        DossierState.ACCEPTED,
        Level.DISTRICT,
    )
    assert list(dossier.transitions.values_list("to_state", flat=True)) == [
        DossierState.SUBMITTED,
        DossierState.RETURNED,
        DossierState.SUBMITTED,
        DossierState.ACCEPTED,
    ]


def test_flow_1489_through_pages(client_for, producer, district_officer, product, round_1489, sheet_1489):
    client = client_for(producer)
    client.post(reverse("evaluation:dossier_create"), {"product": product.pk, "round": round_1489.pk, "kind": "new"})
    dossier = Dossier.objects.get()
    assert dossier.current_level == Level.COMMUNE
    _fill_and_submit(client, dossier, sheet_1489)
    officer = client_for(district_officer)
    accept_url = reverse("evaluation:dossier_accept", args=[dossier.pk])
    page = officer.get(accept_url)
    commune = {c.code: c for c in page.context["form"].commune_criteria}
    assert sorted(commune) == ["1.1", "2.1", "3.3", "5.2"]
    response = officer.post(accept_url, {"note": ""})
    assert response.context["form"].errors["commune_" + str(commune["1.1"].pk)] == ["Trường này là bắt buộc."]
    data = {f"commune_{c.pk}": c.options.order_by("number").last().pk for c in commune.values()}
    response = officer.post(accept_url, data)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.PROVINCE)
    assert sorted(dossier.commune_assessment) == ["1.1", "2.1", "3.3", "5.2"]
    assert dossier.commune_assessment["1.1"]["points"] == "10.00"


def test_home_panels_for_officer_and_producer(client_for, district_officer, producer, dossier):
    Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.RETURNED, return_reasons="Thiếu")
    officer_panels = {
        p.title: p.count for p in client_for(district_officer).get(reverse("core:home")).context["panels"]
    }
    assert officer_panels["Hồ sơ chờ kiểm tra"] == 0
    assert officer_panels["Hồ sơ bị trả lại, chờ bổ sung"] == 1
    producer_panels = {
        p.title: (p.count, p.items) for p in client_for(producer).get(reverse("core:home")).context["panels"]
    }
    assert producer_panels["Hồ sơ của tôi"] == (1, ["1 hồ sơ bị trả lại cần bổ sung"])


def test_self_assessment_case_switch_drops_the_old_answer(client_for, producer, dossier, sheet):
    criterion = Criterion.objects.get(sheet=sheet, code="6.1")
    company = CriterionCase.objects.create(criterion=criterion, code="1", name="Doanh nghiệp, HTX", max_points=35)
    CriterionCase.objects.create(criterion=criterion, code="2", name="Hộ kinh doanh", max_points=20)
    option = AnswerOption.objects.create(criterion=criterion, case=company, number=9, text="Có", points=35)
    client = client_for(producer)
    url = reverse("evaluation:dossier_self_assessment", args=[dossier.pk])
    field, case_field = f"criterion_{criterion.pk}", f"case_{criterion.pk}"
    client.post(url, {field: option.pk, case_field: "1", "version": 1}, HTTP_HX_REQUEST="true")
    dossier.refresh_from_db()
    assert (dossier.case_choices, list(dossier.self_assessment.values_list("option_id", flat=True))) == (
        {"6.1": "1"},
        [option.pk],
    )
    response = client.post(url, {field: option.pk, case_field: "2", "version": 2}, HTTP_HX_REQUEST="true")
    assert "Đã tự động lưu lúc" in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.case_choices, dossier.self_assessment.count(), dossier.version) == ({"6.1": "2"}, 0, 3)
