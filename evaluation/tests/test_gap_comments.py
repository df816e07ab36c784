"""Issue 19, item 10: the producer's gap report carries the council members' comments under each
criterion below full marks, without who wrote them; the certificate page does not call an
unsubmitted re-evaluation draft "being processed"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.enums import DossierKind, DossierState
from evaluation.models import Dossier
from evaluation.selectors.certificates import certificate_next_step, renewal_deadline
from evaluation.selectors.councils import gap_report
from evaluation.services.councils import assignment_close, council_assign
from evaluation.tests.factories import DossierFactory
from evaluation.tests.test_certificates_helpers import issue
from evaluation.tests.test_councils import P55, accepted_dossier, make_council, score
from evaluation.tests.test_decisions import _record
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    score(assignment, members[0], P55, comment="Thiếu giấy chứng nhận VietGAP")
    score(assignment, members[1], P55, comment="Chưa có vùng nguyên liệu ổn định")
    score(assignment, members[2], P55, comment="Thiếu giấy chứng nhận VietGAP")
    assignment_close(assignment=assignment, by=members[0].user)
    dossier.refresh_from_db()
    _record(dossier, by=district_officer)
    dossier.refresh_from_db()
    dossier.members = members
    return dossier


def test_comments_below_full_marks_reach_the_producer_anonymised(decided, client_for):
    producer = f.UserFactory(username="gap-producer")
    f.ProducerMembershipFactory(user=producer, producer=decided.product.producer)
    rows = {row.code: row for row in gap_report(decided).rows}
    # each comment once, in a fixed order; none where the council gave full marks
    expected = ("Chưa có vùng nguyên liệu ổn định", "Thiếu giấy chứng nhận VietGAP")
    assert rows["1.1"].comments == expected
    assert rows["6.1"].comments == expected
    assert rows["4.1"].comments == ()

    page = client_for(producer).get(reverse("evaluation:dossier_gap_report", args=[decided.pk])).content.decode()
    assert "Thiếu giấy chứng nhận VietGAP" in page and "Chưa có vùng nguyên liệu ổn định" in page
    for member in decided.members:
        assert member.user.display_name not in page
        assert member.user.username not in page


@pytest.fixture
def certificate(producer_record):
    return issue(f.ProductFactory(producer=producer_record, name="Gà đồi"), stars=3, on=timezone.localdate())


def _renewal(certificate, state):
    dossier = DossierFactory(
        product=certificate.product, kind=DossierKind.REEVALUATION, renews_certificate=certificate, state=state
    )
    return Dossier.objects.get(pk=dossier.pk)


def _next(certificate):
    from evaluation.selectors.certificates import certificate_detail_for

    fresh = certificate_detail_for(certificate.producer.memberships.first().user).get(pk=certificate.pk)
    return certificate_next_step(fresh, timezone.localdate()).text


@pytest.mark.parametrize(
    ("state", "says"),
    [
        (DossierState.DRAFT, "đang soạn, chưa nộp"),
        (DossierState.RETURNED, "bị trả lại"),
        (DossierState.SUBMITTED, "đã nộp và đang được xử lý"),
        (DossierState.IN_SCORING, "đã nộp và đang được xử lý"),
    ],
)
def test_a_draft_is_not_being_processed(certificate, producer, state, says):
    _renewal(certificate, state)
    text = _next(certificate)
    assert says in text
    if state in (DossierState.DRAFT, DossierState.RETURNED):
        assert "đang được xử lý" not in text
        assert renewal_deadline(certificate.valid_until).strftime("%d/%m/%Y") in text


def test_no_renewal_still_says_when_to_file(certificate, producer):
    assert "Nộp hồ sơ đánh giá lại trước" in _next(certificate)
