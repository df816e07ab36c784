"""The dossier and round reads, as the pages use them (docs/mutation.md): the queue's filters, a
producer's own dossiers, newest first even within one instant, the counts per state, the rounds
and products each role may open a dossier in, the certificates it may renew, the sheet as the
self-assessment page shows it and the producer's timeline."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from evaluation.enums import CertificateStatus, DossierKind, RoundState
from evaluation.enums import DossierState as S
from evaluation.models import AnswerOption, Criterion, Dossier, SelfAssessmentAnswer
from evaluation.selectors.dossiers import (
    QueueFilters,
    certificates_for_renewal,
    dossier_evidence,
    dossier_for_page,
    dossier_history,
    dossier_queue,
    dossier_states_in_scope,
    dossiers_visible_to,
    open_rounds_for,
    producer_dossiers,
    products_for_new_dossier,
    rounds_visible_to,
    self_assessment_view,
    timeline_steps,
)
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory, RoundFactory, build_sheet

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import attach_evidence
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


def _names(queryset):
    return [d.product.name for d in queryset]


# The queue ---------------------------------------------------------------------------------------


@pytest.fixture
def queue(product, other_product, open_round, sheet, district_officer):
    """In the district: the producer's product in the open round (a draft) and, submitted, in a
    second round; a re-evaluation of a product of another producer named "Mật ong". Elsewhere in
    the province: the other district's product."""
    second_round = RoundFactory(province=open_round.province, framework=open_round.framework, number=2)
    honey = f.ProductFactory(
        producer=f.ProducerFactory(commune=product.commune, name="HTX Ong Yên Thế"), name="Mật ong Yên Thế"
    )
    return {
        "draft": DossierFactory(product=product, round=open_round, sheet=sheet),
        "submitted": DossierFactory(product=product, round=second_round, sheet=sheet, state=S.SUBMITTED),
        "honey": DossierFactory(product=honey, round=open_round, sheet=sheet, kind=DossierKind.REEVALUATION),
        "elsewhere": DossierFactory(product=other_product, round=open_round, sheet=sheet),
    }


def _queue(user, **filters):
    return set(dossier_queue(user, QueueFilters(**filters)))


def test_the_queue_narrows_by_round_state_kind_and_search(queue, district_officer, open_round):
    draft, submitted, honey = queue["draft"], queue["submitted"], queue["honey"]

    assert _queue(district_officer) == {draft, submitted, honey}
    assert _queue(district_officer, round_id=open_round.pk) == {draft, honey}
    assert _queue(district_officer, state=S.SUBMITTED) == {submitted}
    assert _queue(district_officer, kind=DossierKind.REEVALUATION) == {honey}
    assert _queue(district_officer, search="mật ong") == {honey}
    assert _queue(district_officer, search="HTX Ong") == {honey}
    assert _queue(district_officer, search="Gà đồi") == {draft, submitted}


def test_the_queue_is_the_users_scope_newest_first_in_three_queries(
    queue, province_staff, django_assert_num_queries, anonymous
):
    with django_assert_num_queries(3):  # the user's seats, their producer link, the rows
        rows = [
            (d.product.producer.name, d.round.number, d.district.name)
            for d in dossier_queue(province_staff, QueueFilters())
        ]

    assert len(rows) == 4
    assert list(dossier_queue(province_staff, QueueFilters())) == sorted(
        queue.values(), key=lambda d: (d.created_at, d.pk), reverse=True
    )
    assert _queue(anonymous) == set()


def test_dossiers_of_one_instant_are_listed_newest_id_first(queue, province_staff, producer):
    Dossier.objects.update(created_at=timezone.now())

    listed = list(dossiers_visible_to(province_staff))

    assert [d.pk for d in listed] == sorted((d.pk for d in queue.values()), reverse=True)
    assert [d.pk for d in producer_dossiers(producer)] == sorted(
        (queue["draft"].pk, queue["submitted"].pk), reverse=True
    )


def test_a_superuser_sees_every_dossier(queue):
    admin = f.UserFactory(username="admin", is_superuser=True, is_staff=True)

    assert set(dossiers_visible_to(admin)) == set(queue.values())


def test_a_dossier_list_reads_what_its_rows_show_with_the_rows(queue, province_staff, django_assert_num_queries):
    with django_assert_num_queries(3):  # the user's seats, their producer link, the rows
        rows = [
            (d.product.name, d.product.producer.name, d.round.year, d.district.name, d.province.name, d.sheet.title)
            for d in dossiers_visible_to(province_staff)
        ]

    assert len(rows) == 4


def test_a_producer_sees_their_own_dossiers_only(queue, producer, other_producer, district_officer, anonymous):
    assert set(producer_dossiers(producer)) == {queue["draft"], queue["submitted"]}
    assert set(producer_dossiers(other_producer)) == {queue["elsewhere"]}
    assert list(producer_dossiers(district_officer)) == []
    assert list(producer_dossiers(anonymous)) == []


def test_a_dossier_page_opens_only_a_dossier_the_user_sees(queue, district_officer, other_district_officer):
    draft = queue["draft"]

    assert dossier_for_page(district_officer, draft.pk) == draft
    with pytest.raises(Dossier.DoesNotExist):
        dossier_for_page(other_district_officer, draft.pk)


def test_the_counts_per_state_are_over_the_users_dossiers(queue, district_officer, province_staff, plain_user):
    assert dossier_states_in_scope(district_officer) == {S.DRAFT: 2, S.SUBMITTED: 1}
    assert dossier_states_in_scope(province_staff) == {S.DRAFT: 3, S.SUBMITTED: 1}
    assert dossier_states_in_scope(plain_user) == {}


def test_history_and_evidence_are_in_the_order_they_happened_and_by_kind(dossier, district_officer, producer):
    dossier_transition(dossier, S.SUBMITTED, by=producer)
    dossier_transition(dossier, S.RETURNED, by=district_officer, note="Thiếu ảnh")
    dossier_transition(dossier, S.SUBMITTED, by=producer)
    from evaluation.enums import EvidenceType

    photos, registration = attach_evidence(
        dossier, producer, kinds=(EvidenceType.PHOTOS, EvidenceType.BUSINESS_REGISTRATION)
    )
    second_photos = attach_evidence(dossier, producer, kinds=(EvidenceType.PHOTOS,))[0]

    assert [(t.from_state, t.to_state, t.by.username) for t in dossier_history(dossier)] == [
        (S.DRAFT, S.SUBMITTED, "producer"),
        (S.SUBMITTED, S.RETURNED, "officer"),
        (S.RETURNED, S.SUBMITTED, "producer"),
    ]
    assert list(dossier_evidence(dossier)) == sorted(
        [photos, registration, second_photos], key=lambda e: (e.evidence_type, e.uploaded_at, e.pk)
    )


def test_history_of_one_instant_keeps_the_order_of_the_moves(dossier, district_officer, producer):
    dossier_transition(dossier, S.SUBMITTED, by=producer)
    dossier_transition(dossier, S.ACCEPTED, by=district_officer)
    dossier.transitions.update(at=timezone.now())

    assert [t.to_state for t in dossier_history(dossier)] == [S.SUBMITTED, S.ACCEPTED]


# Rounds, products, renewals ---------------------------------------------------------------------


@pytest.fixture
def rounds(province, framework_148):
    """Two rounds of the province (2026 no. 1 open, 2025 no. 3 closed) and one of another province."""
    elsewhere = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    return {
        "open": RoundFactory(province=province, framework=framework_148, year=2026, number=1),
        "closed": RoundFactory(
            province=province, framework=framework_148, year=2025, number=3, state=RoundState.CLOSED
        ),
        "elsewhere": RoundFactory(province=elsewhere, framework=framework_148, year=2026, number=1),
    }


def test_every_role_sees_its_provinces_rounds_newest_first(
    rounds, province, province_staff, district_officer, commune_officer, producer, plain_user, anonymous
):
    home = [rounds["open"], rounds["closed"]]
    province_commune = f.CommuneFactory(parent=province, code="07999", name="Xã Tân Sỏi")
    commune_2025_officer = f.UserFactory(username="xa-2025", officer_commune=province_commune)

    for user in (province_staff, district_officer, commune_officer, commune_2025_officer, producer):
        assert list(rounds_visible_to(user)) == home, user.username
    assert list(open_rounds_for(district_officer)) == [rounds["open"]]
    assert list(rounds_visible_to(plain_user)) == []
    assert list(rounds_visible_to(anonymous)) == []
    admin = f.UserFactory(username="admin", is_superuser=True)
    assert set(rounds_visible_to(admin)) == set(rounds.values())


def test_rounds_of_one_year_are_listed_by_number_and_two_provinces_rounds_newest_first(
    rounds, province, framework_148, province_staff
):
    second = RoundFactory(province=province, framework=framework_148, year=2026, number=2)
    admin = f.UserFactory(username="admin", is_superuser=True)

    assert list(rounds_visible_to(province_staff)) == [second, rounds["open"], rounds["closed"]]
    assert list(rounds_visible_to(admin)) == [second, rounds["elsewhere"], rounds["open"], rounds["closed"]]


def test_products_for_a_new_dossier_are_those_the_user_prepares_in_vietnamese_order(
    producer_record, other_producer_record, province_staff, district_officer, commune_officer, producer, plain_user
):
    ga = f.ProductFactory(producer=producer_record, name="Gà đồi")
    banh = f.ProductFactory(producer=producer_record, name="Bánh chưng")
    dua = f.ProductFactory(producer=producer_record, name="Dưa hấu")
    other = f.ProductFactory(producer=other_producer_record, name="Vải thiều")
    sibling = f.ProductFactory(
        producer=f.ProducerFactory(commune=f.CommuneFactory(parent=producer_record.district), name="HTX bên"),
        name="Chè xanh",
    )

    assert list(products_for_new_dossier(province_staff)) == [banh, sibling, dua, ga, other]
    assert list(products_for_new_dossier(district_officer)) == [banh, sibling, dua, ga]
    assert list(products_for_new_dossier(commune_officer)) == [banh, dua, ga]
    assert list(products_for_new_dossier(producer)) == [banh, dua, ga]
    assert list(products_for_new_dossier(plain_user)) == []
    assert list(products_for_new_dossier(AnonymousUser())) == []


def test_products_of_one_name_are_listed_in_the_order_they_were_made(commune, commune_officer):
    first, second = (f.ProductFactory(producer=f.ProducerFactory(commune=commune), name="Gà đồi") for _ in range(2))

    assert list(products_for_new_dossier(commune_officer)) == [first, second]


def test_the_certificates_to_renew_are_those_in_force_of_the_users_products(
    producer_record, other_producer_record, producer, province_staff
):
    from evaluation.tests.test_certificates_helpers import issue

    ga = issue(f.ProductFactory(producer=producer_record, name="Gà đồi"))
    banh = issue(f.ProductFactory(producer=producer_record, name="Bánh chưng"))
    revoked = issue(f.ProductFactory(producer=producer_record, name="Chè xanh"))
    revoked.status = CertificateStatus.REVOKED
    revoked.save(update_fields=["status"])
    other = issue(f.ProductFactory(producer=other_producer_record, name="Vải thiều"))

    assert list(certificates_for_renewal(producer)) == [banh, ga]
    assert list(certificates_for_renewal(province_staff)) == [banh, ga, other]


def test_certificates_of_products_of_one_name_are_listed_newest_first(commune, commune_officer):
    from evaluation.tests.test_certificates_helpers import issue

    older = issue(f.ProductFactory(producer=f.ProducerFactory(commune=commune), name="Gà đồi"))
    newer = issue(
        f.ProductFactory(producer=f.ProducerFactory(commune=commune), name="Gà đồi"), on=datetime.date(2026, 8, 1)
    )

    assert list(certificates_for_renewal(commune_officer)) == [newer, older]


# The sheet and the timeline ---------------------------------------------------------------------

SPEC = [
    ("C", 6, "6.1", [(0, None), (5, 3), (20, None)]),
    ("A", 1, "1.2", [(0, None), (10, None)]),
    ("A", 1, "1.1", [(0, None), (10, 3), (20, 4)]),
    ("B", 4, "4.1", [(0, None), (15, None), (25, None)]),
]


def test_the_self_assessment_view_orders_the_sheet_and_totals_the_choices(product, open_round, framework_148):
    sheet = build_sheet(framework_obj=framework_148, product_set=product.product_set, spec=SPEC, version=2)
    Criterion.objects.filter(sheet=sheet, code="1.2").update(order=9)
    bare = Criterion.objects.create(
        sheet=sheet,
        group=Criterion.objects.get(sheet=sheet, code="1.1").group,
        code="1.3",
        name="Không có mức",
        max_points=0,
        order=10,
    )
    dossier = DossierFactory(product=product, round=open_round, sheet=sheet, case_choices={"1.1": "b"})
    for code, points in (("1.1", 20), ("6.1", 5)):
        option = AnswerOption.objects.get(criterion__sheet=sheet, criterion__code=code, points=points)
        SelfAssessmentAnswer.objects.create(dossier=dossier, criterion=option.criterion, option=option)

    view = self_assessment_view(dossier)

    assert [block.part.code for block in view.parts] == ["A", "B", "C"]
    part_a = view.parts[0]
    ((_group, rows),) = part_a.groups
    assert [row.criterion.code for row in rows] == ["1.1", "1.2"]
    assert bare.code not in [row.criterion.code for block in view.parts for _g, rs in block.groups for row in rs]
    assert [(row.chosen_case, row.points, row.chosen_option_id is not None) for row in rows] == [
        ("b", Decimal(20), True),
        ("", None, False),
    ]
    assert [(b.answered, b.total, b.points) for b in view.parts] == [
        (1, 2, Decimal(20)),
        (0, 1, Decimal(0)),
        (1, 1, Decimal(5)),
    ]
    assert (view.answered, view.total, view.points) == (2, 4, Decimal(25))


STEPS = ["Đang soạn", "Đã nộp", "Đã tiếp nhận", "Hội đồng đang chấm", "Đã có kết quả chấm", "Đã có quyết định"]


@pytest.mark.parametrize(
    ("state", "statuses", "labels"),
    [
        (S.DRAFT, ["current", "todo", "todo", "todo", "todo", "todo"], STEPS),
        (S.RETURNED, ["done", "current", "todo", "todo", "todo", "todo"], [STEPS[0], "Trả lại để bổ sung", *STEPS[2:]]),
        (
            S.FORWARDED,
            ["done", "done", "current", "todo", "todo", "todo"],
            [*STEPS[:2], "Đã chuyển cấp trên", *STEPS[3:]],
        ),
        (S.DECIDED, ["done", "done", "done", "done", "done", "current"], STEPS),
        (S.WITHDRAWN, ["todo"] * 6, STEPS),
    ],
)
def test_the_timeline_marks_the_steps_done_the_current_one_and_those_to_come(state, statuses, labels):
    steps = timeline_steps(Dossier(state=state))

    assert [(step["label"], step["status"]) for step in steps] == list(zip(labels, statuses, strict=True))
