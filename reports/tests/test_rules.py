"""Who may open (and retry) a report request: the province's own staff its annual report, a
superuser the national summary; the same role of another province, or anyone else, neither."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ocop_portal.testing import factories as f
from reports.enums import ReportKind
from reports.models import ReportRequest
from reports.rules import can_use_report_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests(province, province_staff):
    annual = ReportRequest.objects.create(
        kind=ReportKind.PROVINCE, province=province, year=2025, version=1, requested_by=province_staff
    )
    national = ReportRequest.objects.create(kind=ReportKind.NATIONAL, year=2025, version=1)
    return {"annual": annual, "national": national}


@pytest.mark.parametrize(
    ("who", "report", "allowed"),
    [
        ("province_staff", "annual", True),
        ("province_staff", "national", False),
        ("other_province_staff", "annual", False),
        ("other_province_staff", "national", False),
        ("district_officer", "annual", False),
        ("district_officer", "national", False),
        ("superuser", "national", True),
        ("anonymous", "national", False),
    ],
)
def test_report_request_access(persona, requests, who, report, allowed):
    if who == "other_province_staff":
        user = f.UserFactory(staff_province=f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh"))
    elif who == "superuser":
        user = f.UserFactory(is_superuser=True, is_staff=True)
    else:
        user = persona(who) or AnonymousUser()
    assert can_use_report_request.test(user, requests[report]) is allowed
