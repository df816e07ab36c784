"""Certificate writes: issuing from a recognition decision, the status machine, revocation, the
daily refresh with its expiry notices, and carrying evidence over into a renewal dossier.

Status machine (the one function that writes Certificate.status is `certificate_set_status`):

    valid    → expiring, expired, superseded, revoked
    expiring → expired, superseded, revoked
    expired  → superseded, revoked
    superseded, revoked: final

Why these edges: `valid → expired` exists because a certificate issued for an old decision (or a
job that did not run for months) may jump straight past the expiring window — the refresh still
records each boundary with its own date. `expired → revoked` exists because provinces revoke
expired certificates on the ground "not re-evaluated in time". `expired → superseded` exists
because a re-evaluation decided after the expiry still replaces the certificate it renews, and the
chain old → new must stay visible. Nothing leaves superseded or revoked.
"""

from .issuing import certificates_issue_for_decision
from .misuse import misuse_report_create, misuse_report_mark_handled
from .notices import RefreshResult, certificates_refresh_statuses
from .renewal import evidence_carry_over
from .revocation import (
    certificate_revoke,
    certificates_revoke_bulk,
    certificates_revoke_by_decision,
    revocation_decision_record,
)
from .status import TRANSITIONS, certificate_set_status, status_by_date, valid_until_for

__all__ = [
    "TRANSITIONS",
    "RefreshResult",
    "certificate_revoke",
    "certificate_set_status",
    "certificates_issue_for_decision",
    "certificates_refresh_statuses",
    "certificates_revoke_bulk",
    "certificates_revoke_by_decision",
    "evidence_carry_over",
    "misuse_report_create",
    "misuse_report_mark_handled",
    "revocation_decision_record",
    "status_by_date",
    "valid_until_for",
]
