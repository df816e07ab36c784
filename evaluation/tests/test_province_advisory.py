"""The province's advisory team (QĐ 26/2026 Art. 7.3): its records on a dossier, who may make
them, and the site visit a tourism-service dossier needs before the provincial council scores —
refused without one (a translated error, nothing written), accepted with one."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.enums import AdvisoryKind, AssignmentState, DossierState, Level, MemberRole, ScorecardState
from evaluation.models import AdvisoryRecord, Scorecard
from evaluation.services.advisory import advisory_record, site_visit_required
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import CouncilMemberFactory, RoundFactory, build_sheet, framework
from evaluation.tests.test_councils import accepted_dossier, make_council, score
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def province_dossier(*, province, commune, staff, group="VI", code="26/2026", set_code="26", spec=None, **extra):
    """A dossier checked at the commune and forwarded to the province under `code`, on a sheet of
    a product set of group `group` (VI: tourism services)."""
    fw = framework(code)
    product_set = f.ProductSetFactory(code=set_code, group=f.ProductGroupFactory(code=group, name=f"Nhóm {group}"))
    dossier = accepted_dossier(
        commune=commune,
        checker=staff,
        round_obj=RoundFactory(framework=fw, province=province),
        sheet=build_sheet(framework_obj=fw, product_set=product_set, **({"spec": spec} if spec else {})),
        level=Level.COMMUNE,
        **extra,
    )
    dossier_transition(dossier, DossierState.FORWARDED, by=staff, level=Level.PROVINCE, by_service=True)
    return dossier


def before_council(province, dossier, staff):
    council, members = make_council(province=province, jurisdiction=province, level=Level.PROVINCE)
    helper = CouncilMemberFactory(council=council, role=MemberRole.MEMBER, is_support_team=True, order=9)
    assignment = council_assign(council=council, dossiers=[dossier], by=staff)[0]
    return assignment, members, helper


@pytest.fixture
def tourism(province, commune, province_staff):
    return province_dossier(province=province, commune=commune, staff=province_staff)


def visit(dossier, by, on=None):
    return advisory_record(
        dossier=dossier, kind=AdvisoryKind.SITE_VISIT, on=on or TODAY(), text="Khảo sát homestay, bến thuyền", by=by
    )


@pytest.mark.parametrize(("group", "required"), [("VI", True), ("I", False)])
def test_site_visit_is_required_for_tourism_sets_only(province, commune, province_staff, group, required):
    dossier = province_dossier(province=province, commune=commune, staff=province_staff, group=group)
    assert site_visit_required(dossier) is required


def test_site_visit_is_the_framework_data(province, commune, province_staff):
    dossier = province_dossier(province=province, commune=commune, staff=province_staff, code="148+1489")
    assert site_visit_required(dossier) is False


def test_a_members_card_is_refused_before_the_site_visit(tourism, province, province_staff):
    assignment, members, _helper = before_council(province, tourism, province_staff)
    with pytest.raises(ValidationError) as error:
        score(assignment, members[0])
    assert error.value.code == "site_visit_required"
    assert "khảo sát thực tế trước khi Hội đồng chấm điểm" in error.value.messages[0]
    assert not Scorecard.objects.filter(assignment=assignment, state=ScorecardState.SUBMITTED).exists()


def test_after_the_site_visit_the_council_scores_and_closes(tourism, province, province_staff):
    assignment, members, helper = before_council(province, tourism, province_staff)
    visit(tourism, helper.user)
    for member in members[:3]:
        score(assignment, member)
    assignment_close(assignment=assignment, by=members[0].user)
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.CLOSED


def test_close_is_refused_too_without_the_visit(tourism, province, province_staff):
    """Cards submitted before the rule (or by a path around it) still cannot make a result."""
    assignment, members, helper = before_council(province, tourism, province_staff)
    record = visit(tourism, helper.user)
    for member in members[:3]:
        score(assignment, member)
    record.delete()
    with pytest.raises(ValidationError) as error:
        assignment_close(assignment=assignment, by=members[0].user)
    assert error.value.code == "site_visit_required"
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SCORING


def test_a_food_product_scores_without_a_visit(province, commune, province_staff):
    dossier = province_dossier(province=province, commune=commune, staff=province_staff, group="I", set_code="01")
    assignment, members, _helper = before_council(province, dossier, province_staff)
    assert score(assignment, members[0]).state == ScorecardState.SUBMITTED


def test_who_records_for_the_advisory_team(tourism, province, province_staff, district_officer, commune):
    _assignment, members, helper = before_council(province, tourism, province_staff)
    assert visit(tourism, province_staff).by == province_staff
    assert visit(tourism, helper.user).by == helper.user
    outsiders = [members[1].user, district_officer, f.UserFactory(staff_province=f.ProvinceFactory(code="99"))]
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            visit(tourism, outsider)
    assert AdvisoryRecord.objects.filter(dossier=tourism).count() == 2


def test_test_requests_and_their_results(tourism, province_staff):
    request = advisory_record(
        dossier=tourism,
        kind=AdvisoryKind.TEST_REQUEST,
        on=TODAY(),
        text="Kiểm nghiệm nước sinh hoạt",
        by=province_staff,
    )
    with pytest.raises(ValidationError) as error:
        advisory_record(dossier=tourism, kind=AdvisoryKind.TEST_RESULT, on=TODAY(), text="Đạt", by=province_staff)
    assert "answers" in error.value.message_dict
    result = advisory_record(
        dossier=tourism, kind=AdvisoryKind.TEST_RESULT, on=TODAY(), text="Đạt QCVN", answers=request, by=province_staff
    )
    assert result.answers == request
    with pytest.raises(ValidationError):  # answered already
        advisory_record(
            dossier=tourism, kind=AdvisoryKind.TEST_RESULT, on=TODAY(), text="Lần 2", answers=request, by=province_staff
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "  "}, "text"),
        ({"on": datetime.date.today() + datetime.timedelta(days=1)}, "on"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_input_writes_nothing(tourism, province_staff, kwargs, field):
    values = {"kind": AdvisoryKind.REVIEW, "on": TODAY(), "text": "Hồ sơ đủ thành phần", **kwargs}
    with pytest.raises(ValidationError) as error:
        advisory_record(dossier=tourism, by=province_staff, **values)
    assert field in error.value.message_dict
    assert not AdvisoryRecord.objects.exists()


def test_a_dossier_not_at_the_province_is_refused(province, commune, province_staff):
    dossier = accepted_dossier(commune=commune, checker=province_staff, level=Level.COMMUNE)  # still at the commune
    with pytest.raises(ValidationError):
        advisory_record(dossier=dossier, kind=AdvisoryKind.REVIEW, on=TODAY(), text="x", by=province_staff)


# --- pages ----------------------------------------------------------------------------------------


def test_page_records_and_shows_the_site_visit_rule(client_for, tourism, province_staff):
    client = client_for(province_staff)
    url = reverse("evaluation:dossier_province", args=[tourism.pk])
    page = client.get(url).content.decode()
    assert "phải khảo sát thực tế trước khi Hội đồng chấm điểm" in page
    answer = client.post(
        reverse("evaluation:advisory_add", args=[tourism.pk]),
        {"kind": AdvisoryKind.SITE_VISIT, "on": TODAY().isoformat(), "text": "Khảo sát 3 homestay"},
    )
    assert answer.status_code == 302
    assert "đã có biên bản khảo sát thực tế" in client.get(url).content.decode()


def test_page_bad_input_shows_the_error(client_for, tourism, province_staff):
    answer = client_for(province_staff).post(
        reverse("evaluation:advisory_add", args=[tourism.pk]),
        {"kind": AdvisoryKind.REVIEW, "on": TODAY().isoformat(), "text": " "},
    )
    assert answer.status_code == 200
    assert not AdvisoryRecord.objects.exists()


def test_page_role_and_jurisdiction(client_for, tourism, province, province_staff, district_officer, producer):
    _assignment, members, helper = before_council(province, tourism, province_staff)
    url = reverse("evaluation:dossier_province", args=[tourism.pk])
    other_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="98"))
    assert client_for(helper.user).get(url).status_code == 200
    assert client_for(members[1].user).get(url).status_code == 403  # scores; not the advisory team
    assert client_for(other_staff).get(url).status_code == 404
    answer = client_for(members[1].user).post(
        reverse("evaluation:advisory_add", args=[tourism.pk]),
        {"kind": AdvisoryKind.REVIEW, "on": TODAY().isoformat(), "text": "x"},
    )
    assert answer.status_code == 403
    assert not AdvisoryRecord.objects.exists()


# --- the advisory team's list ----------------------------------------------------------------------


def _work_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("evaluation:province_work"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_list_reads_a_fixed_number_of_queries(client_for, province, commune, province_staff):
    client = client_for(province_staff)
    province_dossier(province=province, commune=commune, staff=province_staff)
    one, page = _work_queries(client)
    assert page.count('data-site-visit="missing"') == 1
    for number in range(6):
        dossier = province_dossier(province=province, commune=commune, staff=province_staff, set_code=f"2{number}")
        visit(dossier, province_staff)
    seven, page = _work_queries(client)
    assert page.count('data-site-visit="missing"') == 1 and page.count("đã khảo sát thực tế") == 6
    # session, user, membership, seats, count, notifications, the page (joined with what the rows
    # show, site visit and report as EXISTS), the frameworks (clocks); no transitions' dates here:
    # no dossier on the page is a re-evaluation or filed before a framework came into force
    assert (one, seven) == (8, 8)


def test_the_list_shows_only_the_users_dossiers(client_for, province, commune, other_commune, province_staff):
    ours = province_dossier(province=province, commune=commune, staff=province_staff)
    other_province = f.ProvinceFactory(code="97", name="Tỉnh Khác")
    other_staff = f.UserFactory(staff_province=other_province)
    foreign_commune = f.CommuneFactory(parent=f.DistrictFactory(parent=other_province, code="971"), code="97101")
    theirs = province_dossier(province=other_province, commune=foreign_commune, staff=other_staff, set_code="27")
    theirs.product.name = "Homestay bí mật"
    theirs.product.save()
    _assignment, _members, helper = before_council(province, ours, province_staff)
    unassigned = province_dossier(province=province, commune=commune, staff=province_staff, set_code="28")
    for dossier, name in ((ours, "Homestay đã trình Hội đồng"), (unassigned, "Homestay chưa trình Hội đồng")):
        dossier.product.name = name
        dossier.product.save()
    staff_page = client_for(province_staff).get(reverse("evaluation:province_work")).content.decode()
    helper_page = client_for(helper.user).get(reverse("evaluation:province_work")).content.decode()
    assert ours.product.name in staff_page and unassigned.product.name in staff_page
    assert "Homestay bí mật" not in staff_page and "Homestay bí mật" not in helper_page
    assert ours.product.name in helper_page and unassigned.product.name not in helper_page
    assert client_for(f.UserFactory()).get(reverse("evaluation:province_work")).status_code == 403


def test_the_report_goes_to_the_chair(tourism, province, province_staff):
    from ocop_portal.core.models import Notification

    _assignment, members, helper = before_council(province, tourism, province_staff)
    advisory_record(dossier=tourism, kind=AdvisoryKind.REVIEW, on=TODAY(), text="Rà soát", by=helper.user)
    assert not Notification.objects.filter(
        recipient=members[0].user, subject__contains="Báo cáo của tổ tư vấn"
    ).exists()
    advisory_record(dossier=tourism, kind=AdvisoryKind.REPORT, on=TODAY(), text="Đề nghị 4 sao", by=helper.user)
    chair_notes = Notification.objects.filter(subject__contains="Báo cáo của tổ tư vấn").values_list(
        "recipient", flat=True
    )
    assert list(chair_notes) == [members[0].user_id]


def test_the_member_reads_the_refusal_on_the_scorecard_page_in_their_language(
    client_for, tourism, province, province_staff
):
    from django.contrib.messages import get_messages
    from django.utils import translation

    assignment, members, _helper = before_council(province, tourism, province_staff)
    card = score(assignment, members[0], submit=False)
    client = client_for(members[0].user)
    answer = client.post(reverse("evaluation:scorecard_submit", args=[assignment.pk]))
    assert answer.status_code == 302
    shown = [str(m) for m in get_messages(answer.wsgi_request)]
    assert any("tổ tư vấn phải khảo sát thực tế trước khi Hội đồng chấm điểm" in text for text in shown)
    card.refresh_from_db()
    assert card.state == ScorecardState.DRAFT
    with translation.override("en"), pytest.raises(ValidationError) as error:
        from evaluation.services.advisory import check_site_visit

        check_site_visit(tourism, Level.PROVINCE)
    assert error.value.messages == [
        "Tourism service product: the advisory team must visit the site before the council scores "
        "(the dossier has no site visit record yet)."
    ]
