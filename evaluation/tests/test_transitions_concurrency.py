"""The dossier state machine under parallel requests (real PostgreSQL connections): the row lock
makes the second of two clashing transitions read the state the first committed."""

import pytest

from evaluation.enums import DossierState as S
from evaluation.models import Dossier, DossierTransition
from evaluation.services.transitions import allowed_targets, dossier_transition

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from ocop_portal.testing.concurrency import second_waits_for_first


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_withdrawal_while_the_officer_accepts_is_refused(dossier, district_officer, producer):
    """The officer accepts a submitted dossier; the producer presses "withdraw" on the page they
    loaded before. The withdrawal must see the acceptance and be refused, not overwrite it."""
    dossier_transition(dossier, S.SUBMITTED, by=producer)

    accept, withdraw = second_waits_for_first(
        lambda: dossier_transition(dossier, S.ACCEPTED, by=district_officer),
        lambda: dossier_transition(dossier, S.WITHDRAWN, by=producer),
    )

    assert (accept.kind, withdraw.kind) == ("ok", "refused")
    assert withdraw.messages == ["Không thể chuyển hồ sơ từ “Đã tiếp nhận” sang “Đã rút”."]
    assert Dossier.objects.get(pk=dossier.pk).state == S.ACCEPTED
    assert list(DossierTransition.objects.filter(dossier=dossier).values_list("from_state", "to_state")) == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.ACCEPTED),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.ACCEPTED, S.IN_SCORING, S.SCORED, S.FORWARDED, S.DECIDED, S.WITHDRAWN])
def test_no_button_for_a_step_only_councils_and_decisions_make(state, dossier, district_officer, province_staff):
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    assert (allowed_targets(dossier, district_officer), allowed_targets(dossier, province_staff)) == ([], [])
