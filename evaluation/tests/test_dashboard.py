"""Role-home panels for evaluation, per persona: what needs the user's action now."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from evaluation import dashboard
from evaluation.enums import AssignmentState, DossierState, Level, Outcome, ScorecardState
from evaluation.models import CouncilAssignment, DecisionItem, Dossier, MisuseReport, Scorecard
from evaluation.next_steps import awaiting_decision
from evaluation.selectors.certificates import renewal_deadline
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, DossierFactory
from evaluation.tests.test_certificates_helpers import issue, recognition_decision
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db

# Importing evaluation.dashboard registers its providers, and core discovers the other apps' only
# while it has none: discover them all now, or the other apps' home-page tests lose their panels.
autodiscover_modules("dashboard")


def _panels(user):
    return {panel.title: panel for panel in dashboard.action_panels(user) + dashboard.next_step_panels(user)}


def _days_ago(days):
    """A decision date such that the 36-month certificate lapses `36 months - days` from today."""
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def certificates(producer_record, other_producer_record):
    """In Yên Thế: one lapsing within 90 days (issued ~35 months ago) and one fresh; in Lục Ngạn:
    one lapsing soon."""
    lapsing = issue(f.ProductFactory(producer=producer_record, name="Gà đồi"), stars=4, on=_days_ago(1030))
    fresh = issue(f.ProductFactory(producer=producer_record, name="Mật ong"), stars=3, on=_days_ago(10))
    other = issue(f.ProductFactory(producer=other_producer_record, name="Vải"), stars=3, on=_days_ago(1040))
    return {"lapsing": lapsing, "fresh": fresh, "other": other}


def _province_assignment(commune, *, outcome=Outcome.RECOGNISE, state=AssignmentState.CLOSED):
    province = commune.parent.parent
    council = CouncilFactory(province=province, level=Level.PROVINCE, jurisdiction=province)
    dossier_state, level = {
        AssignmentState.SCORING: (DossierState.IN_SCORING, Level.PROVINCE),
        Outcome.FORWARD: (DossierState.FORWARDED, Level.CENTRAL),
    }.get(state if state != AssignmentState.CLOSED else outcome, (DossierState.SCORED, Level.PROVINCE))
    dossier = DossierFactory(
        product=f.ProductFactory(producer=f.ProducerFactory(commune=commune)), state=dossier_state, current_level=level
    )
    return CouncilAssignment.objects.create(
        council=council, dossier=dossier, level=Level.PROVINCE, state=state, outcome=outcome, final_stars=4
    )


def test_province_staff_see_decisions_to_record_expiring_certificates_misuse_and_chart(
    province_staff, province, commune, certificates
):
    waiting = _province_assignment(commune)
    recorded = _province_assignment(commune)
    DecisionItem.objects.create(
        decision=recognition_decision(province=province, level=Level.PROVINCE),
        dossier=recorded.dossier,
        recognised_stars=4,
    )
    _province_assignment(commune, outcome=Outcome.FORWARD)
    _province_assignment(commune, state=AssignmentState.SCORING)
    MisuseReport.objects.create(certificate=certificates["fresh"], message="Dùng nhãn OCOP cho sản phẩm khác")
    MisuseReport.objects.create(certificate=certificates["fresh"], message="Đã xử lý", handled=True)

    panels = _panels(province_staff)

    summary = {title: (panel.count, panel.url) for title, panel in panels.items()}
    assert summary == {
        "Kết quả cấp tỉnh chờ ra quyết định công nhận": (1, reverse("evaluation:decision_create") + "?level=province"),
        "Hồ sơ 5 sao chờ ghi nhận quyết định của Bộ": (1, reverse("evaluation:decision_create") + "?level=central"),
        "Hồ sơ Hội đồng cấp tỉnh đang chấm, chờ kết thúc phiên chấm": (1, reverse("evaluation:council_list")),
        "Hồ sơ chờ kiểm tra": (0, reverse("evaluation:dossier_queue") + "?state=submitted"),
        "Hồ sơ đã chuyển lên, chờ Hội đồng cấp tỉnh": (0, reverse("evaluation:dossier_queue") + "?state=forwarded"),
        "Giấy chứng nhận hết hạn trong 90 ngày tới": (2, reverse("evaluation:certificate_list") + "?status=expiring"),
        "Phản ánh sử dụng sai nhãn OCOP chưa xử lý": (1, reverse("evaluation:misuse_report_list") + "?open=1"),
        "Giấy chứng nhận còn hiệu lực theo hạng sao": (3, reverse("evaluation:certificate_list") + "?status=valid"),
    }
    assert list(awaiting_decision(Dossier.objects.all(), Level.PROVINCE)) == [waiting.dossier]


def test_the_stars_chart_is_inline_svg_without_style_attributes(province_staff, certificates):
    (chart,) = _panels(province_staff)["Giấy chứng nhận còn hiệu lực theo hạng sao"].items

    assert chart.startswith("<svg")
    assert "style=" not in chart
    assert 'aria-label="3 sao: 2; 4 sao: 1; 5 sao: 0"' in chart
    assert chart.count("<rect") == 3
    assert 'width="150"' in chart  # the longest bar is the 3★ one


def test_home_page_renders_the_chart_for_province_staff(province_staff, client_for, certificates):
    response = client_for(province_staff).get(reverse("core:home"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "Kết quả cấp tỉnh chờ ra quyết định công nhận" in page


def test_district_officer_sees_only_their_district_expiring_certificates(district_officer, district, certificates):
    panels = _panels(district_officer)

    assert {title: (p.count, p.url) for title, p in panels.items()} == {
        "Giấy chứng nhận hết hạn trong 90 ngày tới": (
            1,
            reverse("evaluation:certificate_list") + f"?status=expiring&district={district.pk}",
        ),
        "Kết quả cấp huyện chờ ra quyết định công nhận": (0, reverse("evaluation:decision_create") + "?level=district"),
        "Hồ sơ chờ kiểm tra": (0, reverse("evaluation:dossier_queue") + "?state=submitted"),
    }


def test_producer_sees_their_certificates_with_days_left_and_next_step(producer, certificates):
    today = timezone.localdate()
    lapsing = certificates["lapsing"]

    panel = _panels(producer)["Giấy chứng nhận OCOP của tôi"]

    assert (panel.count, panel.url, panel.tone) == (2, reverse("evaluation:my_certificates"), "warning")
    days_left = (lapsing.valid_until - today).days
    until = f"{lapsing.valid_until:%d/%m/%Y}"
    assert panel.items[0] == (
        f"Gà đồi (4 sao, số {lapsing.number}): còn {days_left} ngày, đến {until}. "
        f"Nộp hồ sơ đánh giá lại trước {renewal_deadline(lapsing.valid_until):%d/%m/%Y}"
    )
    assert panel.items[1].startswith(f"Mật ong (3 sao, số {certificates['fresh'].number}): còn ")
    assert "Nộp hồ sơ đánh giá lại trước" in panel.items[1]


def test_other_producer_does_not_see_someone_elses_certificates(other_producer, certificates):
    panel = _panels(other_producer)["Giấy chứng nhận OCOP của tôi"]

    assert (panel.count, [item.split(" (")[0] for item in panel.items]) == (1, ["Vải"])


def test_council_member_sees_the_scorecards_left_to_fill(province, district):
    council = CouncilFactory(province=province, jurisdiction=district)
    seat = CouncilMemberFactory(council=council)
    open_assignments = [
        CouncilAssignment.objects.create(
            council=council, dossier=DossierFactory(state=DossierState.IN_SCORING), level=Level.DISTRICT
        )
        for _ in range(3)
    ]
    done = open_assignments[0]
    Scorecard.objects.create(assignment=done, member=seat, sheet=done.dossier.sheet, state=ScorecardState.SUBMITTED)
    CouncilAssignment.objects.create(
        council=council, dossier=DossierFactory(), level=Level.DISTRICT, state=AssignmentState.CLOSED
    )

    panels = _panels(seat.user)

    assert {title: (p.count, p.url) for title, p in panels.items()} == {
        "Phiếu chấm điểm cần hoàn thành": (2, reverse("evaluation:council_work_list"))
    }


def test_users_without_a_role_get_no_action_panels(plain_user, anonymous):
    assert (dashboard.action_panels(plain_user), dashboard.action_panels(anonymous)) == ([], [])


@pytest.mark.parametrize("persona_name", ["province_staff", "district_officer", "producer"])
def test_action_panels_cost_the_same_queries_for_1_and_5_certificates(persona_name, persona, producer_record):
    user = persona(persona_name)

    def add(count):
        for _ in range(count):
            issue(f.ProductFactory(producer=producer_record), stars=3, on=_days_ago(1030))

    add(1)
    dashboard.action_panels(user)
    with CaptureQueriesContext(connection) as one:
        dashboard.action_panels(user)
    add(4)
    with CaptureQueriesContext(connection) as many:
        panels = dashboard.action_panels(user)

    assert len(many) == len(one)
    assert max(panel.count for panel in panels) == 5
