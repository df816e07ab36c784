"""Shared fixtures for the reports tests: the Bắc Giang 2021 year, built once per test that asks."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from ocop_portal.core.admin_units import load_admin_units
from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.testing import factories as f
from reports.historical import build_bac_giang_2021


def load_bac_giang():
    load_admin_units(Path(settings.BASE_DIR) / "data/admin-units/bac-giang-2021.csv")
    province = AdministrativeUnit.objects.get(level="province", code="24", valid_from=None)
    build_bac_giang_2021(province)
    return province


@pytest.fixture
def bac_giang_2021(db):
    return load_bac_giang()


@pytest.fixture
def elsewhere(db):
    return f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")


@pytest.fixture
def people(province, province_staff, district_officer, plain_user, elsewhere):
    """The cast of the report predicate and selector tests (docs/mutation.md): the province's
    staff, Bắc Ninh's, a superuser with and without a province, a district officer, a user with
    no role and the anonymous visitor."""
    return {
        "staff": province_staff,
        "staff_elsewhere": f.UserFactory(username="staff-bn", staff_province=elsewhere),
        "superuser": f.UserFactory(username="root", is_superuser=True, is_staff=True),
        "superuser_staff": f.UserFactory(username="root-bg", is_superuser=True, staff_province=province),
        "officer": district_officer,
        "plain": plain_user,
        "anonymous": AnonymousUser(),
    }
