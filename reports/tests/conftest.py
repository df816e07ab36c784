"""Shared fixtures for the reports tests: the Bắc Giang 2021 year, built once per test that asks."""

from pathlib import Path

import pytest
from django.conf import settings

from ocop_portal.core.admin_units import load_admin_units
from ocop_portal.core.models import AdministrativeUnit
from reports.historical import build_bac_giang_2021


def load_bac_giang():
    load_admin_units(Path(settings.BASE_DIR) / "data/admin-units/bac-giang-2021.csv")
    province = AdministrativeUnit.objects.get(level="province", code="24", valid_from=None)
    build_bac_giang_2021(province)
    return province


@pytest.fixture
def bac_giang_2021(db):
    return load_bac_giang()
