"""Score sheets as the services write them (docs/mutation.md): who edits a shared sheet and who a
province's own correction — never the staff of another province —, the versions each new copy or
file gets, what publishing checks and retires, the audit trail, and the bounds of the points and
star markers a draft takes."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.enums import SheetState
from evaluation.models import AnswerOption, Criterion, CriterionCase, ScoreSheet, SheetPart
from evaluation.services.sheets import (
    ChecksFailed,
    criterion_revise,
    criterion_update,
    group_update,
    option_update,
    sheet_copy_province,
    sheet_create,
    sheet_import,
    sheet_new_version,
    sheet_publish,
    sheet_refresh_checks,
    sheet_transition,
)
from evaluation.sheets.builder import read_tree
from evaluation.sheets.parser import RowError, SheetFileError
from evaluation.tests.factories import DossierFactory, RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from evaluation.tests.test_sheets_services import csv_upload, sheet_rows
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from ocop_portal.testing.concurrency import run_while_held, second_waits_for_first

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_ninh_staff():
    return f.UserFactory(username="staff-bn", staff_province=f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh"))


def _audits(obj):
    return list(
        AuditEntry.objects.filter(object_id=str(obj.pk), action__startswith="sheet.")
        .order_by("id")
        .values_list("action", "changes", "note")
    )


# Who edits --------------------------------------------------------------------------------------------


def test_a_provinces_correction_is_edited_by_its_own_staff_only(province_staff, bac_ninh_staff, national_editor):
    shared = build_sheet()
    draft = sheet_new_version(shared, province_staff)
    criterion = draft.criteria.get(code="1.1")
    option = criterion.options.get(number=2)

    for user in (bac_ninh_staff, national_editor, None, f.UserFactory(username="norole")):
        with pytest.raises(PermissionDenied) as refused:
            option_update(option, user, points=Decimal("15"))
        assert refused.value.args == ("Bản hiệu chỉnh phiếu của một tỉnh chỉ do cán bộ của tỉnh đó sửa.",)
        with pytest.raises(PermissionDenied):
            group_update(criterion.group, user, max_points=Decimal("40"))
        with pytest.raises(PermissionDenied):
            criterion_revise(criterion, user, max_points=Decimal("40"), mandatory_min_star=None, options={})
    assert option_update(option, province_staff, points=Decimal("15")).points == Decimal("15.00")
    with pytest.raises(PermissionDenied):
        sheet_new_version(sheet_publish(draft, province_staff), bac_ninh_staff)


def test_the_copy_offered_on_a_sheets_page(province, province_staff, bac_ninh_staff, national_editor):
    shared = build_sheet()
    correction = sheet_publish(sheet_new_version(shared, province_staff), province_staff)

    assert sheet_copy_province(shared, national_editor) is None  # a shared version
    assert sheet_copy_province(shared, province_staff) == province
    assert sheet_copy_province(shared, bac_ninh_staff) == bac_ninh_staff.staff_province
    assert sheet_copy_province(correction, province_staff) == province
    assert sheet_copy_province(correction, bac_ninh_staff) is None
    assert sheet_copy_province(correction, national_editor) is None
    assert sheet_copy_province(shared, f.UserFactory(username="norole")) is None
    with pytest.raises(PermissionDenied) as refused:
        sheet_new_version(correction, national_editor)
    assert refused.value.args == ("Bạn không được tạo phiên bản mới của phiếu này.",)


def test_the_system_copies_a_shared_sheet_but_no_province_correction(province_staff):
    shared = build_sheet()
    correction = sheet_publish(sheet_new_version(shared, province_staff), province_staff)

    assert sheet_new_version(shared, None).province is None
    with pytest.raises(PermissionDenied):
        sheet_new_version(correction, None)


# Versions and publication --------------------------------------------------------------------------------


def test_a_draft_of_another_scope_does_not_block_a_new_version(province_staff, bac_ninh_staff, national_editor):
    shared = build_sheet()
    ours = sheet_new_version(shared, province_staff)
    theirs = sheet_new_version(shared, bac_ninh_staff)
    national = sheet_new_version(shared, national_editor)

    # one numbering for the sheet of (framework, product set), whatever the scope
    assert [(s.version, s.province_id) for s in (ours, theirs, national)] == [
        (2, province_staff.staff_province_id),
        (3, bac_ninh_staff.staff_province_id),
        (4, None),
    ]
    assert _audits(national) == [
        ("sheet.new_version", {"version": ["", "4"], "checks_pass": ["", "True"]}, "Sao chép từ phiên bản 1"),
    ]
    with pytest.raises(ValidationError) as refused:
        sheet_new_version(shared, province_staff)
    assert refused.value.messages == ["Đã có bản nháp phiên bản 2 của phiếu này; hãy sửa bản nháp đó."]


def test_publishing_retires_the_same_scopes_version_with_a_note(national_editor):
    first = build_sheet()
    other_set = build_sheet(framework_obj=first.framework, product_set=f.ProductSetFactory(code="09"))
    other_framework = build_sheet(framework_obj=load_framework("26/2026"), product_set=first.product_set)
    second = sheet_new_version(first, national_editor)

    published = sheet_publish(second, national_editor)

    first.refresh_from_db()
    assert (published.state, published.published_by, published.published_at is not None) == (
        SheetState.PUBLISHED,
        national_editor,
        True,
    )
    assert first.state == SheetState.RETIRED
    assert ScoreSheet.objects.get(pk=other_set.pk).state == SheetState.PUBLISHED
    assert ScoreSheet.objects.get(pk=other_framework.pk).state == SheetState.PUBLISHED
    assert _audits(first) == [("sheet.retired", {"state": ["published", "retired"]}, "Thay bằng phiên bản 2")]
    assert _audits(second)[-1] == ("sheet.published", {"state": ["draft", "published"]}, "")


def test_a_refused_publication_keeps_its_fresh_report(national_editor):
    sheet = build_sheet(state=SheetState.DRAFT)
    Criterion.objects.filter(sheet=sheet, code="4.1").update(max_points=Decimal("20"))
    ScoreSheet.objects.filter(pk=sheet.pk).update(check_report=[])

    with pytest.raises(ChecksFailed) as refused:
        sheet_publish(sheet, national_editor)

    sheet.refresh_from_db()
    assert sheet.state == SheetState.DRAFT
    assert [(f["ref"], f["expected"], f["actual"]) for f in refused.value.findings] == [
        ("part:B", "25", "20"),
        ("criterion:4.1", "20", "25"),
    ]
    assert sheet.check_report == refused.value.findings
    assert refused.value.messages[0] == "Không thể ban hành: tổng điểm không khớp."
    assert len(refused.value.messages) == 3


def test_a_sheet_with_a_stored_mismatch_is_not_published_by_its_transition(national_editor):
    sheet = build_sheet(state=SheetState.DRAFT)
    ScoreSheet.objects.filter(pk=sheet.pk).update(check_report=[{"where": "Phần B", "message": "Lệch"}])
    sheet.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        sheet_transition(sheet, SheetState.PUBLISHED, by=national_editor)

    assert refused.value.messages == ["Không thể ban hành: tổng điểm không khớp."]
    sheet.refresh_from_db()
    assert sheet.state == SheetState.DRAFT


@pytest.mark.parametrize("by", [None, "anonymous"])
def test_a_sheet_published_by_the_system_names_no_publisher(by):
    sheet = build_sheet(state=SheetState.DRAFT)

    sheet_transition(sheet, SheetState.PUBLISHED, by=AnonymousUser() if by else None)

    sheet.refresh_from_db()
    assert (sheet.state, sheet.published_by, sheet.published_at is not None) == (SheetState.PUBLISHED, None, True)


def test_retiring_keeps_the_publication_stamp(national_editor, province_staff):
    sheet = build_sheet(state=SheetState.DRAFT)
    sheet_transition(sheet, SheetState.PUBLISHED, by=national_editor)
    stamp = ScoreSheet.objects.get(pk=sheet.pk).published_at

    sheet_transition(sheet, SheetState.RETIRED, by=province_staff, note="Thay thế")

    sheet.refresh_from_db()
    assert (sheet.state, sheet.published_by, sheet.published_at) == (SheetState.RETIRED, national_editor, stamp)
    assert _audits(sheet)[-1] == ("sheet.retired", {"state": ["published", "retired"]}, "Thay thế")


# Creating a sheet --------------------------------------------------------------------------------------------


def test_the_loader_publishes_a_sheet_whose_checks_pass_and_retires_the_last(province_staff):
    first = build_sheet()
    parsed, names = read_tree(first)

    loaded = sheet_create(
        framework=first.framework,
        product_set=first.product_set,
        parsed=parsed,
        title="Phiếu " + "đánh giá " * 40,
        by=None,
        source="data/ocop-criteria/sheet.csv",
        confidence="đã đối chiếu với văn bản gốc, bản in năm 2023",
        part_names=names,
        note="nạp dữ liệu",
        publish_if_checks_pass=True,
    )

    loaded.refresh_from_db()
    first.refresh_from_db()
    assert (loaded.version, loaded.state, first.state, loaded.published_by) == (
        2,
        SheetState.PUBLISHED,
        SheetState.RETIRED,
        None,
    )
    assert (len(loaded.title), loaded.confidence) == (255, "đã đối chiếu với văn bản gốc, bản in năm")
    assert _audits(loaded) == [
        ("sheet.created", {"version": ["", "2"], "checks_pass": ["", "True"]}, "nạp dữ liệu"),
        ("sheet.published", {"state": ["draft", "published"]}, ""),
    ]
    failing = build_sheet(state=SheetState.DRAFT, product_set=f.ProductSetFactory(code="05"))
    Criterion.objects.filter(sheet=failing, code="6.1").update(max_points=Decimal("30"))
    parsed, names = read_tree(failing)
    kept = sheet_create(
        framework=failing.framework,
        product_set=failing.product_set,
        parsed=parsed,
        title="Phiếu lệch",
        by=None,
        publish_if_checks_pass=True,
    )
    assert (kept.state, kept.version, bool(kept.check_report)) == (SheetState.DRAFT, 2, True)


def test_a_province_correction_is_created_by_its_staff_only(province, province_staff, bac_ninh_staff, national_editor):
    shared = build_sheet()
    parsed, _names = read_tree(shared)

    def create(by, scope):
        return sheet_create(
            framework=shared.framework,
            product_set=shared.product_set,
            parsed=parsed,
            title="Hiệu chỉnh",
            by=by,
            province=scope,
        )

    for user in (bac_ninh_staff, national_editor, None):
        with pytest.raises(PermissionDenied):
            create(user, province)
    with pytest.raises(PermissionDenied):
        create(province_staff, None)  # the shared sheets are the national role's
    assert create(province_staff, province).province == province
    assert create(None, None).province is None


def test_an_imported_file_is_named_in_its_source_and_audit(national_editor):
    original = build_sheet()
    upload = csv_upload(sheet_rows(original), name="phieu-sua.csv")

    imported = sheet_import(upload, original.framework, original.product_set, national_editor)

    assert (imported.title, imported.source, imported.confidence, imported.state) == (
        f"Phiếu đánh giá bộ {original.product_set.code}: {original.product_set.name}",
        "Nhập từ tệp phieu-sua.csv",
        "nhập từ tệp",
        SheetState.DRAFT,
    )
    assert _audits(imported) == [
        ("sheet.imported", {"version": ["", "2"], "checks_pass": ["", "True"]}, "phieu-sua.csv"),
    ]
    unnamed = io.BytesIO(csv_upload(sheet_rows(original)).read())  # a file without a name
    titled = sheet_import(unnamed, original.framework, original.product_set, national_editor, title="Phiếu gạo")
    assert (titled.title, titled.source, titled.version) == ("Phiếu gạo", "Nhập từ tệp", 3)


def test_a_file_is_imported_by_the_national_role_only(province_staff):
    original = build_sheet()

    with pytest.raises(PermissionDenied):
        sheet_import(csv_upload(sheet_rows(original)), original.framework, original.product_set, province_staff)
    assert ScoreSheet.objects.count() == 1


# Draft edits ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "stored"),
    [("0", Decimal("0.00")), ("999.99", Decimal("999.99")), ("7.5", Decimal("7.50")), ("12.30", Decimal("12.30"))],
)
def test_points_from_zero_to_999_99_in_hundredths(national_editor, points, stored):
    draft = build_sheet(state=SheetState.DRAFT)
    criterion = draft.criteria.get(code="1.1")

    assert criterion_update(criterion, national_editor, max_points=points).max_points == stored
    assert Criterion.objects.get(pk=criterion.pk).max_points == stored


@pytest.mark.parametrize("points", ["-0.01", "1000", "999.991", "0.001"])
def test_points_outside_the_bounds_are_refused(national_editor, points):
    draft = build_sheet(state=SheetState.DRAFT)
    option = AnswerOption.objects.get(criterion__sheet=draft, criterion__code="1.1", number=2)

    with pytest.raises(ValidationError) as refused:
        option_update(option, national_editor, points=points)

    assert refused.value.message_dict == {"points": ["Điểm phải từ 0 đến 999,99, tối đa 2 chữ số thập phân."]}
    assert AnswerOption.objects.get(pk=option.pk).points == Decimal("10.00")


@pytest.mark.parametrize(("marker", "stored"), [(None, None), ("", None), ("3", 3), (4, 4), ("5", 5)])
def test_a_star_marker_is_3_4_or_5_or_none(national_editor, marker, stored):
    draft = build_sheet(state=SheetState.DRAFT)
    criterion = draft.criteria.get(code="1.1")

    updated = criterion_update(criterion, national_editor, max_points="40", mandatory_min_star=marker)

    assert updated.mandatory_min_star == stored
    assert Criterion.objects.get(pk=criterion.pk).mandatory_min_star == stored


@pytest.mark.parametrize("marker", [2, 6, "1"])
def test_another_star_marker_is_refused(national_editor, marker):
    draft = build_sheet(state=SheetState.DRAFT)
    option = AnswerOption.objects.get(criterion__sheet=draft, criterion__code="1.1", number=2)

    with pytest.raises(ValidationError) as refused:
        option_update(option, national_editor, points="10", min_star_marker=marker)

    assert refused.value.message_dict == {"min_star_marker": ["Dấu sao phải là 3, 4 hoặc 5."]}


def test_an_edit_that_changes_nothing_writes_nothing(national_editor):
    draft = build_sheet(state=SheetState.DRAFT)
    option = AnswerOption.objects.get(criterion__sheet=draft, criterion__code="1.1", number=2)
    criterion = option.criterion
    before = AuditEntry.objects.count()

    option_update(option, national_editor, points="10.00", min_star_marker=3)
    criterion_update(criterion, national_editor, max_points="40", mandatory_min_star=None)
    group_update(criterion.group, national_editor, max_points=None)

    assert AuditEntry.objects.count() == before


def test_an_options_edit_is_audited_and_its_case_follows_the_best_option(national_editor):
    draft = build_sheet(state=SheetState.DRAFT)
    criterion = draft.criteria.get(code="1.1")
    case = CriterionCase.objects.create(criterion=criterion, code="a", name="Trường hợp a", max_points=Decimal("40"))
    criterion.options.update(case=case)
    best = criterion.options.get(number=4)

    option_update(best, national_editor, points="30", min_star_marker="5")

    case.refresh_from_db()
    assert case.max_points == Decimal("30.00")
    assert _audits(best) == [
        ("sheet.option_changed", {"points": ["40.00", "30.00"], "min_star_marker": ["", "5"]}, ""),
    ]
    draft.refresh_from_db()
    assert [f["ref"] for f in draft.check_report] == ["criterion:1.1"]  # 40 points, the best option 30


def test_a_groups_printed_total_is_set_or_cleared(national_editor):
    draft = build_sheet(state=SheetState.DRAFT)
    group = draft.criteria.get(code="4.1").group

    assert group_update(group, national_editor, max_points="25").max_points == Decimal("25.00")
    assert _audits(group) == [("sheet.group_changed", {"max_points": ["", "25.00"]}, "")]
    assert group_update(group, national_editor, max_points="").max_points is None
    group.refresh_from_db()
    assert group.max_points is None


def test_the_criterion_form_refuses_an_option_of_another_criterion(national_editor):
    draft = build_sheet(state=SheetState.DRAFT)
    criterion = draft.criteria.get(code="1.1")
    foreign = AnswerOption.objects.get(criterion__sheet=draft, criterion__code="4.1", number=2)
    own = criterion.options.get(number=2)

    with pytest.raises(ValidationError) as refused:
        criterion_revise(
            criterion,
            national_editor,
            max_points="40",
            mandatory_min_star="3",
            options={own.pk: ("12", None), foreign.pk: ("10", None)},
        )

    assert refused.value.messages == ["Phương án không thuộc tiêu chí này."]
    revised = criterion_revise(
        criterion, national_editor, max_points="40", mandatory_min_star="3", options={own.pk: ("12", None)}
    )
    own.refresh_from_db()
    assert (revised.mandatory_min_star, own.points, own.min_star_marker) == (3, Decimal("12.00"), None)


def test_a_file_with_a_part_the_framework_does_not_have_is_refused(national_editor):
    original = build_sheet()
    rows = sheet_rows(original)
    for row in rows[-4:]:  # criterion 6.1's four options: part C → D
        row["part"] = "D"

    with pytest.raises(SheetFileError) as refused:
        sheet_import(csv_upload(rows), original.framework, original.product_set, national_editor)

    assert refused.value.row_errors[0] == RowError(
        len(rows) - 2, "part", "Phần “D” không có trong khung pháp lý (A, B, C)."
    )
    assert ScoreSheet.objects.count() == 1


def test_a_shared_drafts_group_total_is_the_national_roles_to_set(province_staff, national_editor):
    shared_draft = sheet_new_version(build_sheet(), national_editor)
    group = shared_draft.criteria.get(code="4.1").group
    correction = sheet_new_version(build_sheet(product_set=f.ProductSetFactory(code="06")), province_staff)

    with pytest.raises(PermissionDenied):
        group_update(group, province_staff, max_points="25")
    assert group_update(group, national_editor, max_points="25").max_points == Decimal("25.00")
    own = correction.criteria.get(code="4.1").group
    assert group_update(own, province_staff, max_points="25").max_points == Decimal("25.00")


def test_a_groups_total_is_checked_and_its_change_names_who_made_it(national_editor):
    group = build_sheet(state=SheetState.DRAFT).criteria.get(code="4.1").group

    with pytest.raises(ValidationError) as refused:
        group_update(group, national_editor, max_points="-1")
    group_update(group, national_editor, max_points="25")

    assert refused.value.message_dict == {"max_points": ["Điểm phải từ 0 đến 999,99, tối đa 2 chữ số thập phân."]}
    entry = AuditEntry.objects.get(action="sheet.group_changed", object_id=str(group.pk))
    assert entry.actor == national_editor


def test_a_case_whose_options_all_give_nothing_is_worth_nothing(national_editor):
    draft = build_sheet(state=SheetState.DRAFT)
    criterion = draft.criteria.get(code="4.1")
    case = CriterionCase.objects.create(criterion=criterion, code="a", name="Trường hợp a", max_points=Decimal("15"))
    option = criterion.options.get(number=2)  # 15 points
    AnswerOption.objects.filter(pk=option.pk).update(case=case)

    option_update(option, national_editor, points="0")

    case.refresh_from_db()
    assert case.max_points == Decimal("0.00")


def test_a_criterions_values_are_checked_under_their_fields_and_its_change_names_who_made_it(national_editor):
    criterion = build_sheet(state=SheetState.DRAFT).criteria.get(code="4.1")

    with pytest.raises(ValidationError) as points:
        criterion_update(criterion, national_editor, max_points="-1")
    with pytest.raises(ValidationError) as marker:
        criterion_update(criterion, national_editor, max_points="25", mandatory_min_star=2)
    criterion_update(criterion, national_editor, max_points="20")

    assert points.value.message_dict == {"max_points": ["Điểm phải từ 0 đến 999,99, tối đa 2 chữ số thập phân."]}
    assert marker.value.message_dict == {"mandatory_min_star": ["Dấu sao phải là 3, 4 hoặc 5."]}
    entry = AuditEntry.objects.get(action="sheet.criterion_changed", object_id=str(criterion.pk))
    assert (entry.actor, entry.changes) == (national_editor, {"max_points": ["25.00", "20.00"]})


# The state machine, the stored checks and the numbering --------------------------------------------------


def test_a_published_sheet_is_retired_whatever_its_stored_report_says(national_editor):
    # A report stored on a published sheet (a check added after its publication) holds back its
    # publication only, never its retirement.
    sheet = build_sheet()
    ScoreSheet.objects.filter(pk=sheet.pk).update(check_report=[{"where": "Phần B", "message": "Lệch"}])
    sheet.refresh_from_db()

    sheet_transition(sheet, SheetState.RETIRED, by=national_editor)

    assert ScoreSheet.objects.get(pk=sheet.pk).state == SheetState.RETIRED


def test_a_transition_and_a_check_write_their_own_fields_only(national_editor):
    sheet = build_sheet(state=SheetState.DRAFT)
    in_hand = ScoreSheet.objects.select_related("framework").get(pk=sheet.pk)
    ScoreSheet.objects.filter(pk=sheet.pk).update(title="Phiếu đã đổi tên", source="tệp mới.csv")

    sheet_refresh_checks(in_hand)
    sheet_transition(in_hand, SheetState.PUBLISHED, by=national_editor)

    stored = ScoreSheet.objects.get(pk=sheet.pk)
    assert (stored.title, stored.source, stored.state, stored.check_report) == (
        "Phiếu đã đổi tên",
        "tệp mới.csv",
        SheetState.PUBLISHED,
        [],
    )


def test_the_publication_and_the_retirement_name_who_published(national_editor):
    first = build_sheet()
    second = sheet_new_version(first, national_editor)

    sheet_publish(second, national_editor)

    entries = AuditEntry.objects.filter(action__in=["sheet.published", "sheet.retired"]).order_by("id")
    assert [(e.action, e.object_id, e.actor) for e in entries] == [
        ("sheet.retired", str(first.pk), national_editor),
        ("sheet.published", str(second.pk), national_editor),
    ]


def test_versions_are_numbered_per_framework_and_product_set(national_editor):
    base = build_sheet()
    build_sheet(framework_obj=load_framework("26/2026"), product_set=base.product_set, version=3)
    build_sheet(framework_obj=base.framework, product_set=f.ProductSetFactory(code="08"), version=5)
    parsed, _names = read_tree(base)
    new_set = f.ProductSetFactory(code="12")

    assert sheet_new_version(base, national_editor).version == 2
    first = sheet_create(
        framework=base.framework, product_set=new_set, parsed=parsed, title="Phiếu mới", by=national_editor
    )
    assert (first.version, first.state) == (1, SheetState.DRAFT)


def test_publishing_retires_no_sheet_of_another_product_set_listed_before_it(national_editor):
    earlier_set = build_sheet(product_set=f.ProductSetFactory(code="03"))  # listed first (by code)
    first = build_sheet(framework_obj=earlier_set.framework, product_set=f.ProductSetFactory(code="12"))
    second = sheet_new_version(first, national_editor)

    sheet_publish(second, national_editor)

    states = dict(ScoreSheet.objects.values_list("pk", "state"))
    assert (states[earlier_set.pk], states[first.pk], states[second.pk]) == (
        SheetState.PUBLISHED,
        SheetState.RETIRED,
        SheetState.PUBLISHED,
    )


# Locks: what a write on a sheet holds back, and what it does not -----------------------------------------


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_dossiers_are_opened_on_the_sheets_of_a_publication_in_progress(national_editor, producer_record):
    first = build_sheet()
    second = sheet_new_version(first, national_editor)
    products = [f.ProductFactory(producer=producer_record, product_set=first.product_set) for _sheet in "ab"]
    round_ = RoundFactory(framework=first.framework, province=producer_record.province)

    def open_dossiers():
        return [
            DossierFactory(product=product, round=round_, sheet=sheet).pk
            for product, sheet in zip(products, (first, second), strict=True)
        ]

    kind, value = run_while_held(lambda: sheet_publish(second, national_editor), open_dossiers)

    assert kind == "ok", value
    assert ScoreSheet.objects.get(pk=second.pk).state == SheetState.PUBLISHED


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_two_drafts_of_one_framework_are_edited_side_by_side(national_editor):
    ours = build_sheet(state=SheetState.DRAFT)
    theirs = build_sheet(
        framework_obj=ours.framework, state=SheetState.DRAFT, product_set=f.ProductSetFactory(code="04")
    )
    option = AnswerOption.objects.get(criterion__sheet=ours, criterion__code="1.1", number=2)
    other = AnswerOption.objects.get(criterion__sheet=theirs, criterion__code="1.1", number=2)

    kind, value = run_while_held(
        # held open; it changes nothing, so writes no audit entry (whose lock would hold back any other)
        lambda: option_update(option, national_editor, points="10", min_star_marker=3),
        lambda: option_update(other, national_editor, points="12").points,
    )

    assert (kind, value) == ("ok", Decimal("12.00"))


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_of_two_versions_published_at_once_the_second_is_told_to_reload(national_editor):
    first = build_sheet()
    second = sheet_new_version(first, national_editor)
    ScoreSheet.objects.filter(pk=second.pk).update(state=SheetState.DRAFT)
    third = build_sheet(framework_obj=first.framework, product_set=first.product_set, state=SheetState.DRAFT, version=3)

    published, raced = second_waits_for_first(
        lambda: sheet_publish(second, national_editor), lambda: sheet_publish(third, national_editor)
    )

    assert published.kind == "ok"
    assert (raced.kind, raced.messages) == (
        "refused",
        ["Một phiên bản khác của phiếu này vừa được ban hành; hãy tải lại trang."],
    )
    assert ScoreSheet.objects.get(pk=second.pk).state == SheetState.PUBLISHED
    assert ScoreSheet.objects.get(pk=third.pk).state == SheetState.DRAFT


# What a new sheet and a new version carry ------------------------------------------------------------------


def test_a_sheet_made_without_source_confidence_or_note_records_none(national_editor):
    base = build_sheet()
    parsed, _names = read_tree(base)

    made = sheet_create(
        framework=base.framework,
        product_set=f.ProductSetFactory(code="12"),
        parsed=parsed,
        title="Phiếu mới",
        by=national_editor,
    )

    made.refresh_from_db()
    assert (made.source, made.confidence) == ("", "")
    assert _audits(made) == [("sheet.created", {"version": ["", "1"], "checks_pass": ["", "True"]}, "")]
    assert AuditEntry.objects.get(object_id=str(made.pk), action="sheet.created").actor == national_editor


def test_a_new_version_keeps_the_source_confidence_and_part_names_of_the_one_it_copies(national_editor):
    original = build_sheet()
    ScoreSheet.objects.filter(pk=original.pk).update(source="Quyết định 148/QĐ-TTg", confidence="cao")
    SheetPart.objects.filter(sheet=original, code="A").update(name="Phần A: tên riêng của phiếu")
    original.refresh_from_db()

    copy = sheet_new_version(original, national_editor)

    copy.refresh_from_db()
    assert (copy.framework, copy.source, copy.confidence) == (original.framework, "Quyết định 148/QĐ-TTg", "cao")
    assert dict(copy.parts.values_list("code", "name")) == dict(original.parts.values_list("code", "name"))
    assert copy.parts.get(code="A").name == "Phần A: tên riêng của phiếu"


def test_a_draft_under_another_framework_does_not_block_a_new_version(national_editor):
    base = build_sheet()
    other = build_sheet(framework_obj=load_framework("26/2026"), product_set=base.product_set, state=SheetState.DRAFT)

    copy = sheet_new_version(base, national_editor)

    assert (copy.framework, copy.version, copy.state) == (base.framework, 2, SheetState.DRAFT)
    other.refresh_from_db()
    assert other.state == SheetState.DRAFT


def test_the_criterion_form_on_a_provinces_correction_is_its_staffs_and_names_them(province_staff, national_editor):
    shared = build_sheet(state=SheetState.DRAFT)
    for by, sheet in (
        (national_editor, shared),
        (province_staff, sheet_new_version(build_sheet(product_set=f.ProductSetFactory(code="12")), province_staff)),
    ):
        criterion = sheet.criteria.get(code="1.1")
        option = criterion.options.get(number=2)

        revised = criterion_revise(
            criterion, by, max_points="40", mandatory_min_star="4", options={option.pk: ("12", "3")}
        )

        option.refresh_from_db()
        assert (revised.mandatory_min_star, option.points, option.min_star_marker) == (4, Decimal("12.00"), 3)
        entries = AuditEntry.objects.filter(action__in=["sheet.criterion_changed", "sheet.option_changed"])
        assert sorted(
            entries.filter(object_id__in=[str(criterion.pk), str(option.pk)]).values_list("action", "actor")
        ) == [
            ("sheet.criterion_changed", by.pk),
            ("sheet.option_changed", by.pk),
        ]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_of_two_versions_created_at_once_the_second_is_told_to_retry(national_editor):
    base = build_sheet()
    parsed, _names = read_tree(base)

    def create(title):
        return sheet_create(
            framework=base.framework, product_set=base.product_set, parsed=parsed, title=title, by=national_editor
        ).version

    created, raced = second_waits_for_first(lambda: create("Phiếu trước"), lambda: create("Phiếu sau"))

    assert (created.kind, created.value) == ("ok", 2)
    assert (raced.kind, raced.messages) == ("refused", ["Một phiên bản khác của phiếu này vừa được tạo; hãy thử lại."])
    assert list(ScoreSheet.objects.order_by("version").values_list("version", "title")) == [
        (1, base.title),
        (2, "Phiếu trước"),
    ]


def test_a_sheet_published_as_it_is_made_names_who_made_it(national_editor):
    base = build_sheet()
    parsed, _names = read_tree(base)

    made = sheet_create(
        framework=base.framework,
        product_set=base.product_set,
        parsed=parsed,
        title="Phiếu ban hành ngay",
        by=national_editor,
        publish_if_checks_pass=True,
    )

    base.refresh_from_db()
    assert (made.state, made.published_by, base.state) == (SheetState.PUBLISHED, national_editor, SheetState.RETIRED)
    assert set(
        AuditEntry.objects.filter(action__in=["sheet.published", "sheet.retired"]).values_list("action", "actor")
    ) == {("sheet.published", national_editor.pk), ("sheet.retired", national_editor.pk)}
