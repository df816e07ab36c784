"""QĐ 26/2026 and the other frameworks as data (DOMAIN.md §1, §5c, §6): what the loader stores,
which framework is in force on a date (each edge from both sides), a new round's default and the
explicit, visible choice of an expired one, and the frameworks page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.models import Framework, Round
from evaluation.reference import framework_in_force, load_frameworks
from evaluation.services.rounds import round_create, round_update
from ocop_portal.core.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def frameworks(db):
    load_frameworks()
    return {f.code: f for f in Framework.objects.all()}


def test_26_2026_rules_are_data(frameworks):
    fw = frameworks["26/2026"]
    assert (fw.valid_from, fw.valid_until, fw.confidence) == (D(2026, 5, 22), None, "unverified")
    assert (fw.reevaluation_earliest_days, fw.reevaluation_latest_days) == (180, 120)
    assert [(n["days"], n["kind"]) for n in fw.notices] == [(210, "window_opens"), (135, "window_closes")]
    assert [g["code"] for g in fw.revocation_grounds] == ["art8_a", "art8_b", "art8_c", "art8_d", "art8_dd", "art8_e"]
    assert (fw.clock("commune_check_working_days"), fw.clock("reevaluation_days"), fw.clock("revocation_days")) == (
        15,
        45,
        15,
    )
    assert fw.round_pairs == [
        {"request_by": "04-30", "decide_by": "06-30"},
        {"request_by": "10-30", "decide_by": "12-30"},
    ]
    assert [(lv.level, lv.certifies_stars, lv.certifier) for lv in fw.levels.order_by("order")] == [
        ("commune", [], "UBND cấp xã (tiếp nhận, kiểm tra hồ sơ, Mẫu số 03)"),
        ("province", [3, 4], "Chủ tịch UBND cấp tỉnh"),
        ("central", [5], "Bộ Nông nghiệp và Môi trường"),
    ]


def test_qd_148_keeps_its_90_30_notices_and_lapses_on_20_07_2026(frameworks):
    for code in ("148", "148+1489"):
        fw = frameworks[code]
        assert [n["days"] for n in fw.notices] == [90, 30]
        assert (fw.valid_until, fw.reevaluation_earliest_days) == (D(2026, 7, 20), None)


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (D(2023, 2, 23), "1048"),
        (D(2023, 2, 24), "148"),
        (D(2025, 7, 5), "148"),
        (D(2025, 7, 6), "148+1489"),
        (D(2026, 5, 21), "148+1489"),
        (D(2026, 5, 22), "26/2026"),
        (D(2026, 7, 21), "26/2026"),
        (D(2026, 12, 6), "26/2026"),
    ],
)
def test_framework_in_force_on_each_edge(frameworks, day, code):
    assert framework_in_force(day).code == code


def test_a_new_round_takes_the_framework_in_force_on_its_opening_date(frameworks, province, province_staff):
    round_ = round_create(province=province, year=2026, number=2, opens_on=D(2026, 8, 1), by=province_staff)
    assert (round_.framework.code, round_.framework_expired, round_.expired_framework_reason) == ("26/2026", False, "")


def test_an_expired_framework_needs_an_explicit_reason(frameworks, province, province_staff):
    with pytest.raises(ValidationError) as caught:
        round_create(
            province=province,
            framework=frameworks["148"],
            year=2026,
            number=2,
            opens_on=D(2026, 7, 21),
            by=province_staff,
        )
    assert "không còn hiệu lực vào ngày mở đợt 21/07/2026" in caught.value.message_dict["expired_framework_reason"][0]
    assert Round.objects.count() == 0
    round_ = round_create(
        province=province,
        framework=frameworks["148"],
        year=2026,
        number=2,
        opens_on=D(2026, 7, 21),
        expired_framework_reason="Hồ sơ nộp trước 22/05/2026 (Điều 12)",
        by=province_staff,
    )
    assert round_.framework_expired
    entry = AuditEntry.objects.get(action="round.create", object_id=str(round_.pk))
    assert entry.changes["expired_framework_reason"] == ["", "Hồ sơ nộp trước 22/05/2026 (Điều 12)"]
    # the last day in force needs no reason
    on_time = round_create(
        province=province, framework=frameworks["148"], year=2026, number=3, opens_on=D(2026, 7, 20), by=province_staff
    )
    assert not on_time.framework_expired


def test_moving_the_opening_date_past_the_framework_needs_the_reason_too(frameworks, province, province_staff):
    round_ = round_create(
        province=province, framework=frameworks["148"], year=2026, number=1, opens_on=D(2026, 7, 1), by=province_staff
    )
    with pytest.raises(ValidationError):
        round_update(round_=round_, by=province_staff, opens_on=D(2026, 8, 1))
    round_.refresh_from_db()
    assert round_.opens_on == D(2026, 7, 1)


def test_round_pages_show_the_expired_framework(frameworks, province, province_staff, client_for):
    client = client_for(province_staff)
    response = client.post(
        reverse("evaluation:round_create"),
        {"year": 2026, "number": 4, "opens_on": "2026-09-01", "framework": frameworks["148"].pk},
    )
    assert response.status_code == 200
    assert "không còn hiệu lực vào ngày mở đợt 01/09/2026" in response.content.decode()
    response = client.post(
        reverse("evaluation:round_create"),
        {
            "year": 2026,
            "number": 4,
            "opens_on": "2026-09-01",
            "framework": frameworks["148"].pk,
            "expired_framework_reason": "Đợt bổ sung theo Điều 12",
        },
    )
    round_ = Round.objects.get()
    detail = client.get(reverse("evaluation:round_detail", args=[round_.pk])).content.decode()
    assert "khung pháp lý không còn hiệu lực vào ngày mở đợt 01/09/2026" in detail
    assert "Đợt bổ sung theo Điều 12" in detail
    assert "khung đã hết hiệu lực khi mở đợt" in client.get(reverse("evaluation:round_list")).content.decode()
    # no framework chosen: the one in force
    client.post(reverse("evaluation:round_create"), {"year": 2026, "number": 5, "opens_on": "2026-09-01"})
    assert Round.objects.get(number=5).framework.code == "26/2026"


def test_frameworks_page(frameworks, plain_user, client_for, django_assert_num_queries):
    client = client_for(plain_user)
    client.get(reverse("evaluation:framework_list"))  # warm the menu cache
    with django_assert_num_queries(6):
        response = client.get(reverse("evaluation:framework_list"))
    page = response.content.decode()
    assert page.count("đang có hiệu lực") == 1
    assert "từ 180 đến 120 ngày trước khi giấy chứng nhận hết hạn" in page
    assert "15 ngày làm việc từ khi nhận hồ sơ" in page
    assert 'Độ tin cậy</dt><dd class="col-sm-9" data-confidence>chưa kiểm chứng' in page and "unverified" not in page
