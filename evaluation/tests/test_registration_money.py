"""Issue 19, item 8: the registration's revenue reads 1.800.000.000 đ on the dossier's page."""

import pytest
from django.urls import reverse

from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403 (fixtures)
from evaluation.views.dossiers import registration_rows

pytestmark = pytest.mark.django_db


def test_revenue_is_written_the_vietnamese_way(dossier, district_officer, client_for):
    dossier.registration = {"annual_revenue": "1800000000", "workers": "12"}
    dossier.save()
    rows = dict(registration_rows(dossier))
    assert rows["Doanh thu năm gần nhất (đồng)"] == "1.800.000.000\u00a0đ"
    page = client_for(district_officer).get(reverse("evaluation:dossier_detail", args=[dossier.pk]))
    assert "1.800.000.000\u00a0đ" in page.content.decode()
    assert "1800000000" not in page.content.decode()


def test_a_revenue_that_is_not_a_number_is_left_as_typed(dossier):
    dossier.registration = {"annual_revenue": "khoảng 2 tỷ"}
    assert dict(registration_rows(dossier))["Doanh thu năm gần nhất (đồng)"] == "khoảng 2 tỷ"
