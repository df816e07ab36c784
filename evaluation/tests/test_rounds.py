"""Rounds: services (create, edit, deadlines, open/close, deadline enforcement) and their pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.enums import Level, RoundState
from evaluation.models import Round, RoundDeadline
from evaluation.services.rounds import (
    DeadlineInput,
    round_check_deadline,
    round_create,
    round_set_deadlines,
    round_transition,
    round_update,
)
from evaluation.tests.factories import DossierFactory, RoundFactory

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def _dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


# Services ---------------------------------------------------------------------------------------


def test_round_create_by_province_staff(province, framework_148, province_staff):
    round_ = round_create(
        province=province, framework=framework_148, year=2026, number=1, title="Đợt 1 năm 2026", by=province_staff
    )
    assert (round_.state, round_.province, str(round_)) == (RoundState.PLANNED, province, "Đợt 1 năm 2026")
    assert AuditEntry.objects.filter(action="round.create", object_id=str(round_.pk)).count() == 1


def test_round_create_refused_for_district_officer(province, framework_148, district_officer):
    with pytest.raises(PermissionDenied):
        round_create(province=province, framework=framework_148, year=2026, number=1, by=district_officer)
    assert Round.objects.count() == 0


def test_round_create_duplicate_number_refused(province, framework_148, province_staff):
    round_create(province=province, framework=framework_148, year=2026, number=1, by=province_staff)
    with pytest.raises(ValidationError) as caught:
        round_create(province=province, framework=framework_148, year=2026, number=1, by=province_staff)
    assert caught.value.message_dict == {"number": ["Năm 2026 đã có đợt 1."]}


def test_round_update_records_changes(open_round, province_staff):
    round_update(round_=open_round, by=province_staff, title="Đợt tháng 7")
    open_round.refresh_from_db()
    entry = AuditEntry.objects.get(action="round.update", object_id=str(open_round.pk))
    assert (open_round.title, entry.changes) == ("Đợt tháng 7", {"title": ["", "Đợt tháng 7"]})


def test_round_framework_fixed_once_dossiers_exist(open_round, product, sheet, province_staff, framework_1489):
    DossierFactory(product=product, round=open_round, sheet=sheet)
    with pytest.raises(ValidationError) as caught:
        round_update(round_=open_round, by=province_staff, framework=framework_1489)
    assert caught.value.message_dict == {"framework": ["Đợt đã có hồ sơ nên không thể đổi khung pháp lý."]}
    assert Round.objects.get(pk=open_round.pk).framework.code == "148"


ROUND_PAIRS = [(frm, to) for frm in RoundState.values for to in RoundState.values]


@pytest.mark.parametrize(("frm", "to"), ROUND_PAIRS)
def test_round_transition_table(frm, to, province, framework_148, province_staff):
    round_ = RoundFactory(province=province, framework=framework_148, state=frm)
    allowed = (frm, to) in {(RoundState.PLANNED, RoundState.OPEN), (RoundState.OPEN, RoundState.CLOSED)}
    if allowed:
        round_transition(round_, to, by=province_staff)
        assert Round.objects.get(pk=round_.pk).state == to
        assert AuditEntry.objects.get(action=f"round.{to}").changes == {"state": [frm, to]}
    else:
        with pytest.raises(ValidationError) as caught:
            round_transition(round_, to, by=province_staff)
        assert caught.value.messages == [
            f"Không thể chuyển đợt từ “{RoundState(frm).label}” sang “{RoundState(to).label}”."
        ]
        assert Round.objects.get(pk=round_.pk).state == frm


def test_round_transition_refused_for_other_roles(open_round, district_officer):
    with pytest.raises(PermissionDenied):
        round_transition(open_round, RoundState.CLOSED, by=district_officer)
    assert Round.objects.get(pk=open_round.pk).state == RoundState.OPEN


def test_set_deadlines_stores_each_level(open_round, province_staff):
    round_set_deadlines(
        round_=open_round,
        deadlines=[
            DeadlineInput(Level.DISTRICT, datetime.date(2026, 7, 10), datetime.date(2026, 7, 15)),
            DeadlineInput(Level.PROVINCE, datetime.date(2026, 7, 30), None, datetime.date(2026, 8, 20)),
        ],
        by=province_staff,
    )
    rows = list(
        RoundDeadline.objects.filter(round=open_round)
        .order_by("level")
        .values_list("level", "submission", "completeness_check", "scoring", "decision")
    )
    assert rows == [
        (Level.DISTRICT, datetime.date(2026, 7, 10), datetime.date(2026, 7, 15), None, None),
        (Level.PROVINCE, datetime.date(2026, 7, 30), None, datetime.date(2026, 8, 20), None),
    ]


def test_set_deadlines_refuses_out_of_order_and_foreign_level(open_round, province_staff, framework_1489):
    with pytest.raises(ValidationError) as caught:
        round_set_deadlines(
            round_=open_round,
            deadlines=[
                DeadlineInput(Level.DISTRICT, datetime.date(2026, 7, 10), datetime.date(2026, 7, 5)),
                DeadlineInput(Level.COMMUNE, datetime.date(2026, 7, 1)),
            ],
            by=province_staff,
        )
    assert caught.value.messages == [
        "Cấp huyện: “hạn kiểm tra hồ sơ” (05/07/2026) không được trước “hạn nộp hồ sơ” (10/07/2026).",
        "Cấp “Cấp xã” không thuộc khung pháp lý của đợt.",
    ]
    assert RoundDeadline.objects.count() == 0


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("submission", "Đã quá hạn nộp hồ sơ của đợt này ({date})."),
        ("completeness_check", "Đã quá hạn kiểm tra hồ sơ của đợt này ({date})."),
        ("scoring", "Đã quá hạn Hội đồng chấm điểm của đợt này ({date})."),
        ("decision", "Đã quá hạn ban hành quyết định của đợt này ({date})."),
    ],
)
def test_deadline_a_day_late_is_refused_and_the_day_itself_is_in_time(open_round, step, message):
    RoundDeadline.objects.create(round=open_round, level=Level.DISTRICT, **{step: YESTERDAY})
    round_check_deadline(open_round, level=Level.DISTRICT, step=step, today=YESTERDAY)
    with pytest.raises(ValidationError) as caught:
        round_check_deadline(open_round, level=Level.DISTRICT, step=step, today=TODAY)
    assert caught.value.messages == [message.format(date=_dmy(YESTERDAY))]


def test_deadline_message_example_date_format(open_round):
    RoundDeadline.objects.create(round=open_round, level=Level.DISTRICT, submission=datetime.date(2026, 7, 10))
    with pytest.raises(ValidationError) as caught:
        round_check_deadline(open_round, level=Level.DISTRICT, step="submission", today=datetime.date(2026, 7, 11))
    assert caught.value.messages == ["Đã quá hạn nộp hồ sơ của đợt này (10/07/2026)."]


def test_no_deadline_means_no_limit(open_round):
    assert round_check_deadline(open_round, level=Level.PROVINCE, step="scoring", today=TODAY) is None


# Pages ------------------------------------------------------------------------------------------

PERSONAS = [
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "plain_user",
    "anonymous",
]
IN_PROVINCE = {"province_staff", "district_officer", "other_district_officer", "producer", "other_producer"}

MATRIX = [
    # (url name, takes pk, {persona: status})
    ("evaluation:round_list", False, {p: 200 if p in IN_PROVINCE else 403 for p in PERSONAS[:-1]}),
    ("evaluation:round_create", False, {p: 200 if p == "province_staff" else 403 for p in PERSONAS[:-1]}),
    ("evaluation:round_detail", True, {p: 200 if p in IN_PROVINCE else 404 for p in PERSONAS[:-1]}),
    (
        "evaluation:round_edit",
        True,
        {p: 200 if p == "province_staff" else 403 if p in IN_PROVINCE else 404 for p in PERSONAS[:-1]},
    ),
    (
        "evaluation:round_deadlines",
        True,
        {p: 200 if p == "province_staff" else 403 if p in IN_PROVINCE else 404 for p in PERSONAS[:-1]},
    ),
]
CASES = [(name, takes_pk, p, expected.get(p, 302)) for name, takes_pk, expected in MATRIX for p in PERSONAS]


@pytest.mark.parametrize(("url_name", "takes_pk", "persona_name", "expected"), CASES)
def test_round_pages_per_persona(url_name, takes_pk, persona_name, expected, persona, client_for, open_round):
    open_round.title = "Đợt tháng 7 năm 2026"
    open_round.save()
    url = reverse(url_name, args=[open_round.pk] if takes_pk else [])
    response = client_for(persona(persona_name)).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response.url == f"{reverse('accounts:login')}?next={url}"
    elif expected == 200 and url_name != "evaluation:round_create":
        assert "Đợt tháng 7 năm 2026" in response.content.decode()
    elif expected != 200:
        assert "Đợt tháng 7 năm 2026" not in response.content.decode()


def test_round_pages_hide_other_provinces_rounds(client_for, province_staff, framework_148):
    foreign = RoundFactory(
        province=f.ProvinceFactory(code="26", name="Tỉnh Khác"), framework=framework_148, title="Đợt tỉnh khác"
    )
    client = client_for(province_staff)
    assert client.get(reverse("evaluation:round_detail", args=[foreign.pk])).status_code == 404
    assert "Đợt tỉnh khác" not in client.get(reverse("evaluation:round_list")).content.decode()


def test_round_create_page_creates_planned_round(client_for, province_staff, province, framework_148):
    response = client_for(province_staff).post(
        reverse("evaluation:round_create"),
        {"year": 2026, "number": 2, "opens_on": "2026-01-05", "framework": framework_148.pk, "title": "Đợt 2"},
    )
    round_ = Round.objects.get()
    assert response.url == reverse("evaluation:round_deadlines", args=[round_.pk])
    assert (round_.province, round_.year, round_.number, round_.state) == (province, 2026, 2, RoundState.PLANNED)


def test_round_deadlines_page_saves_dates(client_for, province_staff, open_round):
    response = client_for(province_staff).post(
        reverse("evaluation:round_deadlines", args=[open_round.pk]),
        {"district__submission": "2026-07-10", "district__completeness_check": "2026-07-15"},
    )
    assert response.url == reverse("evaluation:round_detail", args=[open_round.pk])
    deadline = RoundDeadline.objects.get(round=open_round)
    assert (deadline.level, deadline.submission, deadline.completeness_check) == (
        Level.DISTRICT,
        datetime.date(2026, 7, 10),
        datetime.date(2026, 7, 15),
    )


def test_round_deadlines_page_shows_order_error(client_for, province_staff, open_round):
    response = client_for(province_staff).post(
        reverse("evaluation:round_deadlines", args=[open_round.pk]),
        {"district__submission": "2026-07-10", "district__completeness_check": "2026-07-01"},
    )
    assert response.status_code == 200
    assert "không được trước" in response.content.decode()
    assert RoundDeadline.objects.count() == 0


def test_round_state_page_closes_round(client_for, province_staff, open_round):
    url = reverse("evaluation:round_state", args=[open_round.pk])
    response = client_for(province_staff).post(url, {"to": RoundState.CLOSED})
    assert response.url == reverse("evaluation:round_detail", args=[open_round.pk])
    assert Round.objects.get(pk=open_round.pk).state == RoundState.CLOSED


@pytest.mark.parametrize(("persona_name", "expected"), [("district_officer", 403), ("plain_user", 404)])
def test_round_state_page_refused(persona_name, expected, persona, client_for, open_round):
    response = client_for(persona(persona_name)).post(
        reverse("evaluation:round_state", args=[open_round.pk]), {"to": RoundState.CLOSED}
    )
    assert response.status_code == expected
    assert Round.objects.get(pk=open_round.pk).state == RoundState.OPEN
