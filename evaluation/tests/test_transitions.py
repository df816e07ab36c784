"""The dossier state machine, table-driven: every (from, to) pair over DossierState."""

import itertools

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.enums import DossierState as S
from evaluation.enums import Level
from evaluation.models import Dossier, DossierTransition
from evaluation.rules.dossiers import can_check_dossier, can_prepare_dossier
from evaluation.services.transitions import TRANSITIONS, allowed_targets, dossier_transition
from evaluation.tests.factories import DossierFactory

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from ocop_portal.core.models import AuditEntry, Notification

ALL_PAIRS = list(itertools.product(S.values, S.values))
ALLOWED_BY_PERSON = [pair for pair, rule in TRANSITIONS.items() if rule.predicate is not None]
SERVICE_ONLY = [pair for pair, rule in TRANSITIONS.items() if rule.predicate is None]
FORBIDDEN = [pair for pair in ALL_PAIRS if pair not in TRANSITIONS]

PREPARERS = ["district_officer", "province_staff", "producer"]
CHECKERS = ["district_officer", "province_staff"]
OUTSIDERS = ["other_district_officer", "other_producer", "plain_user"]


def test_table_covers_expected_pairs():
    assert sorted(ALLOWED_BY_PERSON) == sorted(
        [
            (S.DRAFT, S.SUBMITTED),
            (S.DRAFT, S.WITHDRAWN),
            (S.SUBMITTED, S.RETURNED),
            (S.SUBMITTED, S.ACCEPTED),
            (S.SUBMITTED, S.WITHDRAWN),
            (S.RETURNED, S.SUBMITTED),
            (S.RETURNED, S.WITHDRAWN),
        ]
    )
    assert len(SERVICE_ONLY) == 8
    assert len(FORBIDDEN) == 81 - 15


def _personas_allowed(pair):
    rule = TRANSITIONS[pair]
    if rule.predicate is can_check_dossier:
        return CHECKERS
    assert rule.predicate is can_prepare_dossier
    return PREPARERS


PERSON_CASES = [
    (frm, to, persona, persona in _personas_allowed((frm, to)))
    for (frm, to) in ALLOWED_BY_PERSON
    for persona in PREPARERS + OUTSIDERS
]


@pytest.mark.parametrize(("frm", "to", "persona_name", "allowed"), PERSON_CASES)
def test_transition_by_person(frm, to, persona_name, allowed, persona, product, open_round, sheet, district_officer):
    user = persona(persona_name)
    dossier = DossierFactory(product=product, round=open_round, sheet=sheet, state=frm)
    note = "Thiếu phiếu kiểm nghiệm" if TRANSITIONS[(frm, to)].needs_note else ""
    if not allowed:
        with pytest.raises(PermissionDenied):
            dossier_transition(dossier, to, by=user, note=note)
        assert Dossier.objects.get(pk=dossier.pk).state == frm
        assert DossierTransition.objects.filter(dossier=dossier).count() == 0
        return
    dossier_transition(dossier, to, by=user, note=note)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.version) == (to, 2)
    history = list(
        DossierTransition.objects.filter(dossier=dossier).values_list("from_state", "to_state", "by", "note")
    )
    assert history == [(frm, to, user.pk, note)]
    audit = AuditEntry.objects.get(action=f"dossier.{to}", object_id=str(dossier.pk))
    assert (audit.actor_id, audit.changes["state"]) == (user.pk, [frm, to])
    notified = Notification.objects.filter(url=f"/evaluation/dossiers/{dossier.pk}/", recipient=district_officer)
    assert notified.count() == 1


@pytest.mark.parametrize(("frm", "to"), SERVICE_ONLY)
def test_service_only_transition_refused_without_by_service(frm, to, district_officer, product, open_round, sheet):
    dossier = DossierFactory(product=product, round=open_round, sheet=sheet, state=frm)
    with pytest.raises(PermissionDenied):
        dossier_transition(dossier, to, by=district_officer)
    assert Dossier.objects.get(pk=dossier.pk).state == frm


@pytest.mark.parametrize(("frm", "to"), SERVICE_ONLY)
def test_service_only_transition_made_by_service(frm, to, district_officer, product, open_round, sheet):
    dossier = DossierFactory(product=product, round=open_round, sheet=sheet, state=frm)
    dossier_transition(dossier, to, by=district_officer, by_service=True, level=Level.PROVINCE)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level) == (to, Level.PROVINCE)
    assert list(dossier.transitions.values_list("from_state", "to_state", "level")) == [(frm, to, Level.PROVINCE)]


@pytest.mark.parametrize(("frm", "to"), FORBIDDEN)
def test_forbidden_transition_raises_validation_error(frm, to, district_officer, product, open_round, sheet):
    dossier = DossierFactory(product=product, round=open_round, sheet=sheet, state=frm)
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier, to, by=district_officer, note="x", by_service=True)
    assert caught.value.messages == [f"Không thể chuyển hồ sơ từ “{S(frm).label}” sang “{S(to).label}”."]
    dossier.refresh_from_db()
    assert (dossier.state, dossier.version) == (frm, 1)
    assert DossierTransition.objects.filter(dossier=dossier).count() == 0


def test_return_without_reason_is_refused(dossier, district_officer):
    Dossier.objects.filter(pk=dossier.pk).update(state=S.SUBMITTED)
    with pytest.raises(ValidationError) as caught:
        dossier_transition(dossier, S.RETURNED, by=district_officer, note="  ")
    assert caught.value.message_dict == {"note": ["Hãy ghi rõ lý do."]}
    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED


def test_submission_records_time_and_notifies_province_staff(dossier, district_officer, province_staff, producer):
    dossier_transition(dossier, S.SUBMITTED, by=district_officer)
    dossier.refresh_from_db()
    assert dossier.submitted_at is not None
    recipients = set(
        Notification.objects.filter(url=f"/evaluation/dossiers/{dossier.pk}/").values_list("recipient", flat=True)
    )
    assert recipients == {district_officer.pk, province_staff.pk, producer.pk}


def test_allowed_targets_per_persona(dossier, district_officer, producer, other_producer):
    Dossier.objects.filter(pk=dossier.pk).update(state=S.SUBMITTED)
    dossier.refresh_from_db()
    assert sorted(allowed_targets(dossier, district_officer)) == sorted([S.RETURNED, S.ACCEPTED, S.WITHDRAWN])
    assert allowed_targets(dossier, producer) == [S.WITHDRAWN]
    assert allowed_targets(dossier, other_producer) == []


def test_notification_email_sent_after_commit(dossier, district_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier_transition(dossier, S.SUBMITTED, by=district_officer)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Hồ sơ “{dossier.product.name}”: Đã nộp"
