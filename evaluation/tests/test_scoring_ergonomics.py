"""Issue 19, item 11: the scorecard shows the producer's self-assessment beside each criterion and
leads on to the next dossier to score; the member's work list shows the scoring deadline."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluation.enums import Level
from evaluation.models import AnswerOption, Criterion, RoundDeadline, SelfAssessmentAnswer
from evaluation.services.councils import council_assign
from evaluation.tests.test_councils import P55, accepted_dossier, make_council, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossiers = [accepted_dossier(commune=commune, checker=district_officer) for _ in range(2)]
    assignments = council_assign(council=council, dossiers=dossiers, by=district_officer)
    return assignments, members[2]


def test_the_producers_self_assessment_is_beside_the_criterion(two, client_for):
    (first, _second), member = two
    criterion = Criterion.objects.get(sheet=first.dossier.sheet, code="1.1")
    option = AnswerOption.objects.get(criterion=criterion, points=Decimal(20))
    SelfAssessmentAnswer.objects.create(dossier=first.dossier, criterion=criterion, option=option)
    score(first, member, P55, submit=False)

    page = client_for(member.user).get(reverse("evaluation:scorecard", args=[first.pk])).content.decode()
    block = page[page.index(f'id="criterion-{criterion.id}"') :]
    block = block[: block.index("</form>")]
    assert "Chủ thể tự đánh giá" in block
    assert f"mức {option.number}: {option.text} (20 điểm)" in block


def test_the_scorecard_leads_to_the_next_dossier_to_score(two, client_for):
    (first, second), member = two
    client = client_for(member.user)
    score(first, member, P55, submit=False)
    page = client.get(reverse("evaluation:scorecard", args=[first.pk]))
    assert page.context["next_assignment"] == second
    assert f'href="{reverse("evaluation:scorecard", args=[second.pk])}"' in page.content.decode()
    assert "Lưu và sang hồ sơ tiếp theo" in page.content.decode()
    score(second, member, P55)  # submitted: nothing left after the first
    assert client.get(reverse("evaluation:scorecard", args=[first.pk])).context["next_assignment"] is None


def test_the_work_list_shows_the_scoring_deadline(two, client_for):
    (first, _second), member = two
    RoundDeadline.objects.create(round=first.dossier.round, level=Level.DISTRICT, scoring=datetime.date(2026, 12, 20))
    page = client_for(member.user).get(reverse("evaluation:council_work_list")).content.decode()
    assert "Hạn chấm" in page
    assert "20/12/2026" in page
