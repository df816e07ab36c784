"""Writes on score sheets: create from a parsed file, import, publish, new version, draft edits.

Published sheets are immutable (scorecards point at their criteria and options): every editing
service refuses anything but a draft, and a correction of a published sheet is a new version.
`sheet_transition` is the only writer of `ScoreSheet.state`.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop_portal.accounts.rules import edits_shared_reference, require_shared_reference_editor
from ocop_portal.core.services import audit_log, model_changes, snapshot

from ..enums import SheetState
from ..models import AnswerOption, Criterion, CriterionCase, CriterionGroup, Framework, ScoreSheet
from ..sheets.builder import read_tree, write_tree
from ..sheets.checks import check_sheet
from ..sheets.parser import ParsedSheet, parse_file


class SheetAudit(models.TextChoices):
    """Audit-log action codes written here (core.AuditEntry.action)."""

    CREATED = "sheet.created", gettext_lazy("Tạo phiếu đánh giá")
    IMPORTED = "sheet.imported", gettext_lazy("Nhập phiếu đánh giá từ tệp")
    NEW_VERSION = "sheet.new_version", gettext_lazy("Tạo phiên bản mới của phiếu")
    PUBLISHED = "sheet.published", gettext_lazy("Ban hành phiếu đánh giá")
    RETIRED = "sheet.retired", gettext_lazy("Ngừng sử dụng phiếu đánh giá")
    CRITERION_CHANGED = "sheet.criterion_changed", gettext_lazy("Sửa tiêu chí của phiếu nháp")
    OPTION_CHANGED = "sheet.option_changed", gettext_lazy("Sửa phương án của phiếu nháp")
    GROUP_CHANGED = "sheet.group_changed", gettext_lazy("Sửa điểm nhóm của phiếu nháp")


# The sheet's state machine: which state may follow which.
SHEET_TRANSITIONS = {
    SheetState.DRAFT: {SheetState.PUBLISHED},
    SheetState.PUBLISHED: {SheetState.RETIRED},
    SheetState.RETIRED: set(),
}


def sheet_transition(sheet: ScoreSheet, to: str, *, by, note: str = "") -> ScoreSheet:
    """Move `sheet` to state `to` if the table allows it.

    Side effects: saves the state (and the publication stamp when publishing); one audit entry.
    """
    if to not in SHEET_TRANSITIONS[SheetState(sheet.state)]:
        raise ValidationError(
            _("Không thể chuyển phiếu từ “%(from)s” sang “%(to)s”.")
            % {"from": SheetState(sheet.state).label, "to": SheetState(to).label}
        )
    if to == SheetState.PUBLISHED and sheet.check_report:
        # The stored report is refreshed by every write on a draft; sheet_publish re-runs it first.
        raise ValidationError(_("Không thể ban hành: tổng điểm không khớp."))
    before = snapshot(sheet, ["state"])
    sheet.state = to
    fields = ["state"]
    if to == SheetState.PUBLISHED:
        sheet.published_at = timezone.now()
        sheet.published_by = by if by is not None and by.is_authenticated else None
        fields += ["published_at", "published_by"]
    sheet.save(update_fields=fields)
    action = SheetAudit.PUBLISHED if to == SheetState.PUBLISHED else SheetAudit.RETIRED
    audit_log(actor=by, action=action, obj=sheet, changes=model_changes(before, sheet, ["state"]), note=note)
    return sheet


def _require_editor(by, sheet_or_province) -> None:
    """The shared sheets are the national role's; a province's correction its own staff's. `by`
    None is the system (the shipped-data loader). Takes a sheet, or the province (or None) of a
    sheet about to be made."""
    province_id = getattr(sheet_or_province, "province_id", getattr(sheet_or_province, "pk", None))
    if province_id is None:
        require_shared_reference_editor(by)
        return
    if by is None or not (by.staff_province_id and by.staff_province_id == province_id):
        raise PermissionDenied(_("Bản hiệu chỉnh phiếu của một tỉnh chỉ do cán bộ của tỉnh đó sửa."))


def _next_version(framework: Framework, product_set) -> int:
    current = ScoreSheet.objects.filter(framework=framework, product_set=product_set).aggregate(v=Max("version"))["v"]
    return (current or 0) + 1


def _check_product_set(framework: Framework, product_set) -> None:
    if product_set.framework_code != framework.product_set_framework:
        raise ValidationError(
            {
                "product_set": _("Bộ sản phẩm “%(set)s” thuộc danh mục %(set_fw)s, không thuộc khung %(fw)s.")
                % {"set": product_set, "set_fw": product_set.framework_code, "fw": framework.code}
            }
        )


def sheet_create(
    *,
    framework: Framework,
    product_set,
    parsed: ParsedSheet,
    title: str,
    by,
    source: str = "",
    confidence: str = "",
    action: str = SheetAudit.CREATED,
    part_names: dict | None = None,
    note: str = "",
    publish_if_checks_pass: bool = False,
    province=None,
) -> ScoreSheet:
    """A new DRAFT version of the sheet of (framework, product set), built from `parsed`; published
    at once when asked and every check passes (the shipped-data loader).

    Side effects: the sheet and its tree (bulk inserts), its check report, one audit entry; when
    published, as sheet_publish.
    """
    with transaction.atomic():
        _require_editor(by, province)
        _check_product_set(framework, product_set)
        sheet = ScoreSheet(
            framework=framework,
            product_set=product_set,
            province=province,
            version=_next_version(framework, product_set),
            title=title[:255],
            state=SheetState.DRAFT,
            source=source,
            confidence=confidence[:40],
            check_report=check_sheet(parsed, framework.part_maxima),
        )
        # The framework and product set are objects in hand, and the constraints are the database's.
        sheet.full_clean(exclude=["framework", "product_set", "province", "published_by"], validate_constraints=False)
        try:
            with transaction.atomic():
                sheet.save()
        except IntegrityError:
            raise ValidationError(_("Một phiên bản khác của phiếu này vừa được tạo; hãy thử lại.")) from None
        write_tree(sheet, parsed, part_names=part_names)
        audit_log(
            actor=by,
            action=action,
            obj=sheet,
            changes={"version": ["", str(sheet.version)], "checks_pass": ["", str(not sheet.check_report)]},
            note=note,
        )
        if publish_if_checks_pass and not sheet.check_report:
            _publish(sheet, by)
        return sheet


def sheet_import(file, framework: Framework, product_set, by, *, title: str = "") -> ScoreSheet:
    """A new DRAFT version from an uploaded .xlsx/.csv in the shipped column layout.

    Raises SheetFileError (a ValidationError carrying `row_errors`) and writes nothing when any
    row is bad. Side effects: as sheet_create.
    """
    _check_product_set(framework, product_set)
    parsed = parse_file(file, allowed_parts=list(framework.part_maxima))
    name = getattr(file, "name", None) or ""
    return sheet_create(
        framework=framework,
        product_set=product_set,
        parsed=parsed,
        title=title or _("Phiếu đánh giá bộ %(code)s: %(name)s") % {"code": product_set.code, "name": product_set.name},
        by=by,
        source=_("Nhập từ tệp %(file)s") % {"file": name} if name else _("Nhập từ tệp"),
        confidence=_("nhập từ tệp"),
        action=SheetAudit.IMPORTED,
        note=name,
    )


def _locked(sheet: ScoreSheet) -> ScoreSheet:
    return ScoreSheet.objects.select_for_update(no_key=True, of=("self",)).select_related("framework").get(pk=sheet.pk)


def sheet_refresh_checks(sheet: ScoreSheet) -> list[dict]:
    """Run the checks on the stored tree and store the report. Side effects: saves check_report."""
    parsed, _names = read_tree(sheet)
    sheet.check_report = check_sheet(parsed, sheet.framework.part_maxima)
    sheet.save(update_fields=["check_report"])
    return sheet.check_report


class ChecksFailed(ValidationError):
    """Publishing refused: `findings` are the check report's entries."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(
            [_("Không thể ban hành: tổng điểm không khớp.")]
            + [f"{finding['where']}: {finding['message']}" for finding in findings]
        )


def sheet_publish(sheet: ScoreSheet, by) -> ScoreSheet:
    """Publish a draft that passes every check; the previously published version is retired.

    Raises ValidationError listing the mismatches when a check fails; the fresh check report is
    kept on the sheet either way. Side effects: the check report; on success two state changes at
    most (retire the previous version, publish this one), each with its audit entry.
    """
    _require_editor(by, sheet)
    with transaction.atomic():
        locked = _locked(sheet)
        if locked.state != SheetState.DRAFT:
            raise ValidationError(_("Chỉ ban hành được phiếu đang là bản nháp."))
        findings = sheet_refresh_checks(locked)
        if not findings:
            _publish(locked, by)
    # Raised after the block so the stored report of a refused sheet is committed.
    if findings:
        raise ChecksFailed(findings)
    sheet.refresh_from_db()
    return sheet


def _publish(sheet: ScoreSheet, by) -> None:
    """Retire the published version of the same framework, set and scope (shared, or the same
    province's correction), then publish `sheet` (checked)."""
    previous = (
        ScoreSheet.objects.select_for_update(no_key=True)
        .filter(
            framework_id=sheet.framework_id,
            product_set_id=sheet.product_set_id,
            province_id=sheet.province_id,
            state=SheetState.PUBLISHED,
        )
        .first()
    )
    if previous is not None:
        note = _("Thay bằng phiên bản %(version)s") % {"version": sheet.version}
        sheet_transition(previous, SheetState.RETIRED, by=by, note=note)
    try:
        with transaction.atomic():
            sheet_transition(sheet, SheetState.PUBLISHED, by=by)
    except IntegrityError:
        # Another version of the same set was published at the same moment.
        raise ValidationError(_("Một phiên bản khác của phiếu này vừa được ban hành; hãy tải lại trang.")) from None


def sheet_copy_province(sheet: ScoreSheet, by):
    """The province a copy of `sheet` by `by` would be a correction of (None: a shared version,
    or no copy allowed): what the page's button says."""
    try:
        return _copy_scope(sheet, by)
    except PermissionDenied:
        return None


def _copy_scope(sheet: ScoreSheet, by):
    """The province (None: shared) of a copy of `sheet` made by `by`: the national role copies a
    shared sheet into a shared version; a province's staff copy a shared sheet, or their own
    correction, into a correction of their province."""
    if sheet.province_id is None and (by is None or edits_shared_reference.test(by)):
        return None
    if by is not None and by.staff_province_id and sheet.province_id in (None, by.staff_province_id):
        return by.staff_province
    raise PermissionDenied(_("Bạn không được tạo phiên bản mới của phiếu này."))


def sheet_new_version(sheet: ScoreSheet, by) -> ScoreSheet:
    """Copy a published or retired sheet into a new DRAFT version; the original is not touched.
    By the national role: a new shared version. By a province's staff: their province's own
    correction, which only their dossiers will be scored on once published.

    Side effects: the new sheet and its tree, its check report, one audit entry.
    """
    with transaction.atomic():
        province = _copy_scope(sheet, by)
        locked = _locked(sheet)
        if locked.state == SheetState.DRAFT:
            raise ValidationError(_("Phiếu này đang là bản nháp: hãy sửa trực tiếp."))
        draft = (
            ScoreSheet.objects.filter(
                framework=locked.framework,
                product_set=locked.product_set,
                province=province,
                state=SheetState.DRAFT,
            )
            .order_by("-version")
            .first()
        )
        if draft is not None:
            raise ValidationError(
                _("Đã có bản nháp phiên bản %(version)s của phiếu này; hãy sửa bản nháp đó.")
                % {"version": draft.version}
            )
        parsed, part_names = read_tree(locked)
        return sheet_create(
            framework=locked.framework,
            product_set=locked.product_set,
            parsed=parsed,
            title=locked.title,
            by=by,
            source=locked.source,
            confidence=locked.confidence,
            action=SheetAudit.NEW_VERSION,
            part_names=part_names,
            note=_("Sao chép từ phiên bản %(version)s") % {"version": locked.version},
            province=province,
        )


def _ensure_draft(sheet: ScoreSheet) -> ScoreSheet:
    locked = _locked(sheet)
    if locked.state != SheetState.DRAFT:
        raise ValidationError(_("Phiếu đã ban hành thì không sửa được; hãy tạo phiên bản mới."))
    return locked


def _clean_points(value, field: str) -> Decimal:
    value = Decimal(value)
    if value < 0 or value > Decimal("999.99") or value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Điểm phải từ 0 đến 999,99, tối đa 2 chữ số thập phân.")})
    return value.quantize(Decimal("0.01"))


def _clean_star(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    if int(value) not in (3, 4, 5):
        raise ValidationError({field: _("Dấu sao phải là 3, 4 hoặc 5.")})
    return int(value)


def _save_audited(obj, before: dict, fields: list[str], *, by, action: str) -> dict:
    changes = model_changes(before, obj, fields)
    if changes:
        obj.full_clean()
        obj.save(update_fields=list(changes))
        audit_log(actor=by, action=action, obj=obj, changes=changes)
    return changes


def option_update(option: AnswerOption, by, *, points, min_star_marker=None) -> AnswerOption:
    """Change an option of a draft sheet; the case maximum follows its best option.

    Side effects: the option (and its case's maximum), the sheet's check report, one audit entry.
    """
    _require_editor(by, option.criterion.sheet)
    with transaction.atomic():
        sheet = _ensure_draft(option.criterion.sheet)
        option = AnswerOption.objects.select_related("case").get(pk=option.pk)
        before = snapshot(option, ["points", "min_star_marker"])
        option.points = _clean_points(points, "points")
        option.min_star_marker = _clean_star(min_star_marker, "min_star_marker")
        if _save_audited(option, before, ["points", "min_star_marker"], by=by, action=SheetAudit.OPTION_CHANGED):
            _refresh_case(option.case)
            sheet_refresh_checks(sheet)
    return option


def _refresh_case(case: CriterionCase | None) -> None:
    if case is None:
        return
    case.max_points = case.options.aggregate(best=Max("points"))["best"] or Decimal(0)
    case.save(update_fields=["max_points"])


def criterion_update(criterion: Criterion, by, *, max_points, mandatory_min_star=None) -> Criterion:
    """Change a criterion's maximum or star marker on a draft sheet.

    Side effects: the criterion, the sheet's check report, one audit entry.
    """
    _require_editor(by, criterion.sheet)
    with transaction.atomic():
        sheet = _ensure_draft(criterion.sheet)
        criterion = Criterion.objects.get(pk=criterion.pk)
        before = snapshot(criterion, ["max_points", "mandatory_min_star"])
        criterion.max_points = _clean_points(max_points, "max_points")
        criterion.mandatory_min_star = _clean_star(mandatory_min_star, "mandatory_min_star")
        fields = ["max_points", "mandatory_min_star"]
        if _save_audited(criterion, before, fields, by=by, action=SheetAudit.CRITERION_CHANGED):
            sheet_refresh_checks(sheet)
    return criterion


def criterion_revise(criterion: Criterion, by, *, max_points, mandatory_min_star, options: dict) -> Criterion:
    """The criterion edit form in one step: the criterion, then each option given as
    {option id: (points, star marker)}. All or nothing. Side effects: as the two services above."""
    with transaction.atomic():
        _require_editor(by, criterion.sheet)
        criterion = criterion_update(criterion, by, max_points=max_points, mandatory_min_star=mandatory_min_star)
        stored = {option.pk: option for option in criterion.options.select_related("criterion__sheet")}
        for option_id, (points, star) in options.items():
            if option_id not in stored:
                raise ValidationError(_("Phương án không thuộc tiêu chí này."))
            option_update(stored[option_id], by, points=points, min_star_marker=star)
        return criterion


def group_update(group: CriterionGroup, by, *, max_points) -> CriterionGroup:
    """Change the printed total of a group on a draft sheet (blank: the sheet prints none).

    Side effects: the group, the sheet's check report, one audit entry.
    """
    _require_editor(by, group.part.sheet)
    with transaction.atomic():
        sheet = _ensure_draft(group.part.sheet)
        group = CriterionGroup.objects.get(pk=group.pk)
        before = snapshot(group, ["max_points"])
        group.max_points = None if max_points in (None, "") else _clean_points(max_points, "max_points")
        if _save_audited(group, before, ["max_points"], by=by, action=SheetAudit.GROUP_CHANGED):
            sheet_refresh_checks(sheet)
    return group
