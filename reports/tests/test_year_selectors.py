"""The year selectors of the annual report and the budget pages (issue 19, point 9): every year
from the first one with data in the province to this year. No frozen clock here: freezegun
patches the datetime types openpyxl binds on its first import, which a page may trigger."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.tests.factories import RoundFactory
from ocop_portal.testing import factories as f
from support.tests.factories import BudgetLineFactory


@pytest.mark.django_db
def test_the_annual_report_page_offers_every_year_of_the_province_s_rounds(client, province, province_staff):
    RoundFactory(province=province, year=2019)
    RoundFactory(province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"), year=2010)
    client.force_login(province_staff)
    page = client.get(reverse("reports:annual_report"), {"year": 2021})
    assert page.context["years"] == list(range(timezone.localdate().year, 2018, -1))


@pytest.mark.django_db
def test_the_budget_page_offers_every_year_since_the_first_budget_line(client, province, province_staff):
    BudgetLineFactory(province=province, year=2021)
    BudgetLineFactory(province=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"), year=2012)
    client.force_login(province_staff)
    page = client.get(reverse("support:overview"), {"year": 2021})
    assert page.context["years"] == list(range(timezone.localdate().year, 2020, -1))
