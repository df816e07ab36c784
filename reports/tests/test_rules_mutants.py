"""Who opens a report request, person by person (docs/mutation.md): the province's staff, the
same role in another province, a superuser with and without a province, a district officer, a
user with no role, the anonymous visitor, and no request at all. An annual report is its own
province's staff's only; a national summary a superuser's only."""

import pytest

from reports.enums import ReportKind
from reports.models import ReportRequest
from reports.rules import can_use_report_request, is_national_report, is_staff_of_report_province

pytestmark = pytest.mark.django_db


@pytest.fixture
def annual(province):
    return ReportRequest(kind=ReportKind.PROVINCE, province=province, year=2025, version=1)


@pytest.fixture
def national():
    return ReportRequest(kind=ReportKind.NATIONAL, year=2025, version=1)


def _who(predicate, people, report) -> set[str]:
    return {name for name, user in people.items() if predicate.test(user, report)}


def test_an_annual_report_is_its_provinces_staffs(people, annual):
    assert _who(is_staff_of_report_province, people, annual) == {"staff", "superuser_staff"}
    assert _who(is_national_report, people, annual) == set()
    assert _who(can_use_report_request, people, annual) == {"staff", "superuser_staff"}


def test_a_national_summary_is_no_provinces_and_the_superusers(people, national):
    assert _who(is_staff_of_report_province, people, national) == set()
    assert _who(is_national_report, people, national) == set(people)
    assert _who(can_use_report_request, people, national) == {"superuser", "superuser_staff"}


def test_a_province_request_of_another_province_is_not_the_staffs(people, annual):
    """The same staff, an annual report of Bắc Ninh: only Bắc Ninh's staff open it."""
    annual.province = people["staff_elsewhere"].staff_province

    assert _who(can_use_report_request, people, annual) == {"staff_elsewhere"}


@pytest.mark.parametrize("predicate", [is_staff_of_report_province, is_national_report, can_use_report_request])
def test_no_request_is_nobodys(people, predicate):
    assert _who(predicate, people, None) == set()
