"""The dossier state machine's details that mutation testing found unpinned (docs/mutation.md):
the words of each refusal, what a return keeps, what a move without a level leaves, the audit
entry's level and note, who is told about a move (the commune officer, the province's staff only
when the province has something to do, nobody of another province or district), and that the
dossiers a council or decision service locks up front hold back a move of one of them; and that
these locks are FOR NO KEY UPDATE of the dossier alone: a row referencing the dossier may be written,
and its product locked by an issuing, while a move is under way."""

import pytest
from django.core.exceptions import PermissionDenied

from evaluation.enums import DossierState as S
from evaluation.enums import Level
from evaluation.models import Dossier, DossierTransition
from evaluation.services.certificates.issuing import products_lock
from evaluation.services.transitions import dossier_transition, dossiers_lock
from evaluation.tests.factories import DossierFactory

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from ocop_portal.core.models import AuditEntry, Notification
from ocop_portal.testing import factories as f
from ocop_portal.testing.concurrency import run_while_held, second_waits_for_first

pytestmark = pytest.mark.django_db


def _at(dossier, state):
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    return dossier


def _told(dossier):
    return set(
        Notification.objects.filter(url=f"/evaluation/dossiers/{dossier.pk}/").values_list(
            "recipient__username", flat=True
        )
    )


@pytest.fixture
def everyone(province, district_officer, other_district_officer, commune_officer, other_commune_officer, producer):
    """The users who could be told: province staff here (returned) and in another province, the
    dossier's district officer and another district's, the commune officer and a sibling commune's,
    the producer, a user with no role."""
    other_province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    f.UserFactory(username="staff-bn", staff_province=other_province)
    f.UserFactory(username="norole")
    return f.UserFactory(username="staff", staff_province=province)


def test_a_step_only_councils_and_decisions_make_is_refused_in_those_words(dossier, district_officer):
    _at(dossier, S.ACCEPTED)

    with pytest.raises(PermissionDenied) as caught:
        dossier_transition(dossier, S.IN_SCORING, by=district_officer)

    assert str(caught.value) == "Bước này chỉ được thực hiện qua Hội đồng hoặc quyết định."


def test_a_user_the_rule_refuses_is_told_so_in_those_words(dossier, other_district_officer):
    with pytest.raises(PermissionDenied) as caught:
        dossier_transition(dossier, S.SUBMITTED, by=other_district_officer)

    assert str(caught.value) == "Bạn không có quyền thực hiện bước này với hồ sơ."


def test_a_return_keeps_its_reason_on_the_dossier_and_in_the_audit_entry(dossier, district_officer):
    _at(dossier, S.SUBMITTED)

    dossier_transition(dossier, S.RETURNED, by=district_officer, note="Thiếu giấy kiểm nghiệm")

    assert dossier.return_reasons == "Thiếu giấy kiểm nghiệm"
    audit = AuditEntry.objects.get(action="dossier.returned", object_id=str(dossier.pk))
    assert (audit.note, audit.changes) == (
        "Thiếu giấy kiểm nghiệm",
        {"state": [S.SUBMITTED, S.RETURNED], "level": Level.DISTRICT},
    )


def test_a_move_without_a_level_or_a_note_keeps_the_level_and_records_no_note(dossier, district_officer):
    _at(dossier, S.SUBMITTED)

    dossier_transition(dossier, S.ACCEPTED, by=district_officer)

    assert (dossier.state, dossier.current_level, dossier.return_reasons, dossier.version) == (
        S.ACCEPTED,
        Level.DISTRICT,
        "",
        2,
    )
    assert list(DossierTransition.objects.filter(dossier=dossier).values_list("level", "note")) == [
        (Level.DISTRICT, "")
    ]
    assert AuditEntry.objects.get(action="dossier.accepted", object_id=str(dossier.pk)).note == ""


def test_a_move_to_a_level_records_the_new_level_in_the_audit_entry(dossier, district_officer):
    _at(dossier, S.SCORED)

    dossier_transition(dossier, S.FORWARDED, by=district_officer, level=Level.PROVINCE, by_service=True)

    audit = AuditEntry.objects.get(action="dossier.forwarded", object_id=str(dossier.pk))
    assert audit.changes == {"state": [S.SCORED, S.FORWARDED], "level": Level.PROVINCE}


def test_a_submission_tells_the_commune_officer_the_district_the_province_and_the_producer(dossier, everyone):
    dossier_transition(dossier, S.SUBMITTED, by=dossier.created_by)

    assert _told(dossier) == {"xa", "officer", "staff", "producer"}


@pytest.mark.parametrize(
    ("before", "to", "province_told"),
    [(S.SCORED, S.FORWARDED, True), (S.IN_SCORING, S.SCORED, True), (S.SCORED, S.DECIDED, False)],
)
def test_the_province_is_told_of_forwards_and_scores_not_of_decisions(dossier, everyone, before, to, province_told):
    _at(dossier, before)

    dossier_transition(dossier, to, by=everyone, by_service=True)

    assert _told(dossier) == {"xa", "officer", "producer"} | ({"staff"} if province_told else set())


def test_a_return_tells_the_preparers_with_its_reason_and_not_the_province(dossier, district_officer, everyone):
    _at(dossier, S.SUBMITTED)

    dossier_transition(dossier, S.RETURNED, by=district_officer, note="Thiếu giấy kiểm nghiệm")

    assert _told(dossier) == {"xa", "officer", "producer"}
    notice = Notification.objects.filter(recipient__username="producer").get()
    assert (notice.subject, notice.body) == (
        f"Hồ sơ “{dossier.product.name}”: Trả lại để bổ sung",
        "Thiếu giấy kiểm nghiệm",
    )


def test_a_dossier_filed_at_the_province_tells_no_district_officer(dossier, everyone):
    Dossier.objects.filter(pk=dossier.pk).update(district=None, current_level=Level.PROVINCE)
    dossier.refresh_from_db()

    dossier_transition(dossier, S.SUBMITTED, by=everyone)

    assert _told(dossier) == {"xa", "staff", "producer"}


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_move_of_a_dossier_a_service_has_locked_waits_for_the_service(dossier, other_product, producer):
    """A council or a decision locks its dossiers before its first move (dossiers_lock); the
    producer's submission of one of them must wait until that service commits, and then sees
    what it committed (here, a notice it wrote)."""
    second = DossierFactory(product=other_product, round=dossier.round, sheet=dossier.sheet)

    def service():
        dossiers_lock([second.pk, dossier.pk])
        Notification.objects.create(recipient=producer, subject="Phiên họp Hội đồng")

    def submit():
        dossier_transition(dossier, S.SUBMITTED, by=producer)
        return Notification.objects.filter(subject="Phiên họp Hội đồng").exists()

    locked, submitted = second_waits_for_first(service, submit)

    assert (locked.kind, submitted.kind, submitted.value) == ("ok", "ok", True)


# --- lock strength: FOR NO KEY UPDATE of the dossier's row only ---------------------------------


def _write_history(dossier):
    def write():
        return DossierTransition.objects.create(
            dossier=dossier, from_state=S.DRAFT, to_state=S.DRAFT, level=dossier.current_level, note="ghi chú"
        ).pk

    return write


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_row_referencing_a_dossier_may_be_written_while_the_dossier_moves(dossier):
    kind, value = run_while_held(
        lambda: dossier_transition(dossier, S.SUBMITTED, by=dossier.created_by), _write_history(dossier)
    )
    assert kind == "ok", value
    assert Dossier.objects.get(pk=dossier.pk).state == S.SUBMITTED


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_product_of_a_dossier_that_moves_is_not_locked_by_the_move(dossier):
    """The move locks the dossier's row, not the product it reads with it: a decision issuing for
    that product (products_lock) is not held back by it."""
    kind, value = run_while_held(
        lambda: dossier_transition(dossier, S.SUBMITTED, by=dossier.created_by),
        lambda: products_lock([dossier.product_id]),
    )
    assert kind == "ok", value


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_row_referencing_a_dossier_may_be_written_while_a_service_holds_it(dossier):
    kind, value = run_while_held(lambda: dossiers_lock([dossier.pk]), _write_history(dossier))
    assert kind == "ok", value
    assert DossierTransition.objects.filter(dossier=dossier, note="ghi chú").count() == 1
