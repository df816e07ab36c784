"""The reports pages' reads, person by person and province by province (docs/mutation.md): the
requests each user sees (the province's staff its annual reports, a superuser the national
summaries, one who is both the two), the years the selectors offer (the earliest of each source of
the province's own data, never another province's), and the narrative and plan of a year."""

import pytest
from django.utils import timezone

from evaluation.tests.factories import RoundFactory
from ocop_portal.testing import factories as f
from reports import selectors
from reports.enums import ReportKind
from reports.models import ReportNarrative, ReportRequest, YearPlan

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def _annual(province, year, version=1, by=None):
    return ReportRequest.objects.create(
        kind=ReportKind.PROVINCE, province=province, year=year, version=version, requested_by=by
    )


def _national(year, version=1):
    return ReportRequest.objects.create(kind=ReportKind.NATIONAL, year=year, version=version)


@pytest.fixture
def requests(province, elsewhere, province_staff):
    return {
        "annual": _annual(province, 2025, by=province_staff),
        "annual_elsewhere": _annual(elsewhere, 2025),
        "national": _national(2025),
    }


def _names(queryset, requests) -> set[str]:
    ids = set(queryset.values_list("pk", flat=True))
    return {name for name, request in requests.items() if request.pk in ids}


def test_each_user_sees_the_requests_of_their_role(people, requests):
    seen = {name: _names(selectors.report_requests_visible_to(user), requests) for name, user in people.items()}

    assert seen == {
        "staff": {"annual"},
        "staff_elsewhere": {"annual_elsewhere"},
        "superuser": {"national"},
        "superuser_staff": {"annual", "national"},
        "officer": set(),
        "plain": set(),
        "anonymous": set(),
    }


def test_the_annual_reports_and_the_national_summaries_are_each_their_own_kind(people, requests):
    user = people["superuser_staff"]

    assert _names(selectors.annual_reports_visible_to(user), requests) == {"annual"}
    assert _names(selectors.national_summaries_visible_to(user), requests) == {"national"}
    assert _names(selectors.annual_reports_visible_to(people["superuser"]), requests) == set()
    assert _names(selectors.national_summaries_visible_to(people["staff"]), requests) == set()


def test_a_list_of_requests_reads_who_asked_and_the_province_in_one_query(people, requests, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = [
            (request.requested_by, request.province)
            for request in selectors.report_requests_visible_to(people["superuser_staff"])
        ]

    assert sorted(rows, key=str) == sorted([(people["staff"], requests["annual"].province), (None, None)], key=str)


# The years offered ------------------------------------------------------------------------------------


def _since(first: int) -> list[int]:
    return list(range(THIS_YEAR, first - 1, -1))


@pytest.fixture
def others_earlier(elsewhere):
    """Another province's data, all older than anything of this province's."""
    _annual(elsewhere, 2010)
    ReportNarrative.objects.create(province=elsewhere, year=2010)
    RoundFactory(province=elsewhere, year=2010)


def test_the_report_years_start_at_the_provinces_first_annual_report(province, province_staff, others_earlier):
    _annual(province, 2018)
    ReportNarrative.objects.create(province=province, year=2019)
    RoundFactory(province=province, year=2020)

    assert selectors.report_years(province_staff, 2021) == _since(2018)


def test_the_report_years_start_at_the_provinces_first_narrative(province, province_staff, others_earlier):
    _annual(province, 2019)
    ReportNarrative.objects.create(province=province, year=2017)
    RoundFactory(province=province, year=2020)

    assert selectors.report_years(province_staff, 2021) == _since(2017)


def test_the_report_years_start_at_the_provinces_first_round(province, province_staff, others_earlier):
    _annual(province, 2019)
    ReportNarrative.objects.create(province=province, year=2020)
    RoundFactory(province=province, year=2016)

    assert selectors.report_years(province_staff, 2021) == _since(2016)


def test_the_report_years_count_the_rounds_of_a_province_carried_into_this_one(province, elsewhere):
    """Bắc Giang merged into Bắc Ninh: Bắc Giang's 2015 round is part of Bắc Ninh's history."""
    province.carried_into = elsewhere
    province.save(update_fields=["carried_into"])
    RoundFactory(province=province, year=2015)
    staff = f.UserFactory(username="staff-bn", staff_province=elsewhere)

    assert selectors.report_years(staff, 2021) == _since(2015)


def test_the_report_years_of_a_province_without_data_are_this_year_and_the_one_on_screen(
    province_staff, others_earlier
):
    assert selectors.report_years(province_staff, 2021) == _since(2021)
    assert selectors.report_years(province_staff, THIS_YEAR) == [THIS_YEAR]


def test_the_national_years_start_at_the_first_summary(people):
    _national(2014)
    RoundFactory(province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"), year=2016)

    assert selectors.national_summary_years(people["superuser"], 2021) == _since(2014)


def test_the_national_years_start_at_the_first_round_of_any_province(people, elsewhere):
    _national(2019)
    RoundFactory(province=elsewhere, year=2013)

    assert selectors.national_summary_years(people["superuser"], 2021) == _since(2013)


def test_the_national_years_without_data_are_this_year_and_the_one_on_screen(people):
    assert selectors.national_summary_years(people["superuser"], 2022) == _since(2022)


# A year's narrative and plan -------------------------------------------------------------------------


def test_the_narrative_of_a_year_is_the_provinces_own(province, elsewhere):
    ReportNarrative.objects.create(province=elsewhere, year=2025, introduction="Bắc Ninh 2025")
    ReportNarrative.objects.create(province=province, year=2024, introduction="Bắc Giang 2024")
    own = ReportNarrative.objects.create(province=province, year=2025, introduction="Bắc Giang 2025")

    assert selectors.narrative_for(province, 2025).pk == own.pk
    assert selectors.narrative_for(province, 2024).introduction == "Bắc Giang 2024"


def test_a_year_without_a_narrative_gets_a_new_one_for_the_province_and_year(province, elsewhere):
    ReportNarrative.objects.create(province=elsewhere, year=2025, introduction="Bắc Ninh 2025")
    ReportNarrative.objects.create(province=province, year=2024, introduction="Bắc Giang 2024")

    narrative = selectors.narrative_for(province, 2025)

    assert (narrative.pk, narrative.province, narrative.year) == (None, province, 2025)


def test_the_plan_of_a_year_is_the_provinces_own(province, elsewhere):
    YearPlan.objects.create(province=elsewhere, year=2025, target_products=40)
    YearPlan.objects.create(province=province, year=2024, target_products=30)
    own = YearPlan.objects.create(province=province, year=2025, target_products=35)

    assert selectors.plan_for(province, 2025).pk == own.pk
    assert selectors.plan_for(province, 2024).target_products == 30


def test_a_year_without_a_plan_gets_a_new_one_for_the_province_and_year(province, elsewhere):
    YearPlan.objects.create(province=elsewhere, year=2025, target_products=40)
    YearPlan.objects.create(province=province, year=2024, target_products=30)

    plan = selectors.plan_for(province, 2025)

    assert (plan.pk, plan.province, plan.year) == (None, province, 2025)
