"""Who may act on score sheets (django-rules). Sheets are reference data shared by every province:
the national role manages them (ocop_portal/accounts/rules.py), not one province's staff. A
province's staff keep their own corrections (a sheet with their province): they copy a settled
shared sheet into one, edit and publish it, and nobody else's sheet changes. Seeing a sheet is
the selectors' job (drafts are 404 to others)."""

import rules

from ocop_portal.accounts.rules import edits_shared_reference

from ..enums import SheetState


def sheet_is_draft(user, sheet) -> bool:
    return sheet is not None and sheet.state == SheetState.DRAFT


sheet_is_draft = rules.predicate(sheet_is_draft)


def sheet_is_settled(user, sheet) -> bool:
    """Published or retired: the kinds of sheet a new version is copied from."""
    return sheet is not None and sheet.state in (SheetState.PUBLISHED, SheetState.RETIRED)


sheet_is_settled = rules.predicate(sheet_is_settled)


def edits_sheet(user, sheet) -> bool:
    """The shared sheets: the national role. A province's correction: that province's staff."""
    if sheet is None or not user.is_authenticated:
        return False
    if sheet.province_id is None:
        return edits_shared_reference.test(user)
    return bool(user.staff_province_id and user.staff_province_id == sheet.province_id)


edits_sheet = rules.predicate(edits_sheet)


def corrects_for_province(user, sheet) -> bool:
    """Province staff copy a shared sheet, or their own correction, into a correction of theirs."""
    if sheet is None or not user.is_authenticated or not user.staff_province_id:
        return False
    return sheet.province_id in (None, user.staff_province_id)


corrects_for_province = rules.predicate(corrects_for_province)


can_manage_sheets = edits_shared_reference

rules.add_perm("evaluation.manage_scoresheets", can_manage_sheets)
rules.add_perm("evaluation.change_scoresheet", edits_sheet & sheet_is_draft)
rules.add_perm("evaluation.publish_scoresheet", edits_sheet & sheet_is_draft)
rules.add_perm("evaluation.new_version_scoresheet", (edits_sheet | corrects_for_province) & sheet_is_settled)
