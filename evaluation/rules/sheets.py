"""Who may act on score sheets (django-rules). Sheets are reference data shared by every province:
the national role manages them (ocop_portal/accounts/rules.py), not one province's staff; seeing a
sheet is the selectors' job (drafts are 404 to others)."""

import rules

from ocop_portal.accounts.rules import edits_shared_reference

from ..enums import SheetState


@rules.predicate
def sheet_is_draft(user, sheet) -> bool:
    return sheet is not None and sheet.state == SheetState.DRAFT


@rules.predicate
def sheet_is_settled(user, sheet) -> bool:
    """Published or retired: the kinds of sheet a new version is copied from."""
    return sheet is not None and sheet.state in (SheetState.PUBLISHED, SheetState.RETIRED)


can_manage_sheets = edits_shared_reference

rules.add_perm("evaluation.manage_scoresheets", can_manage_sheets)
rules.add_perm("evaluation.change_scoresheet", can_manage_sheets & sheet_is_draft)
rules.add_perm("evaluation.publish_scoresheet", can_manage_sheets & sheet_is_draft)
rules.add_perm("evaluation.new_version_scoresheet", can_manage_sheets & sheet_is_settled)
