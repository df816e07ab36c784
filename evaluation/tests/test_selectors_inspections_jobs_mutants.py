"""The inspection and background-job reads (docs/mutation.md): who sees which inspection (the
province's staff, the commune officer of the product, the producer once concluded, and none of
them in another province), newest first; the list's counts of findings and breaches and its
filters; the plans, the province's working papers; the detail page's findings, files and reports
in order. Then the jobs: the province's staff see every job of their province, a district
officer and a seated member the packs of their councils, no one another province's; the latest
jobs of one target; the years a province has rounds in."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from evaluation.enums import JobKind, Level
from evaluation.models import FindingFile, Inspection, InspectionFinding, InspectionPlan, Job, MisuseReport
from evaluation.models.inspections import InspectionKind, InspectionState
from evaluation.selectors.inspections import (
    inspection_detail_for,
    inspection_list,
    inspection_plans_visible_to,
    inspections_visible_to,
)
from evaluation.selectors.jobs import jobs_for_target, jobs_visible_to, round_years
from evaluation.tests.factories import RoundFactory
from evaluation.tests.test_councils import make_council
from ocop_portal.testing import factories as f

from .test_certificates_helpers import issue, product_of
from .test_certificates_services import revocation_decision

pytestmark = pytest.mark.django_db

D = datetime.date
LEAD = "Văn phòng Điều phối OCOP tỉnh"


def _inspection(certificate, *, planned_on, state=InspectionState.PLANNED, kind=InspectionKind.AD_HOC, plan=None):
    return Inspection.objects.create(
        certificate=certificate,
        province=certificate.province,
        plan=plan,
        kind=kind,
        planned_on=planned_on,
        lead=LEAD,
        state=state,
        concluded_on=planned_on if state == InspectionState.CONCLUDED else None,
        conclusion="Duy trì đủ tiêu chí" if state == InspectionState.CONCLUDED else "",
        created_by=f.UserFactory(),
    )


def _finding(inspection, *, breach=False, description="Nhãn in đúng quy định"):
    return InspectionFinding.objects.create(
        inspection=inspection,
        subject="mark",
        breach=breach,
        description=description,
        proposed_ground="art8_d" if breach else "",
        created_by=inspection.created_by,
    )


@pytest.fixture
def province_b():
    province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    district = f.DistrictFactory(parent=province, code="256", name="Huyện Yên Phong")
    commune = f.CommuneFactory(parent=district, code="09193", name="Xã Đông Phong")
    producer_record = f.ProducerFactory(commune=commune, name="HTX Yên Phong")
    certificate = issue(product_of(producer_record, "Gà Yên Phong"), on=D(2026, 7, 1))
    producer_user = f.UserFactory(username="producer-bn")
    f.ProducerMembershipFactory(user=producer_user, producer=producer_record)
    council, members = make_council(province=province, jurisdiction=district)
    return {
        "province": province,
        "district": district,
        "certificate": certificate,
        "council": council,
        "inspection": _inspection(certificate, planned_on=D(2026, 9, 1), state=InspectionState.CONCLUDED),
        "plan": InspectionPlan.objects.create(
            province=province, year=2026, title="Kế hoạch kiểm tra năm 2026", created_by=f.UserFactory()
        ),
        "staff": f.UserFactory(username="staff-bn", staff_province=province),
        "district_officer": f.UserFactory(username="officer-bn", officer_district=district),
        "commune_officer": f.UserFactory(username="xa-bn", officer_commune=commune),
        "producer": producer_user,
        "member": members[3].user,
    }


@pytest.fixture
def inspections(producer_record, other_producer_record):
    """Province A: two inspections of the producer's certificate (one still planned, one
    concluded) and a concluded one of the other district's producer."""
    ours = issue(product_of(producer_record, "Gà đồi Yên Thế"), on=D(2026, 3, 2))
    theirs = issue(product_of(other_producer_record, "Vải thiều Lục Ngạn"), on=D(2026, 4, 3))
    return {
        "concluded": _inspection(ours, planned_on=D(2026, 8, 4), state=InspectionState.CONCLUDED),
        "planned": _inspection(ours, planned_on=D(2026, 10, 6)),
        "elsewhere": _inspection(theirs, planned_on=D(2026, 9, 5), state=InspectionState.CONCLUDED),
    }


# Who sees which inspection ----------------------------------------------------------------------


def test_each_role_sees_the_inspections_of_its_scope_newest_first(
    inspections,
    province_b,
    province_staff,
    commune_officer,
    other_commune_officer,
    district_officer,
    producer,
    other_producer,
    plain_user,
):
    concluded, planned, elsewhere = inspections["concluded"], inspections["planned"], inspections["elsewhere"]

    assert list(inspections_visible_to(province_staff)) == [planned, elsewhere, concluded]
    assert list(inspections_visible_to(commune_officer)) == [planned, concluded]
    assert list(inspections_visible_to(other_commune_officer)) == []  # a sibling commune's officer
    # an ad-hoc inspection is not announced to the producer before its conclusion
    assert list(inspections_visible_to(producer)) == [concluded]
    assert list(inspections_visible_to(other_producer)) == [elsewhere]
    for nobody in (district_officer, plain_user, AnonymousUser()):
        assert list(inspections_visible_to(nobody)) == []
    superuser = f.UserFactory(username="root", is_superuser=True)
    assert inspections_visible_to(superuser).count() == 4


def test_the_same_role_in_another_province_sees_none_of_province_as_inspections(inspections, province_b):
    for role in ("staff", "commune_officer", "producer"):
        assert list(inspections_visible_to(province_b[role])) == [province_b["inspection"]], role
    for role in ("district_officer", "member"):
        assert list(inspections_visible_to(province_b[role])) == [], role


def test_a_user_holding_several_roles_sees_the_union(inspections, producer_record, other_commune):
    user = f.UserFactory(username="hai-vai", officer_commune=other_commune)
    f.ProducerMembershipFactory(user=user, producer=producer_record)

    assert list(inspections_visible_to(user)) == [inspections["elsewhere"], inspections["concluded"]]


def test_inspections_of_one_day_list_the_latest_entered_first(producer_record, province_staff):
    certificate = issue(product_of(producer_record), on=D(2026, 3, 2))
    first = _inspection(certificate, planned_on=D(2026, 9, 1))
    second = _inspection(certificate, planned_on=D(2026, 9, 1))

    assert list(inspections_visible_to(province_staff)) == [second, first]


def test_inspections_of_one_day_list_the_latest_entered_first_even_after_edits(producer_record, province_staff):
    """The order of entry decides a tie, not where the edits left the rows (each one edited, the
    last entered first, then the first entered first)."""
    certificate = issue(product_of(producer_record), on=D(2026, 3, 2))
    entered = [_inspection(certificate, planned_on=D(2026, 9, 1)) for _ in range(4)]
    for lead, edited in (("Chi cục Quản lý chất lượng", entered[::-1]), ("Sở Nông nghiệp và Môi trường", entered)):
        for inspection in edited:
            inspection.lead = lead
            inspection.save(update_fields=["lead"])

        assert list(inspections_visible_to(province_staff)) == entered[::-1]


# The list ---------------------------------------------------------------------------------------


def test_the_list_counts_findings_and_breaches_and_narrows_by_state_kind_plan_and_year(
    inspections, province_staff, province
):
    concluded, planned, elsewhere = inspections["concluded"], inspections["planned"], inspections["elsewhere"]
    plan = InspectionPlan.objects.create(province=province, year=2026, title="Kế hoạch 2026", created_by=province_staff)
    Inspection.objects.filter(pk=planned.pk).update(plan=plan, kind=InspectionKind.PERIODIC)
    last_year = _inspection(concluded.certificate, planned_on=D(2025, 11, 3))
    _finding(concluded)
    _finding(concluded, breach=True, description="Dùng biểu trưng cho sản phẩm khác")
    _finding(concluded, breach=True, description="Sai hạng sao trên nhãn")
    _finding(planned, breach=True, description="Hết hạn phiếu kiểm nghiệm")

    rows = {row.pk: (row.finding_count, row.breach_count) for row in inspection_list(province_staff)}
    assert rows == {concluded.pk: (3, 2), planned.pk: (1, 1), elsewhere.pk: (0, 0), last_year.pk: (0, 0)}
    assert set(inspection_list(province_staff, state=InspectionState.CONCLUDED)) == {concluded, elsewhere}
    assert set(inspection_list(province_staff, kind=InspectionKind.PERIODIC)) == {planned}
    assert set(inspection_list(province_staff, plan=plan)) == {planned}
    assert set(inspection_list(province_staff, year=2025)) == {last_year}
    assert set(inspection_list(province_staff, state=InspectionState.PLANNED, year=2026)) == {planned}


# Plans ------------------------------------------------------------------------------------------


def test_plans_are_the_provinces_own_staff_only_latest_year_first(
    province, province_b, province_staff, district_officer, commune_officer, producer, django_assert_num_queries
):
    def plan(year):
        return InspectionPlan.objects.create(
            province=province, year=year, title=f"Kế hoạch {year}", created_by=province_staff
        )

    newer, older = plan(2026), plan(2025)  # the year before entered afterwards

    assert list(inspection_plans_visible_to(province_staff)) == [newer, older]
    assert list(inspection_plans_visible_to(province_b["staff"])) == [province_b["plan"]]
    for nobody in (district_officer, commune_officer, producer, province_b["district_officer"], AnonymousUser()):
        assert list(inspection_plans_visible_to(nobody)) == []
    superuser = f.UserFactory(username="root", is_superuser=True)
    with django_assert_num_queries(1):  # a national list names each plan's province
        rows = [(p.pk, p.province.name) for p in inspection_plans_visible_to(superuser)]
    # the same year in two provinces: the one entered last first
    assert rows == [
        (newer.pk, "Tỉnh Bắc Giang"),
        (province_b["plan"].pk, "Tỉnh Bắc Ninh"),
        (older.pk, "Tỉnh Bắc Giang"),
    ]


def test_plans_of_one_year_list_the_latest_entered_first_even_after_edits(province, province_staff):
    """A merged province's staff see the year's plan of each predecessor beside their own: the
    order of entry decides the tie, not where the edits left the rows (each one edited, the last
    entered first, then the first entered first)."""
    provinces = [province] + [
        f.ProvinceFactory(code=code, name=f"Tỉnh cũ {code}", carried_into=province) for code in ("20", "21", "22")
    ]
    entered = [
        InspectionPlan.objects.create(province=p, year=2026, title="Kế hoạch 2026", created_by=province_staff)
        for p in provinces
    ]
    for note, edited in (("Bổ sung các sản phẩm 4 sao", entered[::-1]), ("Bổ sung các sản phẩm 5 sao", entered)):
        for plan in edited:
            plan.note = note
            plan.save(update_fields=["note"])

        assert list(inspection_plans_visible_to(province_staff)) == entered[::-1]


# The detail page ---------------------------------------------------------------------------------


def test_the_detail_reads_findings_files_and_reports_in_the_order_they_came(
    inspections, province_staff, producer, django_assert_num_queries
):
    inspection = inspections["concluded"]
    first = _finding(inspection, description="Nhãn in đúng quy định")
    second = _finding(inspection, breach=True, description="Dùng biểu trưng cho sản phẩm khác")
    files = [
        FindingFile.objects.create(
            finding=second,
            file=f"findings/{name}",
            original_name=name,
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            uploaded_by=province_staff,
        )
        for name in ("bien-ban.pdf", "anh-nhan.pdf")
    ]
    reports = [
        MisuseReport.objects.create(
            certificate=inspection.certificate, code="X", message=message, inspection=inspection
        )
        for message in ("Nhãn dán trên chai rượu", "Bán tại chợ Bố Hạ")
    ]
    MisuseReport.objects.filter(pk=reports[0].pk).update(created_at=timezone.now() + datetime.timedelta(hours=1))

    # whether the user is a producer's, the inspection, its findings with decisions, their files, the reports
    with django_assert_num_queries(5):
        detail = inspection_detail_for(province_staff).get(pk=inspection.pk)
        shown = [(x.revocation_decision, [ff.original_name for ff in x.files.all()]) for x in detail.findings.all()]
    assert shown == [(None, []), (None, ["bien-ban.pdf", "anh-nhan.pdf"])]
    assert list(detail.findings.all()) == [first, second]
    assert [file.original_name for file in detail.findings.all()[1].files.all()] == ["bien-ban.pdf", "anh-nhan.pdf"]
    assert files[0].pk < files[1].pk
    assert list(detail.misuse_reports.all()) == [reports[1], reports[0]]
    assert not inspection_detail_for(producer).filter(pk=inspections["planned"].pk).exists()


def test_reports_sent_at_the_same_moment_come_in_the_order_they_were_entered(inspections, province_staff):
    """The order of entry decides a tie, not where later writes left the rows (each one unlinked
    and linked again, the last entered first, then the first entered first)."""
    inspection = inspections["concluded"]
    entered = [
        MisuseReport.objects.create(
            certificate=inspection.certificate, code="X", message=message, inspection=inspection
        )
        for message in ("Nhãn dán trên chai rượu", "Bán tại chợ Bố Hạ", "Quảng cáo trên mạng", "Hội chợ huyện")
    ]
    MisuseReport.objects.update(created_at=timezone.now())
    for relinked in (entered[::-1], entered):
        for report in relinked:
            MisuseReport.objects.filter(pk=report.pk).update(inspection=None)
            MisuseReport.objects.filter(pk=report.pk).update(inspection=inspection)

        assert list(inspection_detail_for(province_staff).get(pk=inspection.pk).misuse_reports.all()) == entered


def test_the_detail_names_each_findings_revocation_decision_without_a_query_per_finding(
    inspections, province, province_staff, django_assert_num_queries
):
    inspection = inspections["concluded"]
    _finding(inspection)
    breaches = [_finding(inspection, breach=True, description=f"Vi phạm {n}") for n in (1, 2)]
    for finding, number in zip(breaches, ("12/QĐ-UBND", "13/QĐ-UBND"), strict=True):
        finding.revocation_decision = revocation_decision(province, number=number, by=province_staff)
        finding.save(update_fields=["revocation_decision"])

    # whether the user is a producer's, the inspection, its findings with decisions, their files, the reports
    with django_assert_num_queries(5):
        detail = inspection_detail_for(province_staff).get(pk=inspection.pk)
        numbers = [x.revocation_decision and x.revocation_decision.number for x in detail.findings.all()]
    assert numbers == [None, "12/QĐ-UBND", "13/QĐ-UBND"]


# Jobs -------------------------------------------------------------------------------------------


@pytest.fixture
def jobs(province, district, other_district):
    """Province A: the year's fairness table, a pack of the district council, a pack of the other
    district's council and one of the province council, with the seated members."""
    district_council, district_members = make_council(province=province, jurisdiction=district)
    other_council, _ = make_council(province=province, jurisdiction=other_district)
    province_council, _ = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)

    def job(kind, target, council=None):
        return Job.objects.create(kind=kind, target=target, province=province, council=council)

    return {
        "fairness": job(JobKind.FAIRNESS_YEAR, f"fairness:{province.pk}:2026"),
        "district_pack": job(JobKind.COUNCIL_PACK, f"council:{district_council.pk}", district_council),
        "other_pack": job(JobKind.COUNCIL_PACK, f"council:{other_council.pk}", other_council),
        "province_pack": job(JobKind.COUNCIL_PACK, f"council:{province_council.pk}", province_council),
        "district_bundle": job(JobKind.DOSSIER_BUNDLE, "dossier:1", district_council),
        "members": district_members,
    }


def test_staff_see_every_job_of_their_province_officers_and_members_their_councils_packs(
    jobs, province_staff, district_officer, commune_officer, producer
):
    everything = {jobs[k] for k in ("fairness", "district_pack", "other_pack", "province_pack", "district_bundle")}

    assert set(jobs_visible_to(province_staff)) == everything
    assert set(jobs_visible_to(district_officer)) == {jobs["district_pack"]}
    assert set(jobs_visible_to(jobs["members"][2].user)) == {jobs["district_pack"]}
    for nobody in (commune_officer, producer, AnonymousUser()):
        assert list(jobs_visible_to(nobody)) == []


def test_a_member_who_left_the_council_no_longer_sees_its_packs(jobs):
    seat = jobs["members"][3]
    seat.active = False
    seat.save()

    assert list(jobs_visible_to(seat.user)) == []


def test_the_same_role_in_another_province_sees_none_of_province_as_jobs(jobs, province_b):
    theirs = Job.objects.create(
        kind=JobKind.COUNCIL_PACK,
        target=f"council:{province_b['council'].pk}",
        province=province_b["province"],
        council=province_b["council"],
    )
    for role in ("staff", "district_officer", "member"):
        assert list(jobs_visible_to(province_b[role])) == [theirs], role
    for role in ("commune_officer", "producer"):
        assert list(jobs_visible_to(province_b[role])) == [], role


def test_the_latest_jobs_of_a_target_come_first_five_at_most(province, province_staff, django_assert_num_queries):
    def job(target, day):
        created = Job.objects.create(
            kind=JobKind.FAIRNESS_YEAR, target=target, province=province, requested_by=province_staff, state="done"
        )
        Job.objects.filter(pk=created.pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 7, day, 9)))
        return created

    ours = [job("fairness:24:2026", day) for day in (3, 1, 6, 2, 5, 4)]
    job("fairness:24:2025", 7)
    tied = job("fairness:24:2026", 6)

    with django_assert_num_queries(1):  # the page names who asked for each
        latest = jobs_for_target("fairness:24:2026")
        asked_by = {job.requested_by.username for job in latest}
    assert latest == [tied, ours[2], ours[4], ours[5], ours[0]]
    assert asked_by == {province_staff.username}
    assert jobs_for_target("fairness:24:2026", limit=2) == [tied, ours[2]]
    assert jobs_for_target("fairness:24:2024") == []


def test_jobs_of_a_target_asked_at_the_same_moment_list_the_latest_entered_first(province):
    """The order of entry decides a tie, not which row was written last (each one's time
    rewritten, the last entered first, then the first entered first)."""
    moment = timezone.make_aware(datetime.datetime(2026, 7, 6, 9))
    entered = [
        Job.objects.create(kind=JobKind.FAIRNESS_YEAR, target="fairness:24:2026", province=province, state="failed")
        for _ in range(4)
    ]
    for minute, rewritten in ((0, entered[::-1]), (1, entered)):
        for job in rewritten:
            Job.objects.filter(pk=job.pk).update(created_at=moment + datetime.timedelta(minutes=minute))

        assert jobs_for_target("fairness:24:2026") == entered[::-1]


def test_the_years_a_province_has_rounds_in_each_once(province, province_b):
    RoundFactory(province=province, year=2025, number=1)
    RoundFactory(province=province, year=2026, number=1)
    RoundFactory(province=province, year=2026, number=2)
    RoundFactory(province=province_b["province"], year=2024, number=1)

    assert sorted(round_years(province.pk)) == [2025, 2026]
    # province B's certificate came from a dossier of a 2026 round
    assert sorted(round_years(province_b["province"].pk)) == [2024, 2026]


def test_staff_of_one_province_who_is_a_commune_officer_in_another_sees_both(inspections, province_b, commune):
    """Two roles in two provinces: the staff scope and the commune scope add up, neither replaces
    the other."""
    user = f.UserFactory(username="hai-tinh", staff_province=province_b["province"], officer_commune=commune)

    assert list(inspections_visible_to(user)) == [
        inspections["planned"],
        province_b["inspection"],
        inspections["concluded"],
    ]


def test_staff_of_one_province_who_is_a_district_officer_in_another_sees_both(jobs, province_b, district):
    theirs = Job.objects.create(kind=JobKind.FAIRNESS_YEAR, target="fairness:27:2026", province=province_b["province"])
    user = f.UserFactory(username="hai-tinh", staff_province=province_b["province"], officer_district=district)

    assert set(jobs_visible_to(user)) == {theirs, jobs["district_pack"]}


def test_the_jobs_read_who_asked_and_the_council_in_the_same_query(jobs, province_staff, django_assert_num_queries):
    """The job status page names who asked and checks the job's council: no query per job."""
    Job.objects.filter(kind=JobKind.COUNCIL_PACK).update(requested_by=province_staff)

    with django_assert_num_queries(1):
        read = {
            (job.kind, job.requested_by and job.requested_by.username, job.council and job.council.level)
            for job in jobs_visible_to(province_staff)
        }
    assert read == {
        (JobKind.FAIRNESS_YEAR, None, None),
        (JobKind.COUNCIL_PACK, "staff", Level.DISTRICT),
        (JobKind.COUNCIL_PACK, "staff", Level.PROVINCE),
        (JobKind.DOSSIER_BUNDLE, None, Level.DISTRICT),
    }
