"""The score sheet reads (docs/mutation.md): who sees which drafts (the national role the shared
ones, a province's staff their province's corrections, never another province's), the list's
filters and order, the sheet page's tree in sheet order, and which sheet a dossier is scored on:
the province's own correction, then the shared sheet, under the round's framework, then the one
whose product sets it shares."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from evaluation.enums import SheetState
from evaluation.models import AnswerOption, Criterion, CriterionCase, Framework, ScoreSheet
from evaluation.selectors.sheets import (
    evaluable_product_sets,
    framework_rows,
    published_sheet_for,
    sheet_for_page,
    sheet_rows,
    sheet_versions,
    sheets_visible_to,
)
from evaluation.tests.factories import RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_ninh():
    return f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")


@pytest.fixture
def bac_ninh_staff(bac_ninh):
    return f.UserFactory(username="staff-bn", staff_province=bac_ninh)


def _sheet(product_set, version, state, province=None, framework_obj=None):
    """A sheet built as a draft, then given its scope and state (one published per scope)."""
    sheet = build_sheet(framework_obj=framework_obj, product_set=product_set, version=version, state=SheetState.DRAFT)
    ScoreSheet.objects.filter(pk=sheet.pk).update(province=province, state=state)
    sheet.refresh_from_db()
    return sheet


@pytest.fixture
def sheets(province, bac_ninh):
    """Set 01: shared v1 retired, v2 published, v3 draft; this province's correction v4 (a draft),
    Bắc Ninh's v5 (published). Set 02 under QĐ 26/2026: shared v1 published."""
    rau = f.ProductSetFactory(code="01", name="Rau, củ, quả, hạt tươi")
    che = f.ProductSetFactory(code="02", name="Chè tươi, chè chế biến")
    return {
        "retired": _sheet(rau, 1, SheetState.RETIRED),
        "published": _sheet(rau, 2, SheetState.PUBLISHED),
        "draft": _sheet(rau, 3, SheetState.DRAFT),
        "ours": _sheet(rau, 4, SheetState.DRAFT, province),
        "theirs": _sheet(rau, 5, SheetState.PUBLISHED, bac_ninh),
        "che": _sheet(che, 1, SheetState.PUBLISHED, framework_obj=load_framework("26/2026")),
    }


def _keys(sheets, queryset):
    names = {s.pk: name for name, s in sheets.items()}
    return [names[s.pk] for s in queryset]


def test_each_role_sees_the_settled_sheets_and_the_drafts_it_edits(
    sheets, province_staff, bac_ninh_staff, national_editor, district_officer
):
    settled = {"retired", "published", "theirs", "che"}

    assert set(_keys(sheets, sheets_visible_to(district_officer))) == settled
    assert set(_keys(sheets, sheets_visible_to(national_editor))) == settled | {"draft"}
    assert set(_keys(sheets, sheets_visible_to(province_staff))) == settled | {"ours"}
    assert set(_keys(sheets, sheets_visible_to(bac_ninh_staff))) == settled
    assert list(sheets_visible_to(AnonymousUser())) == []


def test_the_sheet_list_narrows_by_framework_and_state_in_set_then_newest_order(sheets, national_editor):
    rows = list(sheet_rows(national_editor))
    assert [(r.framework.code, r.product_set.code, r.version) for r in rows] == [
        ("148", "01", 5),
        ("148", "01", 3),
        ("148", "01", 2),
        ("148", "01", 1),
        ("26/2026", "02", 1),
    ]
    assert rows[0].province.name == "Tỉnh Bắc Ninh" and rows[1].province is None
    assert _keys(sheets, sheet_rows(national_editor, framework_code="26/2026")) == ["che"]
    assert _keys(sheets, sheet_rows(national_editor, state=SheetState.PUBLISHED)) == ["theirs", "published", "che"]
    assert _keys(sheets, sheet_rows(national_editor, framework_code="148", state=SheetState.RETIRED)) == ["retired"]


def test_a_sheets_versions_are_the_visible_ones_of_its_framework_and_set(sheets, province_staff, national_editor):
    assert _keys(sheets, sheet_versions(sheets["published"], province_staff)) == [
        "theirs",
        "ours",
        "published",
        "retired",
    ]
    assert _keys(sheets, sheet_versions(sheets["published"], national_editor)) == [
        "theirs",
        "draft",
        "published",
        "retired",
    ]
    assert _keys(sheets, sheet_versions(sheets["che"], national_editor)) == ["che"]


def test_a_sheets_page_opens_only_a_visible_sheet_with_its_tree_in_order(sheets, province_staff, bac_ninh_staff):
    ours = sheets["ours"]
    criterion = Criterion.objects.get(sheet=ours, code="1.1")
    for code in ("b", "a"):
        CriterionCase.objects.create(criterion=criterion, code=code, name=f"Trường hợp {code}", max_points=40)
    # a second criterion in group 1, ordered before 1.1, and options stored out of order
    second = Criterion.objects.create(
        sheet=ours, group=criterion.group, code="1.2", name="Tiêu chí 1.2", max_points=5, order=1
    )
    Criterion.objects.filter(pk=criterion.pk).update(order=5)
    for number in (3, 1, 2):
        AnswerOption.objects.create(criterion=second, number=number, text=f"Mức {number}", points=number)

    page = sheet_for_page(province_staff, ours.pk)

    parts = list(page.parts.all())
    assert [p.code for p in parts] == ["A", "B", "C"]
    groups = list(parts[0].groups.all())
    assert [g.number for g in groups] == [1]
    criteria = list(groups[0].criteria.all())
    assert [c.code for c in criteria] == ["1.2", "1.1"]
    assert [o.number for o in criteria[0].options.all()] == [1, 2, 3]
    assert [c.code for c in criteria[1].cases.all()] == ["a", "b"]
    assert (page.framework.code, page.product_set.code, page.province.name) == ("148", "01", ours.province.name)
    with pytest.raises(Http404):
        sheet_for_page(bac_ninh_staff, ours.pk)
    assert sheet_for_page(bac_ninh_staff, sheets["theirs"].pk) == sheets["theirs"]


# Which sheet a dossier is scored on --------------------------------------------------------------------


def test_a_province_scores_on_its_own_correction_then_the_shared_sheet(sheets, province, bac_ninh):
    rau = sheets["published"].product_set
    framework = sheets["published"].framework

    assert published_sheet_for(framework, rau, province_id=bac_ninh.pk) == sheets["theirs"]
    assert published_sheet_for(framework, rau, province_id=province.pk) == sheets["published"]  # ours is a draft
    assert published_sheet_for(framework, rau) == sheets["published"]
    ScoreSheet.objects.filter(pk=sheets["published"].pk).update(state=SheetState.RETIRED)
    assert published_sheet_for(framework, rau, province_id=province.pk) is None
    assert published_sheet_for(framework, rau, province_id=bac_ninh.pk) == sheets["theirs"]


def test_the_round_framework_comes_first_then_the_one_whose_sets_it_shares(province, bac_ninh):
    rau = f.ProductSetFactory(code="01", name="Rau, củ, quả, hạt tươi")
    qd148, qd26 = load_framework("148"), load_framework("26/2026")
    shared_148 = _sheet(rau, 1, SheetState.PUBLISHED)
    ours_148 = _sheet(rau, 2, SheetState.PUBLISHED, province)
    shared_26 = _sheet(rau, 1, SheetState.PUBLISHED, framework_obj=qd26)

    # under 26/2026: its own shared sheet before 148's correction of the province
    assert published_sheet_for(qd26, rau, province_id=province.pk) == shared_26
    assert published_sheet_for(qd26, rau, province_id=bac_ninh.pk) == shared_26
    ScoreSheet.objects.filter(pk=shared_26.pk).update(state=SheetState.DRAFT)
    assert published_sheet_for(qd26, rau, province_id=province.pk) == ours_148
    assert published_sheet_for(qd26, rau, province_id=bac_ninh.pk) == shared_148
    assert published_sheet_for(qd26, rau) == shared_148
    assert published_sheet_for(qd148, rau, province_id=province.pk) == ours_148


def test_the_evaluable_sets_of_several_rounds_in_one_query(province, bac_ninh, django_assert_num_queries):
    rau = f.ProductSetFactory(code="01", name="Rau, củ, quả, hạt tươi")
    che = f.ProductSetFactory(code="02", name="Chè tươi, chè chế biến")
    gao = f.ProductSetFactory(code="03", name="Gạo, ngũ cốc")
    qd148, qd26 = load_framework("148"), load_framework("26/2026")
    _sheet(rau, 1, SheetState.PUBLISHED)
    _sheet(che, 1, SheetState.PUBLISHED, bac_ninh)
    _sheet(gao, 1, SheetState.PUBLISHED, province, framework_obj=qd26)
    _sheet(gao, 2, SheetState.DRAFT, framework_obj=qd26)
    rounds = [
        RoundFactory(province=province, framework=qd26),
        RoundFactory(province=bac_ninh, framework=qd26),
        RoundFactory(province=province, framework=qd148),
        RoundFactory(province=bac_ninh, framework=qd148),
    ]
    with django_assert_num_queries(1):
        found = evaluable_product_sets(rounds)

    assert found == {
        rounds[0].pk: {rau.pk, gao.pk},
        rounds[1].pk: {rau.pk, che.pk},
        rounds[2].pk: {rau.pk},
        rounds[3].pk: {rau.pk, che.pk},
    }
    assert evaluable_product_sets(r for r in rounds[:1]) == {rounds[0].pk: {rau.pk, gao.pk}}


# The frameworks page --------------------------------------------------------------------------------------


def test_the_frameworks_with_their_chains_bands_and_sheet_counts(sheets):
    rows = framework_rows()

    assert [fw.code for fw in rows] == list(
        Framework.objects.order_by("-valid_from", "code").values_list("code", flat=True)
    )
    assert [fw.code for fw in rows][:2] == ["26/2026", "148+1489"]
    counts = {fw.code: (fw.published_sheets, fw.draft_sheets) for fw in rows}
    assert counts["148"] == (2, 2) and counts["26/2026"] == (1, 0) and counts["1048"] == (0, 0)
    qd148 = next(fw for fw in rows if fw.code == "148")
    assert [level.order for level in qd148.levels.all()] == sorted(level.order for level in qd148.levels.all())
    assert [band.stars for band in qd148.bands.all()] == [5, 4, 3, 2, 1]
    assert [level.level for level in qd148.levels.all()] == ["district", "province", "central"]


# What each read loads, in a fixed number of queries, and the order of ties ---------------------------------


@pytest.fixture
def qd26_rau(sheets):
    """A QĐ 26/2026 sheet of set 01, the set QĐ 148's sheets score: same set, another framework."""
    return _sheet(sheets["published"].product_set, 6, SheetState.PUBLISHED, framework_obj=load_framework("26/2026"))


def test_the_sheet_list_orders_by_framework_first_and_loads_what_it_shows_in_one_query(
    sheets, qd26_rau, national_editor, django_assert_num_queries
):
    sheets["qd26_rau"] = qd26_rau
    sheets_visible_to(national_editor)  # the role's permissions read once (cached on the user)
    with django_assert_num_queries(1):
        shown = [
            (
                r.pk,
                r.framework.code,
                r.product_set.code,
                r.product_set.name,
                r.province_id and r.province.name,
                r.version,
                r.state,
                r.confidence,
                r.check_report,
            )
            for r in sheet_rows(national_editor)
        ]

    assert [row[0] for row in shown] == [
        sheets[name].pk for name in ("theirs", "draft", "published", "retired", "qd26_rau", "che")
    ]
    assert shown[0][4] == "Tỉnh Bắc Ninh" and shown[1][4] is None
    assert shown[4][1:4] == ("26/2026", "01", "Rau, củ, quả, hạt tươi")


def test_a_sheets_versions_leave_out_the_same_set_under_another_framework(
    sheets, qd26_rau, national_editor, django_assert_num_queries
):
    sheets["qd26_rau"] = qd26_rau
    sheets_visible_to(national_editor)  # the role's permissions read once (cached on the user)

    with django_assert_num_queries(1):
        shown = [(v.pk, v.version, v.get_state_display()) for v in sheet_versions(sheets["published"], national_editor)]

    assert [pk for pk, _version, _state in shown] == [sheets[n].pk for n in ("theirs", "draft", "published", "retired")]
    assert shown[2][1:] == (2, SheetState.PUBLISHED.label)
    assert _keys(sheets, sheet_versions(sheets["che"], national_editor)) == ["che"]
    assert _keys(sheets, sheet_versions(qd26_rau, national_editor)) == ["qd26_rau"]


def test_a_sheets_page_reads_its_header_and_tree_in_a_fixed_number_of_queries(
    sheets, province_staff, django_assert_num_queries
):
    ours = sheets["ours"]
    ScoreSheet.objects.filter(pk=ours.pk).update(published_by=province_staff)
    sheets_visible_to(province_staff)  # the role's permissions read once (cached on the user)

    with django_assert_num_queries(6):  # the sheet with its header, parts, groups, criteria, cases, options
        page = sheet_for_page(province_staff, ours.pk)
        header = (page.framework.code, page.product_set.code, page.published_by.username, page.province.name)
        tree = [
            (c.code, [case.code for case in c.cases.all()], [o.number for o in c.options.all()])
            for part in page.parts.all()
            for group in part.groups.all()
            for c in group.criteria.all()
        ]

    assert header == ("148", "01", province_staff.username, ours.province.name)
    assert [code for code, _cases, _options in tree] == list(
        Criterion.objects.filter(sheet=ours)
        .order_by("group__part__code", "group__number", "order")
        .values_list("code", flat=True)
    )


def test_criteria_of_the_same_order_come_in_the_order_they_were_entered(sheets, province_staff):
    """The order of entry decides a tie, not where the rows sit in the table: each criterion's
    order is rewritten, the last entered first, then the first entered first."""
    ours = sheets["ours"]
    group = Criterion.objects.get(sheet=ours, code="1.1").group
    entered = [
        Criterion.objects.create(sheet=ours, group=group, code=f"1.{n}", name=f"Tiêu chí 1.{n}", max_points=1, order=9)
        for n in (5, 6, 7, 8)
    ]
    for order, rewritten in ((8, entered[::-1]), (9, entered)):
        for criterion in rewritten:
            Criterion.objects.filter(pk=criterion.pk).update(order=order)

        page = sheet_for_page(province_staff, ours.pk)

        codes = [c.code for c in page.parts.all()[0].groups.all()[0].criteria.all()]
        assert [code for code in codes if code in {"1.5", "1.6", "1.7", "1.8"}] == ["1.5", "1.6", "1.7", "1.8"]


def test_a_dossiers_sheet_is_found_in_one_query_and_only_among_sheets_of_its_set(
    sheets, province, django_assert_num_queries
):
    rau = sheets["published"].product_set
    framework = sheets["published"].framework
    # a published shared QĐ 148 sheet of another set
    _sheet(sheets["che"].product_set, 1, SheetState.PUBLISHED)
    qd26 = load_framework("26/2026")

    with django_assert_num_queries(1):
        found = published_sheet_for(qd26, rau, province_id=province.pk)
    assert found == sheets["published"]

    ScoreSheet.objects.filter(pk=sheets["published"].pk).update(state=SheetState.RETIRED)
    assert published_sheet_for(framework, rau, province_id=province.pk) is None


def test_the_frameworks_page_reads_chains_and_bands_in_three_queries_ties_by_code(django_assert_num_queries):
    load_framework("148")
    # 1048 given QĐ 148's start date: the same date, then the code decides (1048 before 148)
    qd148 = Framework.objects.get(code="148")
    Framework.objects.filter(code="1048").update(valid_from=qd148.valid_from)

    with django_assert_num_queries(3):
        rows = [
            (fw.code, [level.level for level in fw.levels.all()], [band.stars for band in fw.bands.all()])
            for fw in framework_rows()
        ]

    codes = [code for code, _levels, _bands in rows]
    assert codes.index("1048") == codes.index("148") - 1
    assert {code: levels for code, levels, _bands in rows}["148"] == ["district", "province", "central"]
    assert all(bands == sorted(bands, reverse=True) for _code, _levels, bands in rows)
