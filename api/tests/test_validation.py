"""Messages are in Vietnamese, as everywhere in the portal (VietnameseFirstLocaleMiddleware).

Invalid input answers 400 with errors per field (from serializers and from the services'
ValidationError alike); a stale version 409; nothing becomes a 500."""

import pytest

from evaluation.enums import DossierState

pytestmark = pytest.mark.django_db


def test_missing_and_invalid_fields_are_listed_per_field(api, district_officer, commune):
    response = api(district_officer).post(
        "/api/v1/producers/", {"kind": "bank", "name": "", "commune": 999999999}, format="json"
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "kind": ['"bank" is not a valid choice.'],
            "name": ["Trường này không được bỏ trống."],
            "registration_number": ["Trường này là bắt buộc."],
            "representative": ["Trường này là bắt buộc."],
            "commune": ['Invalid pk "999999999" - object does not exist.'],
            "address": ["Trường này là bắt buộc."],
        },
    )


def test_service_validation_error_becomes_field_error(api, district_officer, commune, producer_record):
    payload = {
        "kind": "cooperative",
        "name": "HTX Trùng số",
        "registration_number": producer_record.registration_number,
        "representative": "Lê Văn An",
        "commune": commune.pk,
        "address": "Thôn Đông",
    }
    response = api(district_officer).post("/api/v1/producers/", payload, format="json")
    assert (response.status_code, list(response.json())) == (400, ["registration_number"])
    assert response.json()["registration_number"] == [
        f"Số đăng ký kinh doanh {producer_record.registration_number} đã được dùng cho chủ thể "
        f"“HTX Gà đồi Yên Thế” (Huyện Yên Thế)."
    ]


def test_out_of_scope_commune_is_refused_as_field_error(api, district_officer, other_commune):
    response = api(district_officer).post(
        "/api/v1/producers/",
        {
            "kind": "cooperative",
            "name": "HTX Ngoài huyện",
            "registration_number": "2409999999",
            "representative": "Lê Văn An",
            "commune": other_commune.pk,
            "address": "Thôn Đông",
        },
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"commune": [f'Invalid pk "{other_commune.pk}" - object does not exist.']},
    )


def test_stale_version_is_a_409_with_the_current_version(api, district_officer, producer_record):
    client = api(district_officer)
    first = client.patch(f"/api/v1/producers/{producer_record.pk}/", {"version": 1, "phone": "0204 1"}, format="json")
    stale = client.patch(f"/api/v1/producers/{producer_record.pk}/", {"version": 1, "phone": "0204 2"}, format="json")
    assert (first.status_code, first.json()["version"]) == (200, 2)
    assert (stale.status_code, stale.json()) == (
        409,
        {"detail": "Bản ghi đã được người khác lưu sau khi bạn đọc nó.", "current_version": 2},
    )


def test_submit_lists_every_missing_item(api, district_officer, world):
    response = api(district_officer).post(f"/api/v1/dossiers/{world['dossier'].pk}/submit/", format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert len(response.json()["non_field_errors"]) == 9
    world["dossier"].refresh_from_db()
    assert world["dossier"].state == DossierState.DRAFT


def test_evidence_with_wrong_content_is_a_field_error(api, district_officer, world):
    import io

    upload = io.BytesIO(b"not a pdf at all")
    upload.name = "giay-phep.pdf"
    response = api(district_officer).post(
        f"/api/v1/dossiers/{world['dossier'].pk}/evidence/",
        {"evidence_type": "business_registration", "file": upload},
        format="multipart",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"file": ["Tệp “giay-phep.pdf” không phải PDF, JPEG hoặc PNG (đã kiểm tra nội dung tệp)."]},
    )


def test_invalid_filter_value_is_a_400(api, province_staff, world):
    response = api(province_staff).get("/api/v1/dossiers/", {"state": "lost", "year": "two"})
    assert (response.status_code, response.json()) == (
        400,
        {
            "state": ["Hãy chọn một lựa chọn hợp lệ. lost không phải là một trong các lựa chọn khả thi."],
            "year": ["Nhập một số tổng thể."],
        },
    )


def test_grant_over_foreign_budget_line_is_a_field_error(api, district_officer, world, producer_record):
    response = api(district_officer).post(
        "/api/v1/grants/",
        {
            "producer": producer_record.pk,
            "budget_line": world["district_line"].pk,
            "amount": 1_000_000,
            "description": "Kiểm nghiệm",
        },
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"budget_line": [f'Invalid pk "{world["district_line"].pk}" - object does not exist.']},
    )


def test_province_staff_create_budget_line_and_grant(api, province_staff, world, producer_record, province):
    client = api(province_staff)
    line = client.post(
        "/api/v1/budget-lines/",
        {
            "year": 2026,
            "funding_source": "provincial",
            "category": "food_safety_testing",
            "allocated_amount": 73_600_000,
            "decision_number": "2121/QĐ-UBND",
            "decision_date": "2026-02-01",
        },
        format="json",
    )
    assert (line.status_code, line.json()["province"], line.json()["remaining"]) == (201, province.pk, 73_600_000)
    grant = client.post(
        "/api/v1/grants/",
        {
            "producer": producer_record.pk,
            "budget_line": line.json()["id"],
            "amount": 4_600_000,
            "description": "Kiểm nghiệm",
        },
        format="json",
    )
    assert (grant.status_code, grant.json()["state"], grant.json()["amount"]) == (201, "proposed", 4_600_000)


def test_producer_may_not_create_budget_lines(api, producer):
    response = api(producer).post("/api/v1/budget-lines/", {}, format="json")
    assert response.status_code == 403
