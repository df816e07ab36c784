"""The report's assessment paragraph writes "không có … nào" for none, never "có 0 giấy chứng
nhận" (issue 19, point 8), and the counts when there are some."""

import datetime

from reports.document import assessment_sentences


def _figures(*, expired, revoked, expiring):
    return {
        "year": 2021,
        "year_end": datetime.date(2021, 12, 31),
        "recognised": {"by_stars": {"3": 2}, "total": 2},
        "in_force": {"by_stars": {"3": 2}, "total": 2, "expiring_next_year": expiring},
        "target": {"products": 0, "above_plan": 0},
        "certificates": {
            "expired": expired,
            "revoked_total": revoked,
            "revoked": [{"label": "Ngừng sản xuất", "count": revoked}] if revoked else [],
        },
    }


def test_none_is_written_as_none():
    third = assessment_sentences(_figures(expired=0, revoked=0, expiring=0))[2]
    assert third == (
        "Trong năm không có giấy chứng nhận nào hết hiệu lực, không có giấy chứng nhận nào bị thu hồi; "
        "không có giấy chứng nhận nào sẽ hết hạn trong năm 2022."
    )


def test_one_and_more_are_counted():
    third = assessment_sentences(_figures(expired=1, revoked=2, expiring=1_250))[2]
    assert third == (
        "Trong năm có 1 giấy chứng nhận hết hiệu lực, 2 giấy chứng nhận bị thu hồi (ngừng sản xuất: 2); "
        "1.250 giấy chứng nhận sẽ hết hạn trong năm 2022."
    )
