"""Anchors of the audit chain (issue 18, Low 8): its head written outside the database.

The keyed chain (models.AuditEntry) shows an edited or deleted entry and a recomputed chain, but
not the newest entries cut off the end: the remaining chain is intact. So every night the head —
how many entries, the last one's id and keyed hash — is appended as one JSON line to
settings.OCOP_AUDIT_ANCHOR_FILE (and to the log). Kept append-only (`chattr +a` on the file, the
journal for the log line) and in the backups, the anchors let the verifier name a cut tail: an
anchored entry missing, changed, or the count up to it different.
"""

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from .models import AuditEntry

logger = logging.getLogger("ocop.audit")


def audit_anchor_write() -> dict | None:
    """Append the chain's head to the anchor file; None (nothing written) for an empty log."""
    head = AuditEntry.objects.order_by("-id").values("id", "entry_hash").first()
    if head is None:
        return None
    anchor = {
        "at": timezone.now().isoformat(),
        "count": AuditEntry.objects.filter(id__lte=head["id"]).count(),
        "last_id": head["id"],
        "head": head["entry_hash"],
    }
    path = settings.OCOP_AUDIT_ANCHOR_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(anchor, sort_keys=True) + "\n")
    logger.info("audit chain anchor %s", json.dumps(anchor, sort_keys=True))
    return anchor


def audit_anchors() -> list[dict]:
    path = settings.OCOP_AUDIT_ANCHOR_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass(frozen=True)
class AnchorProblem:
    anchor: dict
    message: str


def audit_anchor_problems() -> list[AnchorProblem]:
    """Each anchor the table no longer matches: its entry gone or changed (a cut tail, or a
    rewritten chain), or a different number of entries up to it."""
    problems = []
    for anchor in audit_anchors():
        entry = AuditEntry.objects.filter(id=anchor["last_id"]).values_list("entry_hash", flat=True).first()
        count = AuditEntry.objects.filter(id__lte=anchor["last_id"]).count()
        if entry is None:
            last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
            message = (
                f"cut tail: the anchor of {anchor['at']} names entry #{anchor['last_id']} "
                f"({anchor['count']} entries), the log now ends at #{last} ({count} entries up to it)"
            )
        elif entry != anchor["head"]:
            message = f"entry #{anchor['last_id']} differs from its anchor of {anchor['at']}: the chain was rewritten"
        elif count != anchor["count"]:
            message = (
                f"{anchor['count']} entries up to #{anchor['last_id']} when anchored on {anchor['at']}, {count} now"
            )
        else:
            continue
        problems.append(AnchorProblem(anchor, message))
    return problems
