"""A gated 5★ dossier to the Ministry under QĐ 26/2026 (Art. 6.3, 7.3, 7.4): the chairman's
approval, the package sent as one ZIP (what is missing listed first), the Ministry's outcome, and
Art. 7.4 — below 90 the province certifies 3★/4★ on the Ministry's result. Table-driven: whatever
the Ministry answers, the dossier ends decided or not recognised, never where no level can act."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.enums import AdvisoryKind, DossierState, JobState, Level, MinistryOutcome
from evaluation.models import Certificate, MinistrySubmission
from evaluation.services.advisory import advisory_record
from evaluation.services.councils import assignment_close
from evaluation.services.decisions import central_outcome_record, decidable_stars
from evaluation.services.ministry import Standing, dossier_standing, five_star_approve, five_star_send, package_missing
from evaluation.tests.test_bundles import pdf_text, unzip, verified
from evaluation.tests.test_councils import score
from evaluation.tests.test_dossiers_fixtures import make_complete
from evaluation.tests.test_flow import record
from evaluation.tests.test_province_advisory import before_council, province_dossier

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
LETTER = {"letter_number": "345/UBND-KT", "letter_date": datetime.date(2026, 11, 2)}
MINISTRY = {
    "number": "88/QĐ-BNNMT",
    "date": datetime.date(2026, 11, 20),
    "signer": "Trần Văn Bộ",
    "authority": "Bộ Nông nghiệp và Môi trường",
}


def _open(standing: Standing) -> bool:
    return standing != Standing()


@pytest.fixture
def potential_5(province, commune, province_staff):
    """Gated 5★ at the province (a food product: no site visit needed), forwarded to the Ministry."""
    dossier = province_dossier(province=province, commune=commune, staff=province_staff, group="I", set_code="01")
    make_complete(dossier, province_staff)
    assignment, members, helper = before_council(province, dossier, province_staff)
    for member in members[:3]:
        score(assignment, member)
    assignment_close(assignment=assignment, by=members[0].user)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.CENTRAL)
    dossier.helper = helper.user
    return dossier


def approve(dossier, by):
    return five_star_approve(
        dossier=dossier, number="12/QĐ-UBND", date=datetime.date(2026, 11, 1), signer="Lê Văn Chủ tịch", by=by
    )


def report(dossier, by):
    advisory_record(dossier=dossier, kind=AdvisoryKind.REPORT, on=TODAY(), text="Đề nghị trình Bộ 5 sao", by=by)


def sent(dossier, by):
    approve(dossier, by)
    report(dossier, dossier.helper)
    return five_star_send(dossier=dossier, by=by, **LETTER)


def test_each_step_in_order_and_the_next_one_always_named(potential_5, province_staff):
    steps = [dossier_standing(potential_5)]
    approve(potential_5, province_staff)
    steps.append(dossier_standing(potential_5))
    report(potential_5, potential_5.helper)
    five_star_send(dossier=potential_5, by=province_staff, **LETTER)
    steps.append(dossier_standing(potential_5))
    assert [(s.level, s.action) for s in steps] == [
        (Level.PROVINCE, "approve"),
        (Level.PROVINCE, "send"),
        (Level.CENTRAL, "ministry_outcome"),
    ]


def test_the_province_cannot_decide_below_5_before_the_ministrys_result(potential_5, province_staff):
    assert decidable_stars(potential_5, Level.PROVINCE)[1] == []
    assert decidable_stars(potential_5, Level.CENTRAL)[1] == [5]
    with pytest.raises(ValidationError):
        record(Level.PROVINCE, potential_5.province, potential_5.province, potential_5, 4, province_staff, "1/QĐ")


def test_sending_lists_what_is_missing_and_writes_nothing(potential_5, province_staff):
    assert package_missing(potential_5) == [
        "Quyết định phê duyệt kết quả của Chủ tịch UBND tỉnh.",
        "Công văn đề nghị của UBND tỉnh (số và ngày).",
        "Báo cáo đánh giá của tổ tư vấn.",
    ]
    approve(potential_5, province_staff)
    request = advisory_record(
        dossier=potential_5, kind=AdvisoryKind.TEST_REQUEST, on=TODAY(), text="Kiểm nghiệm vi sinh", by=province_staff
    )
    with pytest.raises(ValidationError) as error:
        five_star_send(dossier=potential_5, by=province_staff, letter_number="", letter_date=None)
    assert error.value.messages[0] == "Chưa gửi được hồ sơ đề nghị Bộ công nhận 5 sao, còn thiếu:"
    assert error.value.messages[1:] == [
        "Công văn đề nghị của UBND tỉnh (số và ngày).",
        "Báo cáo đánh giá của tổ tư vấn.",
        f"Kết quả kiểm nghiệm bổ sung: còn 1 đề nghị chưa có kết quả (ngày {TODAY():%d/%m/%Y}).",
    ]
    assert MinistrySubmission.objects.get(dossier=potential_5).sent_at is None
    report(potential_5, potential_5.helper)
    advisory_record(
        dossier=potential_5, kind=AdvisoryKind.TEST_RESULT, on=TODAY(), text="Đạt", answers=request, by=province_staff
    )
    assert package_missing(potential_5, **LETTER) == []


def test_the_package_is_one_zip_with_the_art_6_3_contents(
    potential_5, province_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = sent(potential_5, province_staff)
    job = submission.package_job
    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.DONE, "")
    files = unzip(job)
    verified(files)
    assert {path.split("/")[0] for path in files} >= {
        "0-cong-van-phe-duyet-bao-cao-to-tu-van",
        "1-ho-so",
        "2-minh-chung",
        "4-bien-ban",
        "5-quyet-dinh-giay-chung-nhan",
    }
    text = pdf_text(files["0-cong-van-phe-duyet-bao-cao-to-tu-van/van-ban-cua-tinh.pdf"])
    for expected in ("345/UBND-KT", "12/QĐ-UBND", "Lê Văn Chủ tịch", "Đề nghị trình Bộ 5 sao"):
        assert expected in text
    assert "4-bien-ban/bien-ban-province.pdf" in files


def test_the_5_star_steps_are_the_province_staffs(potential_5, district_officer):
    with pytest.raises(PermissionDenied):
        approve(potential_5, potential_5.helper)
    with pytest.raises(PermissionDenied):
        approve(potential_5, district_officer)
    assert not MinistrySubmission.objects.exists()


def test_the_outcome_needs_the_package_sent(potential_5, province_staff):
    approve(potential_5, province_staff)
    with pytest.raises(ValidationError) as error:
        central_outcome_record(dossier=potential_5, granted=True, by=province_staff, **MINISTRY)
    assert "chưa được gửi Bộ" in error.value.messages[0]


# granted, Ministry's score, stars given → (the level that decides, the stars) or "not_recognised"
OUTCOMES = [
    (True, None, None, (Level.CENTRAL, 5)),
    (False, "89.99", None, (Level.PROVINCE, 4)),
    (False, "70.00", None, (Level.PROVINCE, 4)),
    (False, "69.99", None, (Level.PROVINCE, 3)),
    (False, "50.00", None, (Level.PROVINCE, 3)),
    (False, "49.99", None, "not_recognised"),
    (False, "12.00", None, "not_recognised"),
    (False, "95.00", 4, (Level.PROVINCE, 4)),  # ≥ 90 but a 5★ mark missed at the Ministry
    (False, "92.00", 3, (Level.PROVINCE, 3)),  # ≥ 90, a 4★ mark missed
    (False, "80.00", 3, (Level.PROVINCE, 3)),
]


@pytest.mark.parametrize(("granted", "score_", "stars", "end"), OUTCOMES)
def test_no_ministry_outcome_leaves_the_dossier_undecidable(potential_5, province_staff, granted, score_, stars, end):
    sent(potential_5, province_staff)
    central_outcome_record(
        dossier=potential_5, granted=granted, score=score_, stars=stars, by=province_staff, **MINISTRY
    )
    potential_5.refresh_from_db()
    standing = dossier_standing(potential_5)
    assert _open(standing)
    submission = MinistrySubmission.objects.get(dossier=potential_5)
    assert submission.outcome == (MinistryOutcome.GRANTED if granted else MinistryOutcome.NOT_GRANTED)
    if end == "not_recognised":
        assert standing.end == "not_recognised"
        assert [decidable_stars(potential_5, level)[1] for level in (Level.PROVINCE, Level.CENTRAL)] == [[], []]
        assert not Certificate.objects.filter(dossier=potential_5).exists()
        return
    level, expected = end
    if granted:
        assert standing.end == "decided"
    else:
        assert submission.ministry_score == Decimal(score_)
        assert (standing.level, standing.action, standing.stars) == (level, "decide", (expected,))
        for other in {3, 4, 5} - {expected}:
            with pytest.raises(ValidationError):
                record(
                    level, potential_5.province, potential_5.province, potential_5, other, province_staff, f"x{other}"
                )
        record(level, potential_5.province, potential_5.province, potential_5, expected, province_staff, "74/QĐ")
    potential_5.refresh_from_db()
    assert potential_5.state == DossierState.DECIDED
    assert dossier_standing(potential_5).end == "decided"
    assert list(Certificate.objects.filter(dossier=potential_5).values_list("stars", "issuing_level")) == [
        (expected, level)
    ]


@pytest.mark.parametrize(
    ("score_", "stars", "field"),
    [
        (None, None, "score"),
        ("95.00", None, "stars"),
        ("80.00", 5, "stars"),
        ("60.00", 4, "stars"),
        ("100.01", None, "score"),
    ],
)
def test_a_not_granted_outcome_that_supports_nothing_coherent_is_refused(
    potential_5, province_staff, score_, stars, field
):
    sent(potential_5, province_staff)
    with pytest.raises(ValidationError) as error:
        central_outcome_record(
            dossier=potential_5, granted=False, score=score_, stars=stars, by=province_staff, **MINISTRY
        )
    assert field in error.value.message_dict
    potential_5.refresh_from_db()
    assert (potential_5.state, MinistrySubmission.objects.get().outcome) == (DossierState.FORWARDED, "")


# --- pages ----------------------------------------------------------------------------------------


def test_the_page_takes_the_province_through_the_steps(client_for, potential_5, province_staff):
    client = client_for(province_staff)
    url = reverse("evaluation:dossier_province", args=[potential_5.pk])
    page = client.get(url).content.decode()
    assert "Còn thiếu trước khi gửi Bộ" in page and "Báo cáo đánh giá của tổ tư vấn." in page
    answer = client.post(
        reverse("evaluation:five_star_approve", args=[potential_5.pk]),
        {"number": "12/QĐ-UBND", "date": "2026-11-01", "signer": "Lê Văn Chủ tịch"},
    )
    assert answer.status_code == 302
    refused = client.post(reverse("evaluation:five_star_send", args=[potential_5.pk]), {"letter_number": "1/UBND"})
    assert refused.status_code == 200
    assert "Chưa gửi được hồ sơ đề nghị Bộ công nhận 5 sao" in refused.content.decode()
    report(potential_5, potential_5.helper)
    answer = client.post(
        reverse("evaluation:five_star_send", args=[potential_5.pk]),
        {"letter_number": "345/UBND-KT", "letter_date": "2026-11-02"},
    )
    assert answer.status_code == 302
    answer = client.post(
        reverse("evaluation:five_star_outcome", args=[potential_5.pk]),
        {
            "granted": "no",
            "number": "88/QĐ-BNNMT",
            "date": "2026-11-20",
            "signer": "Trần Văn Bộ",
            "authority": "Bộ Nông nghiệp và Môi trường",
            "score": "82.5",
        },
    )
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "Bộ không công nhận 5 sao" in page and "Tỉnh công nhận theo kết quả của Bộ: 4 sao" in page


def test_the_5_star_posts_are_refused_to_the_rest_of_the_team(client_for, potential_5):
    answer = client_for(potential_5.helper).post(
        reverse("evaluation:five_star_approve", args=[potential_5.pk]),
        {"number": "12/QĐ-UBND", "date": "2026-11-01", "signer": "Lê Văn Chủ tịch"},
    )
    assert answer.status_code == 403
    assert not MinistrySubmission.objects.exists()
