"""Every support page × every persona, and the pages' write paths."""

import datetime

import pytest
from django.urls import reverse

from ocop_portal.testing import factories as f
from support.enums import FundingSource, GrantState, SupportCategory
from support.models import AwardPolicy, BudgetLine, Disbursement, SupportGrant

from .factories import BudgetLineFactory

NBSP = "\u00a0"
PERSONAS = [
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "plain_user",
    "anonymous",
]

# view name → (how to build its URL from the scene, expected status per persona in PERSONAS' order,
# text the page shows when it answers 200)
MATRIX = {
    "overview": (
        lambda s: reverse("support:overview") + "?year=2024",
        (200, 403, 403, 403, 403, 403, 302),
        "Ngân sách hỗ trợ OCOP năm 2024",
    ),
    "line_create": (
        lambda s: reverse("support:line_create"),
        (200, 403, 403, 403, 403, 403, 302),
        "Thêm dòng ngân sách",
    ),
    "line_edit": (
        lambda s: reverse("support:line_edit", args=[s.district_line.pk]),
        (200, 403, 404, 404, 404, 404, 302),
        "Sửa dòng ngân sách",
    ),
    "award_policy": (
        lambda s: reverse("support:award_policy", args=[2024]),
        (200, 403, 403, 403, 403, 403, 302),
        "Mức thưởng theo kết quả năm 2024",
    ),
    "grant_list": (lambda s: reverse("support:grant_list"), (200, 200, 200, 200, 200, 403, 302), "Xuất Excel"),
    "grant_export": (lambda s: reverse("support:grant_export"), (200, 200, 200, 200, 200, 403, 302), None),
    "grant_create": (lambda s: reverse("support:grant_create"), (200, 200, 200, 403, 403, 403, 302), "Gửi đề xuất"),
    "grant_detail": (
        lambda s: reverse("support:grant_detail", args=[s.grant.pk]),
        (200, 200, 404, 200, 404, 404, 302),
        "Kiểm nghiệm chỉ tiêu ATTP gà đồi",
    ),
    "grant_approve": (
        lambda s: reverse("support:grant_approve", args=[s.grant.pk]),
        (200, 403, 404, 403, 404, 404, 302),
        "Phê duyệt khoản hỗ trợ",
    ),
    "grant_cancel": (
        lambda s: reverse("support:grant_cancel", args=[s.grant.pk]),
        (200, 403, 404, 403, 404, 404, 302),
        "Lý do hủy",
    ),
    "disbursement_create": (
        lambda s: reverse("support:disbursement_create", args=[s.approved_grant.pk]),
        (200, 403, 404, 403, 404, 404, 302),
        "Ghi nhận lần chi",
    ),
    "producer_history": (
        lambda s: reverse("support:producer_history", args=[s.grant.producer_id]),
        (200, 200, 404, 200, 404, 403, 302),
        "Lịch sử hỗ trợ",
    ),
    "category_summary": (
        lambda s: reverse("support:category_summary") + "?year=2024",
        (200, 200, 200, 403, 403, 403, 302),
        "Kết quả hỗ trợ theo nội dung năm 2024",
    ),
    "outcomes": (
        lambda s: reverse("support:outcomes") + "?year=2024",
        (200, 200, 200, 403, 403, 403, 302),
        "Hiệu quả hỗ trợ năm 2024",
    ),
}
CASES = [
    (view, persona, statuses[index])
    for view, (_url, statuses, _text) in MATRIX.items()
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("view", "persona_name", "status"), CASES)
def test_view_answers_each_persona(scene, persona, client_for, view, persona_name, status):
    build_url, _statuses, text = MATRIX[view]
    url = build_url(scene)

    response = client_for(persona(persona_name)).get(url)

    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"{reverse('accounts:login')}?next={url.replace('?', '%3F').replace('=', '%3D')}"
    elif status == 200 and text is not None:
        assert text in response.content.decode()
    elif status == 200:
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        assert "gà đồi" not in response.content.decode()


VISIBLE_GRANTS = {
    "province_staff": {"Kiểm nghiệm chỉ tiêu ATTP gà đồi", "Tem nhãn mác gà đồi", "Tem nhãn mác vải thiều"},
    "district_officer": {"Kiểm nghiệm chỉ tiêu ATTP gà đồi", "Tem nhãn mác gà đồi"},
    "other_district_officer": {"Tem nhãn mác vải thiều"},
    "producer": {"Kiểm nghiệm chỉ tiêu ATTP gà đồi", "Tem nhãn mác gà đồi"},
    "other_producer": {"Tem nhãn mác vải thiều"},
}


@pytest.mark.parametrize("persona_name", list(VISIBLE_GRANTS))
def test_grant_list_shows_only_grants_in_scope(scene, persona, client_for, persona_name):
    response = client_for(persona(persona_name)).get(reverse("support:grant_list"))

    shown = {grant.description for grant in response.context["page_obj"]}
    assert shown == VISIBLE_GRANTS[persona_name]


def test_grant_list_of_another_province_staff_is_empty(scene, client_for):
    foreign_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="45", name="Tỉnh Quảng Trị"))

    response = client_for(foreign_staff).get(reverse("support:grant_list"))
    detail = client_for(foreign_staff).get(reverse("support:grant_detail", args=[scene.grant.pk]))

    assert (list(response.context["page_obj"]), detail.status_code) == ([], 404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=proposed", {"Kiểm nghiệm chỉ tiêu ATTP gà đồi", "Tem nhãn mác vải thiều"}),
        ("category=food_safety_testing", {"Kiểm nghiệm chỉ tiêu ATTP gà đồi"}),
        ("district={district}", {"Kiểm nghiệm chỉ tiêu ATTP gà đồi", "Tem nhãn mác gà đồi"}),
        ("source=central_ntm", set()),
        (
            "year=2024&source=provincial",
            {"Kiểm nghiệm chỉ tiêu ATTP gà đồi", "Tem nhãn mác gà đồi", "Tem nhãn mác vải thiều"},
        ),
        ("year=2023", set()),
    ],
)
def test_grant_list_filters(scene, district, province_staff, client_for, query, expected):
    url = f"{reverse('support:grant_list')}?{query.format(district=district.pk)}"

    response = client_for(province_staff).get(url)

    assert {grant.description for grant in response.context["page_obj"]} == expected


def test_line_create_saves_through_the_service(province_staff, client_for):
    response = client_for(province_staff).post(
        reverse("support:line_create"),
        {
            "year": "2021",
            "funding_source": FundingSource.CENTRAL_NTM,
            "category": SupportCategory.LABELS_PACKAGING,
            "allocated_amount": "460.000.000",
            "decision_number": "2121/QĐ-UBND",
            "decision_date": "2021-10-22",
        },
    )

    line = BudgetLine.objects.get()
    assert response["Location"] == f"{reverse('support:overview')}?year=2021"
    assert (line.province, line.district, line.allocated_amount, line.decision_date) == (
        province_staff.staff_province,
        None,
        460_000_000,
        datetime.date(2021, 10, 22),
    )


def test_line_edit_below_committed_shows_the_refusal(scene, province_staff, client_for):
    response = client_for(province_staff).post(
        reverse("support:line_edit", args=[scene.line.pk]),
        {
            "year": "2024",
            "funding_source": FundingSource.PROVINCIAL,
            "category": SupportCategory.LABELS_PACKAGING,
            "allocated_amount": "15000000",
            "decision_number": scene.line.decision_number,
            "decision_date": "2024-03-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "allocated_amount": [f"Số phân bổ thấp hơn số đã cam kết 5.000.000{NBSP}đ"]
    }


def test_district_officer_proposes_for_their_district(scene, district_officer, producer_record, client_for):
    response = client_for(district_officer).post(
        reverse("support:grant_create"),
        {
            "budget_line": scene.district_line.pk,
            "producer": producer_record.pk,
            "product": scene.product.pk,
            "description": "Kiểm nghiệm chỉ tiêu ATTP đợt 2",
            "units": "3",
            "amount": "14.700.000",
        },
    )

    grant = SupportGrant.objects.get(description="Kiểm nghiệm chỉ tiêu ATTP đợt 2")
    assert response["Location"] == reverse("support:grant_detail", args=[grant.pk])
    assert (grant.state, grant.amount, grant.units, grant.proposed_by) == (
        GrantState.PROPOSED,
        14_700_000,
        3,
        district_officer,
    )


def test_district_officer_cannot_propose_for_another_district(
    scene, district_officer, other_producer_record, client_for
):
    response = client_for(district_officer).post(
        reverse("support:grant_create"),
        {
            "budget_line": scene.line.pk,
            "producer": other_producer_record.pk,
            "description": "Tem nhãn",
            "units": "1",
            "amount": "1000000",
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["producer"]
    assert SupportGrant.objects.count() == 3


def test_grant_approve_overspend_is_shown_on_the_form(scene, province_staff, client_for):
    response = client_for(province_staff).post(
        reverse("support:grant_approve", args=[scene.grant.pk]),
        {"amount": "92.500.000", "decision_number": "12/QĐ-SNN", "decision_date": "2024-04-10"},
    )

    assert response.context["form"].non_field_errors() == [f"Vượt số còn lại của dòng ngân sách 12.500.000{NBSP}đ"]
    assert SupportGrant.objects.get(pk=scene.grant.pk).state == GrantState.PROPOSED


def test_grant_approve_then_pay_in_full(scene, province_staff, client_for):
    client = client_for(province_staff)
    client.post(
        reverse("support:grant_approve", args=[scene.grant.pk]),
        {"amount": "4600000", "decision_number": "12/QĐ-SNN", "decision_date": "2024-04-10"},
    )
    response = client.post(
        reverse("support:disbursement_create", args=[scene.grant.pk]),
        {"paid_on": "2024-05-02", "amount": "4.600.000", "note": "Chuyển khoản"},
    )

    assert response["Location"] == reverse("support:grant_detail", args=[scene.grant.pk])
    assert SupportGrant.objects.get(pk=scene.grant.pk).state == GrantState.PAID
    assert list(Disbursement.objects.values_list("amount", "note")) == [(4_600_000, "Chuyển khoản")]


def test_disbursement_beyond_the_grant_is_shown_on_the_form(scene, province_staff, client_for):
    response = client_for(province_staff).post(
        reverse("support:disbursement_create", args=[scene.approved_grant.pk]),
        {"paid_on": "2024-05-02", "amount": "25000000"},
    )

    assert response.context["form"].non_field_errors() == [f"Vượt số còn lại của khoản hỗ trợ 5.000.000{NBSP}đ"]


def test_grant_cancel_records_the_reason(scene, province_staff, client_for):
    client_for(province_staff).post(
        reverse("support:grant_cancel", args=[scene.grant.pk]), {"note": "Trùng với hỗ trợ của huyện"}
    )

    assert SupportGrant.objects.get(pk=scene.grant.pk).state == GrantState.CANCELLED


def test_grant_detail_offers_only_the_allowed_actions(scene, province_staff, district_officer, client_for):
    staff_view = client_for(province_staff).get(reverse("support:grant_detail", args=[scene.approved_grant.pk]))
    officer_view = client_for(district_officer).get(reverse("support:grant_detail", args=[scene.grant.pk]))

    flags = ("can_approve", "can_cancel", "can_disburse")
    assert [staff_view.context[flag] for flag in flags] == [False, True, True]
    assert [officer_view.context[flag] for flag in flags] == [False, False, False]


def test_award_policy_edit_saves_the_years_amounts(province_staff, client_for):
    data = {
        "first_3_stars": "50.000.000",
        "first_4_stars": "150.000.000",
        "first_5_stars": "300.000.000",
        "reevaluation_3_stars": "0",
        "reevaluation_4_stars": "0",
        "reevaluation_5_stars": "0",
        "upgrade_3_stars": "0",
        "upgrade_4_stars": "0",
        "upgrade_5_stars": "0",
    }

    response = client_for(province_staff).post(reverse("support:award_policy", args=[2025]), data)

    policy = AwardPolicy.objects.get()
    assert response["Location"] == reverse("support:award_policy", args=[2025])
    assert (policy.province, policy.year, policy.first_3_stars, policy.first_4_stars, policy.first_5_stars) == (
        province_staff.staff_province,
        2025,
        50_000_000,
        150_000_000,
        300_000_000,
    )


def test_overview_figures_per_source_and_category(scene, province_staff, client_for):
    BudgetLineFactory(
        province=scene.line.province,
        funding_source=FundingSource.CENTRAL_NTM,
        category=SupportCategory.TRADEMARK,
        allocated_amount=100_000_000,
    )

    overview = client_for(province_staff).get(reverse("support:overview") + "?year=2024").context["overview"]

    by_source = {row.key: (row.allocated, row.committed, row.paid, row.remaining) for row in overview.by_source}
    by_category = {row.key: (row.allocated, row.committed, row.paid, row.remaining) for row in overview.by_category}
    assert by_source == {
        "central_ntm": (100_000_000, 0, 0, 100_000_000),
        "provincial": (540_000_000, 20_000_000, 0, 520_000_000),
    }
    assert by_category == {
        "labels_packaging": (460_000_000, 20_000_000, 0, 440_000_000),
        "trademark": (100_000_000, 0, 0, 100_000_000),
        "food_safety_testing": (80_000_000, 0, 0, 80_000_000),
    }


def test_producer_history_fragment_for_htmx(scene, producer, client_for):
    response = client_for(producer).get(
        reverse("support:producer_history", args=[scene.grant.producer_id]), headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert response.templates[0].name == "support/_producer_history.html"
    assert "<html" not in body
    assert {grant.description for grant in response.context["support_grants"]} == {
        "Kiểm nghiệm chỉ tiêu ATTP gà đồi",
        "Tem nhãn mác gà đồi",
    }
