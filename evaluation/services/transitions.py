"""The dossier state machine: one table of allowed transitions and the one function that
changes Dossier.state (STYLE.md). Everything else calls dossier_transition()."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log

from ..enums import DossierState as S
from ..models import Dossier, DossierTransition
from ..rules.dossiers import can_check_dossier, can_prepare_dossier


@dataclass(frozen=True)
class Rule:
    # None: the transition is made only by an evaluation service that has checked its own rule
    # (council opening/closing, decisions) and calls with `by_service=True`.
    predicate: object | None
    needs_note: bool = False


TRANSITIONS: dict[tuple[str, str], Rule] = {
    (S.DRAFT, S.SUBMITTED): Rule(can_prepare_dossier),
    (S.DRAFT, S.WITHDRAWN): Rule(can_prepare_dossier),
    (S.SUBMITTED, S.RETURNED): Rule(can_check_dossier, needs_note=True),
    (S.SUBMITTED, S.ACCEPTED): Rule(can_check_dossier),
    (S.SUBMITTED, S.WITHDRAWN): Rule(can_prepare_dossier),
    (S.RETURNED, S.SUBMITTED): Rule(can_prepare_dossier),
    (S.RETURNED, S.WITHDRAWN): Rule(can_prepare_dossier),
    (S.ACCEPTED, S.IN_SCORING): Rule(None),
    (S.ACCEPTED, S.FORWARDED): Rule(None),  # a level that only checks (commune under QĐ 1489)
    (S.IN_SCORING, S.SCORED): Rule(None),
    (S.SCORED, S.FORWARDED): Rule(None),
    (S.SCORED, S.DECIDED): Rule(None),
    (S.FORWARDED, S.IN_SCORING): Rule(None),
    (S.FORWARDED, S.SCORED): Rule(None),  # the central outcome is recorded on the provincial result
    (S.FORWARDED, S.DECIDED): Rule(None),
}


def allowed_targets(dossier: Dossier, user) -> list[str]:
    """The states this user may move this dossier to by hand (for buttons on the page)."""
    return [
        to
        for (frm, to), rule in TRANSITIONS.items()
        if frm == dossier.state and rule.predicate is not None and rule.predicate.test(user, dossier)
    ]


def dossiers_lock(dossier_ids) -> None:
    """Lock these dossiers' rows (theirs only), in id order, inside the caller's transaction.

    A service that moves several dossiers calls it before the first move: taken one by one, each
    after the previous move's audit entry, a row lock would be waited for while holding the audit
    log's lock, which a single move of that dossier elsewhere waits for in turn — a deadlock.
    """
    list(
        Dossier.objects.select_for_update(no_key=True)
        .filter(pk__in=list(dossier_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def dossier_transition(
    dossier: Dossier, to: str, *, by, note: str = "", level: str | None = None, by_service: bool = False
) -> Dossier:
    """Move `dossier` to state `to`, if the table allows it and `by` may.

    Side effects: locks the dossier row, updates state (and current_level when `level` is
    given; submitted_at on a submission), writes a DossierTransition and an audit entry,
    notifies the people concerned after commit. Raises ValidationError for a transition the
    table forbids, PermissionDenied for a user the rule refuses.
    """
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(no_key=True, of=("self",)).select_related("product").get(pk=dossier.pk)
        )
        rule = TRANSITIONS.get((locked.state, to))
        if rule is None:
            raise ValidationError(
                _("Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.")
                % {"from": S(locked.state).label, "to": S(to).label}
            )
        if rule.predicate is None:
            if not by_service:
                raise PermissionDenied(_("Bước này chỉ được thực hiện qua Hội đồng hoặc quyết định."))
        elif not rule.predicate.test(by, locked):
            raise PermissionDenied(_("Bạn không có quyền thực hiện bước này với hồ sơ."))
        if rule.needs_note and not note.strip():
            raise ValidationError({"note": _("Hãy ghi rõ lý do.")})
        previous = locked.state
        locked.state = to
        if level:
            locked.current_level = level
        if to == S.RETURNED:
            locked.return_reasons = note
        if to == S.SUBMITTED:
            locked.submitted_at = timezone.now()
        locked.version += 1
        locked.save()
        DossierTransition.objects.create(
            dossier=locked, from_state=previous, to_state=to, level=locked.current_level, by=by, note=note
        )
        audit_log(
            actor=by,
            action=f"dossier.{to}",
            obj=locked,
            changes={"state": [previous, to], "level": locked.current_level},
            note=note,
        )
        _notify(locked, note)
    dossier.refresh_from_db()
    return dossier


def _notify(dossier: Dossier, note: str) -> None:
    from django.urls import reverse

    from ocop_portal.accounts.models import User
    from ocop_portal.core.services import notify

    recipients = set(
        User.objects.filter(
            Q(producer_membership__producer_id=dossier.product.producer_id)
            | Q(officer_commune_id=dossier.product.commune_id)
        )
    )
    if dossier.district_id:
        recipients |= set(User.objects.filter(officer_district_id=dossier.district_id))
    if dossier.state in (S.SUBMITTED, S.FORWARDED, S.SCORED):
        recipients |= set(User.objects.filter(staff_province_id=dossier.province_id))
    subject = _("Hồ sơ “%(product)s”: %(state)s") % {"product": dossier.product.name, "state": S(dossier.state).label}
    url = reverse("evaluation:dossier_detail", args=[dossier.pk])
    notify(recipients=recipients, subject=subject, body=note, url=url)
