"""Council rules a user depends on, each pinned from both sides: the quorum ratio's bounds and
who counts in the criterion scores (DOMAIN.md §5b)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from evaluation.enums import AssignmentState
from evaluation.models import Council
from evaluation.services.councils import assignment_close, council_assign, council_create
from evaluation.tests.test_councils import P55, P75, P80, P85, accepted_dossier, make_council, score

pytestmark = pytest.mark.django_db


def _create(province, staff, ratio):
    return council_create(
        province=province,
        level="province",
        jurisdiction=province,
        name="HĐ tỉnh",
        term_start=datetime.date(2026, 1, 1),
        quorum_ratio=D(ratio),
        by=staff,
    )


@pytest.mark.parametrize("ratio", ["0.75", "0.751", "1", "1.000"])
def test_quorum_ratio_from_the_legal_floor_to_one_is_kept(province, province_staff, ratio):
    council = _create(province, province_staff, ratio)
    council.refresh_from_db()
    assert council.quorum_ratio == D(ratio)


@pytest.mark.parametrize("ratio", ["0", "0.01", "0.749", "-0.5", "1.001", "1.5", "2"])
def test_quorum_ratio_below_the_legal_floor_or_above_one_is_refused(province, province_staff, ratio):
    with pytest.raises(ValidationError) as error:
        _create(province, province_staff, ratio)
    assert error.value.message_dict == {
        "quorum_ratio": ["Tỷ lệ tối thiểu phải từ 0,75 đến 1 (ít nhất 75 % thành viên, có người chủ trì)."]
    }
    assert not Council.objects.exists()


def test_a_card_of_a_member_recused_after_scoring_counts_in_neither_mean(province, district, commune, district_officer):
    """A conflict that comes to light after the member scored (the declaration corrected): the
    card stays on file but leaves the mean, the criterion scores and the members' list."""
    council, (chair, vice, m1, m2) = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    score(assignment, chair, P85)
    score(assignment, vice, P80)
    score(assignment, m1, P75)
    score(assignment, m2, P55)
    assignment.declarations.filter(member=m2).update(has_conflict=True, reason="Người thân của chủ thể")
    assignment_close(assignment=assignment, by=chair.user)
    result = assignment.result
    assert (assignment.state, assignment.mean_score) == (AssignmentState.CLOSED, D("80.00"))
    assert [(c["code"], c["score"]) for c in result["criteria"]] == [
        ("1.1", "33.33"),  # (40 + 20 + 40) / 3, not (40 + 20 + 40 + 10) / 4
        ("4.1", "21.67"),
        ("6.1", "25.00"),
    ]
    assert [m["member"] for m in result["members"]] == [chair.pk, vice.pk, m1.pk]
    assert [r["member"] for r in result["recused"]] == [m2.pk]
