"""Fairness on the pages: the presiding member's section on the council's page (only once every
eligible card is in), the department's yearly member table (a job computes it) and the criterion
analytics, per persona, with leak checks and query counts at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.enums import JobKind, JobState, MemberRole
from evaluation.models import Job
from evaluation.services.councils import assignment_close, conflict_declare, council_assign
from evaluation.tests.factories import RoundFactory
from evaluation.tests.test_councils import P55, P75, P80, P85, accepted_dossier, make_council, score
from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.testing import factories as f

SECTION = "mức thống nhất của các thành viên"


@pytest.fixture
def session(province, district, commune, district_officer):
    council, members = make_council(province=province, jurisdiction=district, name="Hội đồng OCOP huyện Yên Thế")
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    return assignment, members


def _page(client, user, assignment) -> str:
    client.force_login(user)
    response = client.get(reverse("evaluation:assignment_detail", args=[assignment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_presiding_member_sees_nothing_while_a_card_is_missing(client, session):
    assignment, (chair, vice, m1, m2) = session
    for member, points in ((chair, P85), (vice, P80), (m1, P75)):
        score(assignment, member, points)
    score(assignment, m2, P55, submit=False)  # a draft is not in

    assert SECTION not in _page(client, chair.user, assignment)


def test_the_presiding_member_sees_spread_median_and_disputed_criteria_once_all_are_in(client, session):
    assignment, (chair, vice, m1, m2) = session
    for member, points in ((chair, P85), (vice, P80), (m1, P75), (m2, P75)):
        score(assignment, member, points)

    page = _page(client, chair.user, assignment)

    assert SECTION in page
    # totals 85, 80, 75, 75: mean 78.75, median 77.50, spread 10 (the maximum, still allowed)
    for shown in ("78,75", "77,50", "75,00 – 85,00", "trong mức cho phép"):
        assert shown in page
    # 6.1 (0–35) spans 15 of 35 points: 20 (three cards) and 35 (one); 4.1 spans 10 of 25
    assert page.index("6.1 Tiêu chí 6.1") < page.index("4.1 Tiêu chí 4.1")
    assert "35,00 điểm: 1 · 20,00 điểm: 3" in page
    # nobody is named in the section
    section = page[page.index(SECTION) : page.index("Kết thúc phiên chấm")]
    assert not [m for m in (chair, vice, m1, m2) if m.user.display_name in section]


@pytest.mark.parametrize("who", ["vice", "m1", "district_officer", "province_staff"])
def test_nobody_but_the_presiding_member_sees_the_section(client, session, district_officer, province_staff, who):
    assignment, (chair, vice, m1, m2) = session
    for member in (chair, vice, m1, m2):
        score(assignment, member, P85)
    user = {"vice": vice.user, "m1": m1.user, "district_officer": district_officer, "province_staff": province_staff}[
        who
    ]
    assert SECTION not in _page(client, user, assignment)


def test_with_the_chair_recused_the_first_vice_chair_presides_and_sees_it(client, session):
    assignment, (chair, vice, m1, m2) = session
    conflict_declare(assignment=assignment, member=chair, has_conflict=True, reason="Cùng xã", by=chair.user)
    for member in (vice, m1, m2):
        score(assignment, member, P85)

    assert SECTION in _page(client, vice.user, assignment)
    assert SECTION not in _page(client, chair.user, assignment)


def test_in_reconciliation_the_revised_card_replaces_the_original(client, session):
    assignment, (chair, vice, m1, m2) = session
    for member, points in ((chair, P85), (vice, P85), (m1, P85), (m2, P55)):
        score(assignment, member, points)
    assignment_close(assignment=assignment, by=chair.user)  # 85 − 55 > 10
    assignment.refresh_from_db()
    page = _page(client, chair.user, assignment)
    assert "vượt mức: phải thống nhất và chấm lại" in page

    score(assignment, m2, P80)
    page = _page(client, chair.user, assignment)
    # totals 85, 85, 85, 80 now: mean 83.75, median 85.00
    assert ("83,75" in page, "80,00 – 85,00" in page, "trong mức cho phép" in page) == (True, True, True)


def test_the_section_is_gone_once_the_council_closes(client, session):
    assignment, members = session
    for member in members:
        score(assignment, member, P85)
    assignment_close(assignment=assignment, by=members[0].user)
    assert SECTION not in _page(client, members[0].user, assignment)


# --- the department's yearly member table -------------------------------------------------------


def _closed_dossiers(*, province, district, commune, officer, count, year=2026, roles=None):
    """`count` closed assignments of one council in a round of `year`: the chair generous (85),
    two members at 75, the last recused on every second dossier."""
    round_obj = RoundFactory(province=province, year=year, number=1)
    council, members = make_council(
        province=province,
        jurisdiction=district,
        name=f"Hội đồng huyện {district.name}",
        **({"roles": roles} if roles else {}),
    )
    chair, vice, m1, m2 = members
    dossiers = [accepted_dossier(commune=commune, checker=officer, round_obj=round_obj) for _n in range(count)]
    for index, assignment in enumerate(council_assign(council=council, dossiers=dossiers, by=officer)):
        if index % 2:
            conflict_declare(assignment=assignment, member=m2, has_conflict=True, reason="Người nhà", by=m2.user)
        else:
            score(assignment, m2, P75)
        score(assignment, chair, P85)
        score(assignment, vice, P75)
        score(assignment, m1, P75)
        assignment_close(assignment=assignment, by=chair.user)
    return council, members


def test_the_department_computes_the_years_table_through_a_job(
    client, province, district, commune, district_officer, django_capture_on_commit_callbacks
):
    staff = f.UserFactory(staff_province=province)
    _council, (chair, _vice, _m1, m2) = _closed_dossiers(
        province=province, district=district, commune=commune, officer=district_officer, count=2
    )
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:member_fairness_compute", args=[2026]))
    page = client.get(reverse("evaluation:member_fairness"), {"year": 2026}).content.decode()

    assert response.status_code == 302
    job = Job.objects.get(kind=JobKind.FAIRNESS_YEAR)
    assert (job.state, job.year, job.province_id, job.result["dossiers"]) == (JobState.DONE, 2026, province.pk, 2)
    rows = {row["name"]: row for row in job.result["year_rows"]}
    # dossier 1: 85, 75, 75, 75 → mean 77.50; dossier 2: 85, 75, 75 → 78.33
    assert (rows[chair.user.display_name]["leniency"], rows[chair.user.display_name]["role"]) == ("7.09", "chair")
    assert (rows[m2.user.display_name]["recused"], rows[m2.user.display_name]["recusal_rate"]) == (1, "0.5000")
    assert [r["dossiers"] for r in job.result["rounds"]] == [2]
    assert chair.user.display_name in page and "7,09" in page


@pytest.mark.parametrize("who", ["district_officer", "council_member", "producer", "plain_user"])
def test_only_province_staff_open_the_member_table_and_analytics(client, persona, who, province, district):
    user = (
        persona(who) if who != "council_member" else make_council(province=province, jurisdiction=district)[1][0].user
    )
    client.force_login(user)
    answers = [
        client.get(reverse("evaluation:member_fairness")).status_code,
        client.get(reverse("evaluation:criterion_analytics")).status_code,
        client.post(reverse("evaluation:member_fairness_compute", args=[2026])).status_code,
    ]
    assert answers == [403, 403, 403]
    assert not Job.objects.exists()


def test_another_provinces_staff_never_see_this_provinces_members(
    client, province, district, commune, district_officer, django_capture_on_commit_callbacks
):
    staff = f.UserFactory(staff_province=province)
    _council, members = _closed_dossiers(
        province=province, district=district, commune=commune, officer=district_officer, count=1
    )
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluation:member_fairness_compute", args=[2026]))
    other_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="26", name="Tỉnh Phú Thọ"))
    client.force_login(other_staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluation:member_fairness_compute", args=[2026]))
    page = client.get(reverse("evaluation:member_fairness"), {"year": 2026}).content.decode()
    foreign_job = Job.objects.get(province=province)
    status = client.get(reverse("evaluation:job_status", args=[foreign_job.pk]))

    assert not [m for m in members if m.user.display_name in page]
    assert Job.objects.get(province=other_staff.staff_province).result["year_rows"] == []
    assert status.status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_member_table_page_reads_a_fixed_number_of_queries(
    client,
    province,
    district,
    commune,
    district_officer,
    count,
    django_capture_on_commit_callbacks,
):
    staff = f.UserFactory(staff_province=province)
    _closed_dossiers(province=province, district=district, commune=commune, officer=district_officer, count=count)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("evaluation:member_fairness_compute", args=[2026]))
    url = reverse("evaluation:member_fairness")
    client.get(url, {"year": 2026})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"year": 2026}).content.decode()
    assert page.count("Hội đồng huyện Huyện Yên Thế</td>") == 4
    assert len(queries) == QUERIES_MEMBER_TABLE


QUERIES_MEMBER_TABLE = 6


# --- criterion analytics ----------------------------------------------------------------------------


def test_criterion_analytics_count_the_gate_failures_by_product_set(
    client, province, district, commune, district_officer
):
    staff = f.UserFactory(staff_province=province)
    round_obj = RoundFactory(province=province, year=2026, number=2)
    council, members = make_council(province=province, jurisdiction=district)
    passing = accepted_dossier(commune=commune, checker=district_officer, round_obj=round_obj)
    failing = accepted_dossier(commune=commune, checker=district_officer, round_obj=round_obj)
    for assignment, points in zip(
        council_assign(council=council, dossiers=[passing, failing], by=district_officer),
        # 65 without the food-safety mark (6.1 = 0 < 5 required for 3★): band 3★, gated to 2★
        (P85, {"1.1": 40, "4.1": 25, "6.1": 0}),
        strict=True,
    ):
        for member in members:
            score(assignment, member, points)
        assignment_close(assignment=assignment, by=members[0].user)
    client.force_login(staff)

    response = client.get(reverse("evaluation:criterion_analytics"), {"year": 2026})
    page = response.content.decode()

    set_name = failing.sheet.product_set.name
    assert response.status_code == 200
    assert "2 hồ sơ được Hội đồng chấm xong trong các đợt năm nay; 1 hồ sơ bị hạ hạng sao" in page
    assert set_name in page and "Tiêu chí 6.1" in page and "3★: 1" in page
    assert "Tiêu chí 1.1" not in page.split(set_name, 1)[1]


@pytest.mark.parametrize("count", [1, 12])
def test_criterion_analytics_read_a_fixed_number_of_queries(
    client, province, district, commune, district_officer, count
):
    staff = f.UserFactory(staff_province=province)
    round_obj = RoundFactory(province=province, year=2026, number=2)
    council, members = make_council(
        province=province, jurisdiction=district, roles=(MemberRole.CHAIR, MemberRole.MEMBER, MemberRole.MEMBER)
    )
    dossiers = [accepted_dossier(commune=commune, checker=district_officer, round_obj=round_obj) for _n in range(count)]
    for assignment in council_assign(council=council, dossiers=dossiers, by=district_officer):
        for member in members:  # three cards: the legal floor
            score(assignment, member, {"1.1": 40, "4.1": 25, "6.1": 0})
        assignment_close(assignment=assignment, by=members[0].user)
    client.force_login(staff)
    url = reverse("evaluation:criterion_analytics")
    client.get(url, {"year": 2026})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"year": 2026}).content.decode()
    assert f"{count}/{count} hồ sơ bị hạ hạng sao" in page
    assert len(queries) == QUERIES_ANALYTICS


QUERIES_ANALYTICS = 7


@pytest.mark.parametrize("others", [3, 9])
def test_the_presiding_members_page_reads_a_fixed_number_of_queries(
    client, province, district, commune, district_officer, others
):
    """The council's page as the presiding member with every card in (the fairness section shown):
    the same count for a council of 4 and of 10."""
    roles = [MemberRole.CHAIR] + [MemberRole.MEMBER] * others
    council, members = make_council(province=province, jurisdiction=district, roles=roles)
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    assignment = council_assign(council=council, dossiers=[dossier], by=district_officer)[0]
    for position, member in enumerate(members):
        points = (P85, P80, P75, P55)[position % 4]
        score(assignment, member, points)
    _page(client, members[0].user, assignment)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("evaluation:assignment_detail", args=[assignment.pk])).content.decode()
    assert SECTION in page
    assert len(queries) == QUERIES_CHAIR_PAGE


# 12, and the framework for the fairness section (visible_assignment leaves it out of the join).
QUERIES_CHAIR_PAGE = 13


def test_a_merged_province_counts_the_councils_of_the_provinces_carried_into_it(
    client, province, district, commune, district_officer, django_capture_on_commit_callbacks
):
    """2024's councils sat in the predecessor province; after the 2025 merge its records are the
    merged province's (DOMAIN §1), the department's member table and analytics included."""
    _council, (chair, _vice, _m1, m2) = _closed_dossiers(
        province=province, district=district, commune=commune, officer=district_officer, count=2, year=2024
    )
    successor = f.ProvinceFactory(code="99", name="Tỉnh Sáp Nhập")
    AdministrativeUnit.objects.filter(pk=province.pk).update(carried_into=successor)
    stranger = f.ProvinceFactory(code="98", name="Tỉnh Khác")
    for staff_province in (successor, stranger):
        client.force_login(f.UserFactory(staff_province=staff_province))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("evaluation:member_fairness_compute", args=[2024]))

    merged = Job.objects.get(province=successor, kind=JobKind.FAIRNESS_YEAR).result
    rows = {row["name"]: row for row in merged["year_rows"]}
    assert merged["dossiers"] == 2
    assert (rows[chair.user.display_name]["leniency"], rows[chair.user.display_name]["role"]) == ("7.09", "chair")
    assert rows[m2.user.display_name]["recused"] == 1
    assert Job.objects.get(province=stranger, kind=JobKind.FAIRNESS_YEAR).result["dossiers"] == 0
