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
from evaluation.models import AnswerOption, Criterion, Dossier, Round, SelfAssessmentAnswer
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
from products.models import Product

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


# What the dossier's pages read, with the rows (the first run's survivors) ------------------------


def test_a_dossier_page_reads_its_round_framework_and_renewed_certificate_with_the_dossier(
    dossier, district_officer, django_assert_num_queries
):
    from evaluation.tests.test_certificates_helpers import issue

    certificate = issue(dossier.product)
    Dossier.objects.filter(pk=dossier.pk).update(renews_certificate=certificate)

    with django_assert_num_queries(3):  # the user's seats, their producer link, the dossier
        page = dossier_for_page(district_officer, dossier.pk)
        shown = (page.round.framework.code, page.renews_certificate.number, page.product.name, page.sheet.title)

    assert shown[0] == dossier.round.framework.code
    assert shown[1] == certificate.number


def test_history_follows_when_each_move_happened_not_the_order_rows_were_written(
    dossier, district_officer, producer, django_assert_num_queries
):
    dossier_transition(dossier, S.SUBMITTED, by=producer)
    dossier_transition(dossier, S.ACCEPTED, by=district_officer)
    first, second = dossier.transitions.order_by("id")
    # Written in this order, but the acceptance's instant is the earlier one (rows of two
    # transactions committed out of order).
    dossier.transitions.filter(pk=first.pk).update(at=second.at + datetime.timedelta(seconds=1))

    with django_assert_num_queries(1):  # the moves with who made each
        history = [(t.to_state, t.by.username) for t in dossier_history(dossier)]

    assert history == [(S.ACCEPTED, "officer"), (S.SUBMITTED, "producer")]


def test_evidence_of_one_kind_is_listed_by_upload_time_then_in_the_order_it_came(
    dossier, producer, django_assert_num_queries
):
    from evaluation.enums import EvidenceType
    from evaluation.models import EvidenceFile

    first, second, third = (attach_evidence(dossier, producer, kinds=(EvidenceType.PHOTOS,))[0] for _ in range(3))
    now = timezone.now()
    # The first row uploaded last: listed last, whatever its id.
    EvidenceFile.objects.filter(pk=first.pk).update(uploaded_at=now + datetime.timedelta(minutes=1))
    EvidenceFile.objects.filter(pk__in=[second.pk, third.pk]).update(uploaded_at=now)

    assert list(dossier_evidence(dossier)) == [second, third, first]

    # Three rows of one instant: by id, even when the row with the lowest id lies last in the
    # table (PostgreSQL returns ties in the order rows lie, unless told otherwise).
    EvidenceFile.objects.filter(pk__in=[first.pk, second.pk, third.pk]).update(uploaded_at=now)
    lowest = first.pk - 1
    EvidenceFile.objects.filter(pk=third.pk).update(id=lowest)

    with django_assert_num_queries(1):  # the files with who uploaded each
        listed = [(e.pk, e.uploaded_by.username) for e in dossier_evidence(dossier)]

    assert listed == [(lowest, "producer"), (first.pk, "producer"), (second.pk, "producer")]


def test_the_self_assessment_view_skips_a_criterion_without_levels_and_keeps_the_next(
    product, open_round, framework_148, django_assert_num_queries
):
    from evaluation.models import CriterionCase

    spec = [
        ("A", 1, "1.1", [(0, None), (10, 3), (20, 4)]),
        ("A", 1, "1.2", [(0, None), (5, None)]),
        ("A", 1, "1.3", [(0, None), (4, None), (8, None)]),
    ]
    sheet = build_sheet(framework_obj=framework_148, product_set=product.product_set, spec=spec, version=3)
    # A criterion with no level yet, between two that have some (in the criteria's order).
    bare = Criterion.objects.get(sheet=sheet, code="1.2")
    bare.options.all().delete()
    _case_a, case_b = (
        CriterionCase.objects.create(criterion=bare.group.criteria.get(code="1.1"), code=c, name=n, max_points=20)
        for c, n in (("a", "Có nhãn"), ("b", "Không nhãn"))
    )
    AnswerOption.objects.filter(criterion__sheet=sheet, criterion__code="1.1").update(case=case_b)
    dossier = DossierFactory(product=product, round=open_round, sheet=sheet, case_choices={"1.1": "b"})
    for code, points in (("1.1", 10), ("1.3", 8)):
        option = AnswerOption.objects.get(criterion__sheet=sheet, criterion__code=code, points=points)
        SelfAssessmentAnswer.objects.create(dossier=dossier, criterion=option.criterion, option=option)

    # The parts, groups, criteria, their levels, the levels' cases, the criteria's cases, the answers.
    with django_assert_num_queries(7):
        view = self_assessment_view(dossier)
        (block,) = view.parts
        ((_group, rows),) = block.groups
        shown = [
            (
                row.criterion.code,
                [(o.points, o.case.code if o.case else "") for o in row.options],
                [c.code for c in row.cases],
                row.points,
            )
            for row in rows
        ]

    assert shown == [
        ("1.1", [(Decimal(0), "b"), (Decimal(10), "b"), (Decimal(20), "b")], ["a", "b"], Decimal(10)),
        ("1.3", [(Decimal(0), ""), (Decimal(4), ""), (Decimal(8), "")], [], Decimal(8)),
    ]
    assert (block.answered, block.total, block.points) == (2, 2, Decimal(18))
    assert (view.answered, view.total, view.points) == (2, 2, Decimal(18))


def test_my_dossiers_are_newest_first_by_creation_with_product_and_round_in_one_query(
    queue, producer, django_assert_num_queries
):
    # The draft was written first but created later (a dossier's row copied back from an import):
    # the list follows when each was created, not the ids.
    draft, submitted = queue["draft"], queue["submitted"]
    Dossier.objects.filter(pk=draft.pk).update(created_at=submitted.created_at + datetime.timedelta(hours=1))
    producer.producer_membership  # noqa: B018 - the link, read once by the page's user

    with django_assert_num_queries(1):  # the rows with their product and round
        rows = [(d.pk, d.product.name, d.round.number) for d in producer_dossiers(producer)]

    assert rows == [(draft.pk, draft.product.name, 1), (submitted.pk, submitted.product.name, 2)]


def test_rounds_are_listed_by_number_within_a_year_whatever_order_they_were_made(
    province, framework_148, province_staff, django_assert_num_queries
):
    third = RoundFactory(province=province, framework=framework_148, year=2026, number=3)
    first = RoundFactory(province=province, framework=framework_148, year=2026, number=1)

    with django_assert_num_queries(2):  # the user's producer link, the rounds with framework and province
        rows = [(r.pk, r.framework.code, r.province.name) for r in rounds_visible_to(province_staff)]

    assert [pk for pk, _code, _name in rows] == [third.pk, first.pk]


def test_rounds_of_one_number_in_two_provinces_are_listed_newest_id_first(rounds, province, framework_148):
    admin = f.UserFactory(username="admin", is_superuser=True)
    # The newer round's row rewritten last: the order is by id, not where rows lie.
    Round.objects.filter(pk=rounds["elsewhere"].pk).update(title="Đợt 1 Bắc Ninh")

    assert list(rounds_visible_to(admin)) == [rounds["elsewhere"], rounds["open"], rounds["closed"]]


def test_a_user_holding_roles_in_two_provinces_sees_the_rounds_of_both(rounds, province):
    elsewhere = rounds["elsewhere"].province
    staff_and_officer = f.UserFactory(
        username="hai-tinh",
        staff_province=province,
        officer_district=f.DistrictFactory(parent=elsewhere, code="256", name="Huyện Quế Võ"),
    )

    assert set(rounds_visible_to(staff_and_officer)) == set(rounds.values())


@pytest.mark.parametrize("role", ["district", "commune", "producer"])
def test_staff_of_one_province_with_a_role_in_another_sees_the_rounds_and_products_of_both(
    rounds, province, district, role
):
    """The union the module's docstring promises: each role adds its own rows."""
    elsewhere = rounds["elsewhere"].province
    far_district = f.DistrictFactory(parent=elsewhere, code="256", name="Huyện Quế Võ")
    far_commune = f.CommuneFactory(parent=far_district, code="09100", name="Xã Bằng An")
    roles = {"district": {"officer_district": far_district}, "commune": {"officer_commune": far_commune}}
    user = f.UserFactory(username="hai-tinh", staff_province=province, **roles.get(role, {}))
    far_producer = f.ProducerFactory(commune=far_commune, name="HTX Quế Võ")
    if role == "producer":
        f.ProducerMembershipFactory(user=user, producer=far_producer)
    home = f.ProductFactory(producer=f.ProducerFactory(commune=f.CommuneFactory(parent=district)), name="Gà đồi")
    far = f.ProductFactory(producer=far_producer, name="Bánh phu thê")

    assert set(rounds_visible_to(user)) == set(rounds.values())
    assert list(products_for_new_dossier(user)) == [far, home]


def test_a_district_officer_who_is_also_a_producer_of_another_district_prepares_both(district, other_district):
    officer = f.UserFactory(username="kiem-nhiem", officer_district=district)
    ours = f.ProductFactory(producer=f.ProducerFactory(commune=f.CommuneFactory(parent=district)), name="Gà đồi")
    own_producer = f.ProducerFactory(commune=f.CommuneFactory(parent=other_district), name="HTX Vải")
    f.ProducerMembershipFactory(user=officer, producer=own_producer)
    own = f.ProductFactory(producer=own_producer, name="Vải thiều")
    commune_officer = f.UserFactory(
        username="xa-kiem-nhiem", officer_district=other_district, officer_commune=ours.commune
    )

    assert list(products_for_new_dossier(officer)) == [ours, own]
    assert list(products_for_new_dossier(commune_officer)) == [ours, own]


def test_the_dossier_list_follows_when_each_was_created_not_the_ids(queue, province_staff):
    # The last row written carries the earliest creation time (copied back from an import).
    elsewhere = queue["elsewhere"]
    Dossier.objects.filter(pk=elsewhere.pk).update(created_at=queue["draft"].created_at - datetime.timedelta(days=1))

    listed = list(dossiers_visible_to(province_staff))

    assert listed[-1] == elsewhere
    assert [d.pk for d in listed[:-1]] == sorted((d.pk for k, d in queue.items() if k != "elsewhere"), reverse=True)


def test_products_of_one_name_are_listed_by_id_not_where_their_rows_lie(
    commune, commune_officer, django_assert_num_queries
):
    first, second = (
        f.ProductFactory(producer=f.ProducerFactory(commune=commune, name=f"HTX {n}"), name="Gà đồi") for n in (1, 2)
    )
    # The second product's row, lying last in the table, takes the lowest id: listed first.
    lowest = first.pk - 1
    Product.objects.filter(pk=second.pk).update(id=lowest)

    with django_assert_num_queries(2):  # the user's producer link, the products with producer and set
        rows = [(p.pk, p.producer.name, p.product_set.code) for p in products_for_new_dossier(commune_officer)]

    assert [(pk, name) for pk, name, _code in rows] == [(lowest, "HTX 2"), (first.pk, "HTX 1")]


def test_the_certificates_to_renew_are_read_with_their_product(producer_record, producer, django_assert_num_queries):
    from evaluation.tests.test_certificates_helpers import issue

    issue(f.ProductFactory(producer=producer_record, name="Gà đồi"))
    issue(f.ProductFactory(producer=producer_record, name="Bánh chưng"))
    producer.producer_membership  # noqa: B018 - the link, read once by the page's user

    with django_assert_num_queries(1):  # the certificates with their product
        labels = [c.product.name for c in certificates_for_renewal(producer)]

    assert labels == ["Bánh chưng", "Gà đồi"]
