"""Every council, scorecard and decision page × every persona; the minutes PDF's text; query
counts of the work list and the scorecard page at two sizes."""

import datetime
import subprocess
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation.enums import AssignmentState, Level
from evaluation.models import ConflictDeclaration, Scorecard
from evaluation.pdf.minutes import minutes_docx, minutes_number, minutes_pdf
from evaluation.services.councils import assignment_close, conflict_declare, council_assign
from evaluation.services.decisions import decision_record
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory, build_sheet
from evaluation.tests.test_councils import P55, P85, make_council, score
from ocop_portal.core.docx import RECORD_NOTICE, docx_text
from ocop_portal.core.official import date_line, place_name
from ocop_portal.testing import factories as f

PERSONAS = [
    "council_member",
    "plain_user",
    "chair",
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "anonymous",
]


def _dossier(product, officer):
    dossier = DossierFactory(product=product)
    dossier_transition(dossier, "submitted", by=officer)
    dossier_transition(dossier, "accepted", by=officer)
    return dossier


@pytest.fixture
def scene(province, district, producer_record, district_officer):
    """A district council with a decided dossier (closed, 3★) and one still being scored."""
    council, (chair, vice, seat, _fourth) = make_council(
        province=province, jurisdiction=district, name="Hội đồng OCOP huyện Yên Thế"
    )
    decided = _dossier(f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế"), district_officer)
    scoring_now = _dossier(f.ProductFactory(producer=producer_record, name="Mật ong Yên Thế"), district_officer)
    closed, open_ = council_assign(council=council, dossiers=[decided, scoring_now], by=district_officer)
    for member in (chair, vice, seat):
        score(closed, member, P55)
    assignment_close(assignment=closed, by=chair.user)
    decision = decision_record(
        province=province,
        issuer_unit=district,
        level=Level.DISTRICT,
        number="77/QĐ-UBND",
        date=datetime.date(2026, 7, 10),
        signer="Trần Văn Ký",
        authority="UBND huyện Yên Thế",
        items=[(decided, 3)],
        by=district_officer,
    )
    score(open_, chair, P85)
    score(open_, vice, P85)
    return {
        "council": council,
        "chair": chair,
        "seat": seat,
        "closed": closed,
        "open": open_,
        "decision": decision,
        "decided": decided,
    }


@pytest.fixture
def council_member(scene):
    return scene["seat"].user


@pytest.fixture
def chair(scene):
    return scene["chair"].user


def _url(name, scene):
    args = {
        "council_work_list": [],
        "council_list": [],
        "council_create": [],
        "council_detail": [scene["council"].pk],
        "council_member_add": [scene["council"].pk],
        "council_assign": [scene["council"].pk],
        "assignment_detail": [scene["open"].pk],
        "conflict_declare": [scene["open"].pk],
        "scorecard": [scene["open"].pk],
        "assignment_result": [scene["closed"].pk],
        "assignment_minutes": [scene["closed"].pk],
        "assignment_close": [scene["open"].pk],
        "scorecard_submit": [scene["open"].pk],
        "decision_list": [],
        "decision_create": [],
        "decision_detail": [scene["decision"].pk],
        "decision_pdf": [scene["decision"].pk],
        "dossier_gap_report": [scene["decided"].pk],
    }[name]
    return reverse(f"evaluation:{name}", args=args)


# Expected answer per persona, in PERSONAS order; 302 for anonymous is the sign-in redirect.
MATRIX = {
    # (method, view): (member, plain, chair, staff, officer, other officer, producer, anonymous)
    ("get", "council_work_list"): (200, 200, 200, 200, 200, 200, 200, 302),
    ("get", "council_list"): (200, 200, 200, 200, 200, 200, 200, 302),
    ("get", "council_create"): (403, 403, 403, 200, 200, 200, 403, 302),
    ("get", "council_detail"): (200, 404, 200, 200, 200, 404, 404, 302),
    ("get", "council_member_add"): (403, 404, 403, 200, 200, 404, 404, 302),
    ("get", "council_assign"): (403, 404, 403, 200, 200, 404, 404, 302),
    ("get", "assignment_detail"): (200, 404, 200, 200, 200, 404, 404, 302),
    ("get", "conflict_declare"): (200, 404, 302, 403, 403, 404, 404, 302),
    ("get", "scorecard"): (302, 404, 200, 403, 403, 404, 404, 302),
    ("get", "assignment_result"): (200, 404, 200, 200, 200, 404, 404, 302),
    ("get", "assignment_minutes"): (200, 404, 200, 200, 200, 404, 404, 302),
    ("get", "decision_list"): (403, 403, 403, 200, 200, 200, 403, 302),
    ("get", "decision_create"): (403, 403, 403, 200, 200, 200, 403, 302),
    ("get", "decision_detail"): (403, 403, 403, 200, 200, 404, 403, 302),
    ("get", "decision_pdf"): (403, 403, 403, 200, 200, 404, 403, 302),
    ("get", "dossier_gap_report"): (200, 404, 200, 200, 200, 404, 200, 302),
    # the writes last, so the pages above see the scene unchanged
    ("post", "scorecard_submit"): (403, 404, 302, 403, 403, 404, 404, 302),
    ("post", "assignment_close"): (403, 404, 302, 302, 302, 404, 404, 302),
}

# What a page shows when it answers 200 (a word proving it rendered the right thing).
SHOWS = {
    "council_create": "Lập Hội đồng",
    "council_detail": "Hội đồng OCOP huyện Yên Thế",
    "council_member_add": "Thêm thành viên",
    "council_assign": "Trình hồ sơ",
    "assignment_detail": "Mật ong Yên Thế",
    "conflict_declare": "Khai báo xung đột lợi ích",
    "scorecard": "Tiêu chí 1.1",
    "assignment_result": "55,00",
    "decision_list": "77/QĐ-UBND",
    "decision_create": "Ghi nhận quyết định công nhận",
    "decision_detail": "Gà đồi Yên Thế",
    "dossier_gap_report": "Để đạt 4 sao cần tối thiểu 70",
}


PDF_VIEWS = ("assignment_minutes", "decision_pdf")


@pytest.mark.parametrize("who", PERSONAS)
def test_view_matrix(scene, persona, client_for, who):
    """Every view for one persona: the answers as a whole, then what each 200 page shows."""
    client = client_for(persona(who))
    expected, answered, shown = {}, {}, {}
    for (method, name), statuses in MATRIX.items():
        response = getattr(client, method)(_url(name, scene))
        expected[name] = statuses[PERSONAS.index(who)]
        answered[name] = response.status_code
        if response.status_code == 302 and who == "anonymous":
            assert response["Location"].startswith(reverse("accounts:login"))
        if response.status_code == 200 and name in SHOWS:
            shown[name] = SHOWS[name] in response.content.decode()
        if response.status_code == 200 and name in PDF_VIEWS:
            shown[name] = response["Content-Type"] == "application/pdf"
    assert answered == expected
    # another district's officer may open the decision list but sees none of this district's
    assert shown == {name: not (who == "other_district_officer" and name == "decision_list") for name in shown}
    assert len(shown) == sum(
        1 for name, status in expected.items() if status == 200 and (name in SHOWS or name in PDF_VIEWS)
    )


def test_council_list_shows_only_visible_councils(scene, client_for, other_district_officer, council_member):
    name = "Hội đồng OCOP huyện Yên Thế"
    assert name in client_for(council_member).get(reverse("evaluation:council_list")).content.decode()
    assert name not in client_for(other_district_officer).get(reverse("evaluation:council_list")).content.decode()


def test_work_list_shows_my_pending_assignment(scene, client_for, council_member, chair):
    page = client_for(council_member).get(reverse("evaluation:council_work_list")).content.decode()
    closed_link = reverse("evaluation:assignment_detail", args=[scene["closed"].pk])
    assert ("Mật ong Yên Thế" in page, "Khai báo xung đột lợi ích" in page, f'"{closed_link}"' in page) == (
        True,
        True,
        False,
    )
    assert "Đã nộp phiếu" in client_for(chair).get(reverse("evaluation:council_work_list")).content.decode()


def test_assignment_detail_hides_other_members_scores_until_close(scene, client_for, chair, council_member):
    page = client_for(council_member).get(_url("assignment_detail", scene)).content.decode()
    assert scene["chair"].user.display_name not in page
    closed = client_for(council_member).get(reverse("evaluation:assignment_detail", args=[scene["closed"].pk]))
    assert scene["chair"].user.display_name in closed.content.decode()


def test_declare_then_autosave_then_submit_through_the_pages(scene, client_for, council_member):
    client = client_for(council_member)
    assignment = scene["open"]
    response = client.post(_url("conflict_declare", scene), {"has_conflict": "no", "reason": ""})
    assert response["Location"] == reverse("evaluation:scorecard", args=[assignment.pk])
    page = client.get(response["Location"])
    criteria = page.context["rows"]
    criterion = criteria[0][0]
    option = next(o for o in criterion.options if o.points == D(20))
    url = reverse("evaluation:scorecard_answer", args=[assignment.pk, criterion.id])
    fragment = client.post(url, {"option": option.id, "comment": ""}, HTTP_HX_REQUEST="true")
    assert "Đã lưu: 20" in fragment.content.decode()
    assert "Cần ghi nhận xét" in fragment.content.decode()
    fragment = client.post(url, {"option": option.id, "comment": "Chưa có HACCP"}, HTTP_HX_REQUEST="true")
    card = Scorecard.objects.get(assignment=assignment, member=scene["seat"])
    assert list(card.answers.values_list("points", "comment")) == [(D("20.00"), "Chưa có HACCP")]
    refused = client.post(_url("scorecard_submit", scene))
    assert refused.status_code == 302
    card.refresh_from_db()
    assert card.state == "draft"


def test_recused_member_is_sent_back_from_the_scorecard(scene, client_for, council_member):
    client = client_for(council_member)
    client.post(_url("conflict_declare", scene), {"has_conflict": "yes", "reason": "Thân nhân"})
    assert ConflictDeclaration.objects.get(member=scene["seat"], assignment=scene["open"]).has_conflict is True
    assert client.get(_url("scorecard", scene)).status_code == 403


def test_close_through_the_page(scene, client_for, chair):
    score(scene["open"], scene["seat"], P85)
    response = client_for(chair).post(_url("assignment_close", scene))
    scene["open"].refresh_from_db()
    assert (response["Location"], scene["open"].state, scene["open"].mean_score) == (
        reverse("evaluation:assignment_result", args=[scene["open"].pk]),
        AssignmentState.CLOSED,
        D("85.00"),
    )


def _pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text with whitespace normalised (pdftotext from poppler-utils)."""
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(output.stdout.split())


def test_minutes_pdf_text(scene, client_for, chair, tmp_path):
    closed = scene["closed"]
    text = _pdf_text(client_for(chair).get(_url("assignment_minutes", scene)).content, tmp_path)
    names = [row["name"] for row in closed.result["members"] if row["present"]]
    assert all(name in text for name in names)
    assert "BIÊN BẢN Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP" in text
    assert "Điểm bình quân: 55,00" in text
    assert "Hạng sao: 3 sao" in text
    assert "Kiến nghị: Công nhận tại cấp này (Cấp huyện)" in text
    assert f"{names[0]} Chủ tịch Hội đồng 55,00 — 55,00" in text


def test_minutes_show_recusals_revisions_and_gate_failures(province, district, commune, district_officer, tmp_path):
    council, (c_chair, vice, m1, m2) = make_council(province=province, jurisdiction=district)
    dossier = _dossier(f.ProductFactory(producer=f.ProducerFactory(commune=commune)), district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    conflict_declare(assignment=assignment, member=m2, has_conflict=True, reason="Cùng thôn", by=m2.user)
    score(assignment, c_chair, {"1.1": 40, "4.1": 25, "6.1": 0})
    score(assignment, vice, {"1.1": 40, "4.1": 25, "6.1": 0})
    score(assignment, m1, {"1.1": 10, "4.1": 15, "6.1": 0})
    assignment_close(assignment=assignment, by=c_chair.user)
    score(assignment, m1, {"1.1": 40, "4.1": 15, "6.1": 0})
    assignment_close(assignment=assignment, by=c_chair.user)
    text = _pdf_text(minutes_pdf(assignment), tmp_path)
    assert f"{m1.user.display_name} Thành viên 25,00 55,00 55,00" in text
    assert f"{m2.user.display_name}: Cùng thôn" in text
    assert "Điểm bình quân: 61,67" in text
    assert "6.1 Tiêu chí 6.1: 0,00 / cần 5,00 (3 sao)" in text
    assert "Hạng sao: 2 sao (không được công nhận)" in text


def test_minutes_are_an_official_record_and_name_members_who_did_not_submit(
    province, district, commune, district_officer, tmp_path
):
    council, (c_chair, vice, m1, m2) = make_council(province=province, jurisdiction=district)
    dossier = _dossier(f.ProductFactory(producer=f.ProducerFactory(commune=commune)), district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    for member in (c_chair, vice, m1):  # 3 of 4: quorum, m2 never submits
        score(assignment, member, P55)
    assignment_close(assignment=assignment, by=c_chair.user)
    assignment.refresh_from_db()

    text = _pdf_text(minutes_pdf(assignment), tmp_path)

    assert f"UBND {district.name.upper()}" in text
    assert council.name.upper() in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 01/BB-HĐ" in text  # the council's first meeting closed this year
    assert date_line(place_name(district.name), timezone.localdate(assignment.closed_at)) in text
    absent = text.split("Thành viên không nộp phiếu chấm")[1].split("Kết quả")[0]
    assert f"{m2.user.display_name} (Thành viên)" in absent
    assert c_chair.user.display_name not in absent
    # The signatures: the secretary's place and the presiding member's, with the chair's name.
    assert f"THƯ KÝ CHỦ TỊCH HỘI ĐỒNG {c_chair.user.display_name}" in text
    # The Word twin says the same, and that the PDF is the record.
    word = docx_text(minutes_docx(assignment))
    assert word.startswith(RECORD_NOTICE)
    assert "Số: 01/BB-HĐ" in word
    assert date_line(place_name(district.name), timezone.localdate(assignment.closed_at)) in word
    assert f"Thành viên không nộp phiếu chấm - {m2.user.display_name} (Thành viên)" in word
    assert f"THƯ KÝ CHỦ TỊCH HỘI ĐỒNG {c_chair.user.display_name}" in word
    # The council's next meeting closed takes the next number; the first keeps its own.
    later = _dossier(f.ProductFactory(producer=f.ProducerFactory(commune=commune)), district_officer)
    second = council_assign(council=council, dossiers=[later], by=district_officer)[0]
    for member in (c_chair, vice, m1):
        score(second, member, P55)
    assignment_close(assignment=second, by=c_chair.user)
    second.refresh_from_db()
    assert (minutes_number(assignment), minutes_number(second)) == ("01/BB-HĐ", "02/BB-HĐ")
    assert "Số: 02/BB-HĐ" in docx_text(minutes_docx(second))


def test_decision_pdf_is_an_official_document_listing_its_products(scene, client_for, province_staff, tmp_path):
    decision = scene["decision"]
    items = list(decision.items.select_related("dossier__product__producer"))

    text = _pdf_text(client_for(province_staff).get(_url("decision_pdf", scene)).content, tmp_path)

    unit = decision.issuer_unit.name
    assert f"ỦY BAN NHÂN DÂN {unit.upper()}" in text
    assert f"Số: {decision.number}" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert date_line(place_name(unit), decision.date) in text
    assert f"QUYẾT ĐỊNH Về việc công nhận sản phẩm đạt tiêu chuẩn OCOP năm {decision.date.year}" in text
    assert f"Điều 1. Công nhận {len(items)} sản phẩm đạt tiêu chuẩn OCOP" in text
    assert all(item.dossier.product.name in text for item in items)
    assert "Nơi nhận: - Như Điều 3; - Sở Nông nghiệp và Môi trường; - Lưu: VT." in text
    word = client_for(province_staff).get(_url("decision_pdf", scene), {"format": "docx"})
    assert word["Content-Disposition"] == f'attachment; filename="quyet-dinh-{decision.pk}.docx"'
    word_text = docx_text(word.content)
    assert word_text.startswith(RECORD_NOTICE)
    assert f"Số: {decision.number}" in word_text
    assert date_line(place_name(unit), decision.date) in word_text
    assert all(item.dossier.product.name in word_text for item in items)
    # Signed on the committee's behalf by the chairman when the decision records no other title.
    assert f"TM. ỦY BAN NHÂN DÂN CHỦ TỊCH {decision.signer}" in word_text
    assert (
        text.index(decision.signer) > text.index("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH") > text.index("Điều 3. Quyết định này")
    )
    # A vice-chairman signs for the chairman: the title lines the decision records (NĐ 30/2020).
    decision.signer_title = "KT. Chủ tịch / Phó Chủ tịch"
    decision.save(update_fields=["signer_title"])
    text = _pdf_text(client_for(province_staff).get(_url("decision_pdf", scene)).content, tmp_path)
    word_text = docx_text(client_for(province_staff).get(_url("decision_pdf", scene), {"format": "docx"}).content)
    assert f"TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH {decision.signer}" in word_text
    assert text.index(decision.signer) > text.index("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH")


# --- query counts ---------------------------------------------------------------------------------


def _work_list_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("evaluation:council_work_list"))
    assert response.status_code == 200
    return len(captured), response.context["assignments"]


def test_work_list_query_count_is_flat(province, district, commune, district_officer, client_for):
    council, members = make_council(province=province, jurisdiction=district)
    user = members[2].user
    client = client_for(user)
    dossiers = [_dossier(f.ProductFactory(producer=f.ProducerFactory(commune=commune)), district_officer)]
    council_assign(council=council, dossiers=dossiers, by=district_officer)
    small, rows = _work_list_queries(client)
    assert len(rows) == 1
    more = [
        _dossier(f.ProductFactory(producer=f.ProducerFactory(commune=commune)), district_officer) for _ in range(24)
    ]
    assignments = council_assign(council=council, dossiers=more, by=district_officer)
    score(assignments[0], members[2], P55, submit=False)
    large, rows = _work_list_queries(client)
    assert (len(rows), large) == (25, small)


def _sheet_spec(count):
    """A published sheet with `count` criteria that still adds up to 40 / 25 / 35."""
    spec = [("A", 1, "1.1", [(0, None), (10, 3), (20, 4), (40 - (count - 3), None)])]
    spec += [("A", 2, f"2.{n}", [(0, None), (1, None)]) for n in range(1, count - 2)]
    spec += [("B", 4, "4.1", [(0, None), (25, None)]), ("C", 6, "6.1", [(0, None), (5, 3), (35, None)])]
    return spec


def _scoring_on_a_sheet_of(size, province, district, commune, officer):
    """A published sheet of `size` criteria, a dossier on it assigned to a new council, and a
    member who has scored it in draft: (sheet, assignment, member)."""
    product_set = f.ProductSetFactory(code=f"{size:02d}", name=f"Bộ {size}")
    sheet = build_sheet(product_set=product_set, spec=_sheet_spec(size))
    council, members = make_council(province=province, jurisdiction=district)
    product = f.ProductFactory(producer=f.ProducerFactory(commune=commune), product_set=product_set)
    assignment = council_assign(council=council, dossiers=[_dossier_on(product, sheet, officer)], by=officer)[0]
    score(assignment, members[2], submit=False)
    return sheet, assignment, members[2]


def _scorecard_queries(client, assignment):
    url = reverse("evaluation:scorecard", args=[assignment.pk])
    client.get(url)  # the first visit creates the draft card
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["rows"])


def test_scorecard_page_query_count_does_not_grow(province, district, commune, district_officer, client_for):
    measured = {}
    for size in (3, 25):
        _sheet, assignment, member = _scoring_on_a_sheet_of(size, province, district, commune, district_officer)
        measured[size] = _scorecard_queries(client_for(member.user), assignment)
    # the page shows every part: 3 criteria on the small sheet and 25 on the large one, with the
    # same queries:
    # session, user, assignment, seat, card, answers, evidence, the producer's self-assessment, the
    # next dossier to score, the unread-notification count of the layout (the published sheet's
    # rows are kept by the process since the scoring); the declaration is read only when there is
    # no card yet
    assert (measured[3][1], measured[25][1], measured[3][0], measured[25][0]) == (3, 25, 10, 10)


def _autosave_queries(client, assignment, criterion, option):
    url = reverse("evaluation:scorecard_answer", args=[assignment.pk, criterion.id])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"option": option.id, "comment": "Thiếu nhãn"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_autosave_query_count_does_not_grow(province, district, commune, district_officer, client_for):
    """One answer costs the same queries on a 3- and a 25-criterion sheet: no per-criterion work."""
    measured = {}
    for size in (3, 25):
        sheet, assignment, member = _scoring_on_a_sheet_of(size, province, district, commune, district_officer)
        criterion = sheet.criteria.get(code="1.1")
        option = criterion.options.get(number=2)
        measured[size] = _autosave_queries(client_for(member.user), assignment, criterion, option)
    # session, user, assignment, seat, declaration, card (the published sheet's rows are kept by
    # the process since the scoring), then in the transaction: the card's lock, the upsert, the
    # total's SUM, the card's update (plus BEGIN/COMMIT), and the answers for the progress shown
    assert measured[3][0] == measured[25][0] == 13
    assert "Đã lưu: 10" in measured[25][1]
    assert "Đã chấm 25/25 tiêu chí" in measured[25][1]


def _dossier_on(product, sheet, officer):
    dossier = DossierFactory(product=product, sheet=sheet)
    dossier_transition(dossier, "submitted", by=officer)
    dossier_transition(dossier, "accepted", by=officer)
    return dossier


def test_opening_the_scorecard_page_creates_nothing(scene, client_for, council_member):
    """Issue 18, Also: a GET created a draft and an audit entry; creating belongs to a POST."""
    from ocop_portal.core.models import AuditEntry

    assignment = scene["open"]
    ConflictDeclaration.objects.create(assignment=assignment, member=scene["seat"], has_conflict=False)
    client = client_for(council_member)
    audit_before = AuditEntry.objects.count()

    page = client.get(_url("scorecard", scene))

    assert (page.status_code, "Mở phiếu chấm" in page.content.decode()) == (200, True)
    assert not Scorecard.objects.filter(assignment=assignment, member=scene["seat"]).exists()
    assert AuditEntry.objects.count() == audit_before
    opened = client.post(_url("scorecard", scene))
    assert opened["Location"] == _url("scorecard", scene)
    assert Scorecard.objects.filter(assignment=assignment, member=scene["seat"]).count() == 1
    assert client.get(_url("scorecard", scene)).context["card"].member == scene["seat"]


def test_declaring_no_conflict_opens_the_draft(scene, client_for, council_member):
    client = client_for(council_member)
    client.post(_url("conflict_declare", scene), {"has_conflict": "no", "reason": ""})
    assert Scorecard.objects.filter(assignment=scene["open"], member=scene["seat"]).count() == 1
