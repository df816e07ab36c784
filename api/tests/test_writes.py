"""Writes the API gained for issue 23 — rounds and support grants — go through the pages'
services: the same rules, the same translated errors, the same audit entries, nothing written
when refused."""

import pytest

from evaluation.enums import RoundState
from evaluation.models import Round, RoundDeadline
from evaluation.tests.factories import framework
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing import factories as f
from support.enums import GrantState
from support.models import Disbursement
from support.tests.factories import BudgetLineFactory, SupportGrantFactory

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def _actions(model_name):
    return list(
        AuditEntry.objects.filter(content_type__model=model_name).order_by("id").values_list("action", flat=True)
    )


def test_province_staff_run_a_round_through_the_api(api, province, province_staff):
    framework()
    staff = api(province_staff)
    created = ok(staff.post("/api/v1/rounds/", {"framework": "148", "year": 2026, "number": 1}, format="json"), 201)
    assert (created["state"], created["province"], created["deadlines"]) == ("planned", province.pk, [])
    duplicate = staff.post("/api/v1/rounds/", {"framework": "148", "year": 2026, "number": 1}, format="json")
    assert duplicate.status_code == 400 and "number" in duplicate.json()
    assert Round.objects.count() == 1

    url = f"/api/v1/rounds/{created['id']}/"
    renamed = ok(staff.patch(url, {"title": "Đợt 1 năm 2026"}, format="json"))
    assert renamed["title"] == "Đợt 1 năm 2026"

    backwards = staff.put(
        url + "deadlines/",
        {"deadlines": [{"level": "district", "submission": "2026-06-30", "completeness_check": "2026-06-01"}]},
        format="json",
    )
    assert backwards.status_code == 400
    assert RoundDeadline.objects.count() == 0
    scheduled = ok(
        staff.put(
            url + "deadlines/",
            {"deadlines": [{"level": "district", "submission": "2026-06-30", "scoring": "2026-08-31"}]},
            format="json",
        )
    )
    assert [(d["level"], d["submission"], d["scoring"]) for d in scheduled["deadlines"]] == [
        ("district", "2026-06-30", "2026-08-31")
    ]

    assert staff.post(url + "transition/", {"to": "closed"}, format="json").status_code == 400
    assert ok(staff.post(url + "transition/", {"to": "open"}, format="json"))["state"] == "open"
    assert ok(staff.post(url + "transition/", {"to": "closed"}, format="json"))["state"] == "closed"
    assert Round.objects.get().state == RoundState.CLOSED
    assert _actions("round") == ["round.create", "round.update", "round.deadlines", "round.open", "round.closed"]


def test_another_province_s_staff_do_not_see_the_round(api, province, province_staff):
    framework()
    round_ = ok(
        api(province_staff).post("/api/v1/rounds/", {"framework": "148", "year": 2026, "number": 2}, format="json"),
        201,
    )
    stranger = f.UserFactory(staff_province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))
    answer = api(stranger).post(f"/api/v1/rounds/{round_['id']}/transition/", {"to": "open"}, format="json")
    assert answer.status_code == 404
    assert Round.objects.get().state == RoundState.PLANNED


@pytest.fixture
def grant(province, producer_record):
    line = BudgetLineFactory(province=province, year=2026, allocated_amount=30_000_000)
    return SupportGrantFactory(producer=producer_record, budget_line=line, amount=20_000_000)


def test_approve_disburse_a_grant_through_the_api(api, grant, province_staff):
    staff = api(province_staff)
    url = f"/api/v1/grants/{grant.pk}/"
    over = staff.post(
        url + "approve/",
        {"amount": 30_000_001, "decision_number": "45/QĐ-SNN", "decision_date": "2026-04-01"},
        format="json",
    )
    assert over.status_code == 400
    assert over.json()["non_field_errors"] == ["Vượt số còn lại của dòng ngân sách 1\xa0đ"]
    approved = ok(
        staff.post(url + "approve/", {"decision_number": "45/QĐ-SNN", "decision_date": "2026-04-01"}, format="json")
    )
    assert (approved["state"], approved["amount"], approved["decision_number"]) == ("approved", 20_000_000, "45/QĐ-SNN")

    early = staff.post(url + "disburse/", {"paid_on": "2026-03-31", "amount": 5_000_000}, format="json")
    assert early.status_code == 400 and "paid_on" in early.json()
    paid = ok(staff.post(url + "disburse/", {"paid_on": "2026-04-01", "amount": 5_000_000}, format="json"), 201)
    assert (paid["grant"], paid["amount"]) == (grant.pk, 5_000_000)
    assert ok(staff.get(url))["state"] == GrantState.PAID_IN_PART
    too_much = staff.post(url + "disburse/", {"paid_on": "2026-05-01", "amount": 15_000_001}, format="json")
    assert too_much.status_code == 400
    ok(staff.post(url + "disburse/", {"paid_on": "2026-05-01", "amount": 15_000_000}, format="json"), 201)
    assert ok(staff.get(url))["state"] == GrantState.PAID
    assert Disbursement.objects.filter(grant=grant).count() == 2


def test_refuse_a_proposed_grant_needs_a_reason(api, grant, province_staff, district_officer):
    url = f"/api/v1/grants/{grant.pk}/refuse/"
    assert api(district_officer).post(url, {"note": "Không đủ điều kiện"}, format="json").status_code == 403
    assert api(province_staff).post(url, {"note": ""}, format="json").status_code == 400
    refused = ok(api(province_staff).post(url, {"note": "Không đủ điều kiện"}, format="json"))
    assert refused["state"] == GrantState.CANCELLED
    assert api(province_staff).post(url, {"note": "Lần nữa"}, format="json").status_code == 400


# --- a round's framework and opening date, as on the round page --------------------------------


def test_a_round_takes_the_framework_in_force_on_its_opening_date(api, province, province_staff):
    framework()
    created = ok(
        api(province_staff).post(
            "/api/v1/rounds/", {"year": 2026, "number": 2, "opens_on": "2026-09-01"}, format="json"
        ),
        201,
    )
    assert (created["framework"], created["opens_on"], created["framework_expired"]) == (
        "26/2026",
        "2026-09-01",
        False,
    )


@pytest.mark.parametrize(("opens_on", "expired"), [("2026-07-20", False), ("2026-07-21", True)])
def test_an_expired_framework_is_chosen_only_with_its_reason(api, province, province_staff, opens_on, expired):
    """QĐ 148 is in force until 20/07/2026: a round opening that day takes it without a reason, one
    opening on 21/07 only with one — refused with the page's message, and nothing written."""
    framework()
    staff = api(province_staff)
    body = {"framework": "148", "year": 2026, "number": 3, "opens_on": opens_on}
    if not expired:
        assert ok(staff.post("/api/v1/rounds/", body, format="json"), 201)["framework_expired"] is False
        return
    refused = staff.post("/api/v1/rounds/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["expired_framework_reason"] == [
        "“QĐ 148/QĐ-TTg (Hội đồng huyện → Hội đồng tỉnh)” không còn hiệu lực vào ngày mở đợt 21/07/2026 "
        "(hiệu lực 24/02/2023 – 20/07/2026). "
        "Hãy chọn khung đang có hiệu lực hoặc ghi rõ lý do dùng khung này."
    ]
    assert not Round.objects.exists() and not AuditEntry.objects.filter(action="round.create").exists()
    reason = "Hồ sơ nộp trước 22/05/2026, hoàn thành theo quy định cũ"
    created = ok(staff.post("/api/v1/rounds/", {**body, "expired_framework_reason": reason}, format="json"), 201)
    assert (created["framework"], created["framework_expired"], created["expired_framework_reason"]) == (
        "148",
        True,
        reason,
    )
    entry = AuditEntry.objects.get(action="round.create")
    assert entry.changes["expired_framework_reason"] == ["", reason]


def test_a_reason_longer_than_the_page_allows_is_refused(api, province, province_staff):
    framework()
    body = {"framework": "148", "year": 2026, "number": 3, "opens_on": "2026-09-01"}
    answer = api(province_staff).post(
        "/api/v1/rounds/", {**body, "expired_framework_reason": "x" * 1001}, format="json"
    )
    assert answer.status_code == 400 and "expired_framework_reason" in answer.json()
    assert not Round.objects.exists()


def test_moving_a_round_s_opening_date_past_its_framework_needs_the_reason(api, province, province_staff):
    framework()
    staff = api(province_staff)
    created = ok(
        staff.post(
            "/api/v1/rounds/", {"framework": "148", "year": 2026, "number": 1, "opens_on": "2026-07-01"}, format="json"
        ),
        201,
    )
    url = f"/api/v1/rounds/{created['id']}/"
    assert "expired_framework_reason" in staff.patch(url, {"opens_on": "2026-08-01"}, format="json").json()
    assert str(Round.objects.get().opens_on) == "2026-07-01"
    moved = ok(staff.patch(url, {"opens_on": "2026-08-01", "expired_framework_reason": "Đợt bổ sung"}, format="json"))
    assert moved["framework_expired"] is True
