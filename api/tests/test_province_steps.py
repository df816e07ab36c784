"""The province's steps through the API (QĐ 26/2026 Art. 6.3, 7.3, 7.4), with the pages' services:
the advisory team's records (a tourism dossier's site visit before scoring), the chairman's
approval, the 5★ package sent (what is missing listed first), the Ministry's "not granted" with
its score, and the province's 3★/4★ decision on it."""

import datetime

import pytest
from django.utils import timezone

from evaluation.enums import AdvisoryKind, DossierState, MinistryOutcome
from evaluation.models import AdvisoryRecord, Certificate, MinistrySubmission
from evaluation.tests.test_province_advisory import before_council, province_dossier
from evaluation.tests.test_province_ministry import potential_5  # noqa: F401 — a fixture

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_advisory_team_records_through_the_api(api, province, commune, province_staff):
    tourism = province_dossier(province=province, commune=commune, staff=province_staff)
    _assignment, members, helper = before_council(province, tourism, province_staff)
    url = f"/api/v1/dossiers/{tourism.pk}/advisory/"
    visit = {"kind": AdvisoryKind.SITE_VISIT, "on": TODAY().isoformat(), "text": "Khảo sát homestay"}
    answer = api(helper.user).post(url, visit, format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["kind"] == "site_visit"
    refused = api(members[1].user).post(url, visit, format="json")
    assert refused.status_code == 403
    bad = api(province_staff).post(url, {**visit, "text": " "}, format="json")
    assert bad.status_code == 400
    future = api(province_staff).post(
        url, {**visit, "on": (TODAY() + datetime.timedelta(days=1)).isoformat()}, format="json"
    )
    assert future.status_code == 400 and "on" in future.json()
    assert AdvisoryRecord.objects.count() == 1
    listed = api(province_staff).get(url).json()
    assert [(r["kind"], r["text"]) for r in listed] == [("site_visit", "Khảo sát homestay")]


def test_a_test_result_answers_a_request_of_the_same_dossier(api, province, commune, province_staff):
    dossier = province_dossier(province=province, commune=commune, staff=province_staff)
    other = province_dossier(province=province, commune=commune, staff=province_staff, set_code="27")
    client = api(province_staff)
    request = client.post(
        f"/api/v1/dossiers/{other.pk}/advisory/",
        {"kind": "test_request", "on": TODAY().isoformat(), "text": "Vi sinh"},
        format="json",
    ).json()
    answer = client.post(
        f"/api/v1/dossiers/{dossier.pk}/advisory/",
        {"kind": "test_result", "on": TODAY().isoformat(), "text": "Đạt", "answers": request["id"]},
        format="json",
    )
    assert answer.status_code == 400 and "answers" in answer.json()


def test_a_5_star_dossier_to_the_ministry_and_back(api, potential_5, province, province_staff):  # noqa: F811
    client = api(province_staff)
    base = f"/api/v1/dossiers/{potential_5.pk}"
    state = client.get(f"{base}/five-star/").json()
    assert (state["next_level"], state["next_action"]) == ("province", "approve")
    assert "Báo cáo đánh giá của tổ tư vấn." in state["missing"]
    approved = client.post(
        f"{base}/five-star/approve/",
        {"number": "12/QĐ-UBND", "date": "2026-11-01", "signer": "Chủ tịch"},
        format="json",
    )
    assert approved.status_code == 200 and approved.json()["next_action"] == "send"
    letter = {"letter_number": "345/UBND-KT", "letter_date": "2026-11-02"}
    refused = client.post(f"{base}/five-star/send/", letter, format="json")
    assert refused.status_code == 400
    assert "Báo cáo đánh giá của tổ tư vấn." in str(refused.json())
    client.post(
        f"{base}/advisory/", {"kind": "report", "on": TODAY().isoformat(), "text": "Đề nghị 5 sao"}, format="json"
    )
    sent = client.post(f"{base}/five-star/send/", letter, format="json")
    assert sent.status_code == 200, sent.content
    assert (sent.json()["next_action"], sent.json()["missing"]) == ("ministry_outcome", [])
    outcome = client.post(
        f"{base}/central-outcome/",
        {
            "granted": False,
            "score": "72.50",
            "number": "88/QĐ-BNNMT",
            "date": "2026-11-20",
            "signer": "Trần Văn Bộ",
            "authority": "Bộ Nông nghiệp và Môi trường",
        },
        format="json",
    )
    assert outcome.status_code == 200, outcome.content
    assert outcome.json()["state"] == DossierState.SCORED
    submission = MinistrySubmission.objects.get(dossier=potential_5)
    assert (submission.outcome, submission.supported_stars) == (MinistryOutcome.NOT_GRANTED, 4)
    decision = {
        "issuer_unit": province.pk,
        "level": "province",
        "date": "2026-11-25",
        "signer": "Nguyễn Văn Ký",
        "authority": "UBND tỉnh",
    }
    three = client.post(
        "/api/v1/decisions/",
        {**decision, "number": "3/QĐ", "items": [{"dossier": potential_5.pk, "stars": 3}]},
        format="json",
    )
    assert three.status_code == 400
    four = client.post(
        "/api/v1/decisions/",
        {**decision, "number": "4/QĐ", "items": [{"dossier": potential_5.pk, "stars": 4}]},
        format="json",
    )
    assert four.status_code == 201, four.content
    assert list(Certificate.objects.filter(dossier=potential_5).values_list("stars", flat=True)) == [4]
    assert client.get(f"{base}/five-star/").json()["end"] == "decided"


def test_the_5_star_steps_refuse_the_rest_of_the_team(api, potential_5):  # noqa: F811
    answer = api(potential_5.helper).post(
        f"/api/v1/dossiers/{potential_5.pk}/five-star/approve/",
        {"number": "12/QĐ-UBND", "date": "2026-11-01", "signer": "Chủ tịch"},
        format="json",
    )
    assert answer.status_code == 403
    assert not MinistrySubmission.objects.exists()
