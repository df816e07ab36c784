"""Who may act on score sheets (django-rules). Sheets are reference data shared by every province:
province staff manage them; seeing a sheet is the selectors' job (drafts are 404 to others)."""

import rules

from ocop_portal.accounts.rules import is_province_staff

from ..enums import SheetState


@rules.predicate
def sheet_is_draft(user, sheet) -> bool:
    return sheet is not None and sheet.state == SheetState.DRAFT


@rules.predicate
def sheet_is_settled(user, sheet) -> bool:
    """Published or retired: the kinds of sheet a new version is copied from."""
    return sheet is not None and sheet.state in (SheetState.PUBLISHED, SheetState.RETIRED)


can_manage_sheets = rules.is_superuser | is_province_staff

rules.add_perm("evaluation.manage_scoresheets", can_manage_sheets)
rules.add_perm("evaluation.change_scoresheet", can_manage_sheets & sheet_is_draft)
rules.add_perm("evaluation.publish_scoresheet", can_manage_sheets & sheet_is_draft)
rules.add_perm("evaluation.new_version_scoresheet", can_manage_sheets & sheet_is_settled)
