"""The confirmation every irreversible step asks for (templates/base.html #confirm-dialog)."""

import re

from playwright.sync_api import expect


def confirm(page, button: str, *, says: str = ""):
    """Answer the open confirmation dialog with `button`, after checking it says `says`."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    if says:
        expect(dialog).to_contain_text(re.compile(re.escape(says)))
    dialog.get_by_role("button", name=button, exact=True).click()
    expect(dialog).to_be_hidden()
