"""The 2021 seed year is reproduced exactly after the 2024 and 2025 lists are loaded and after
former Bắc Giang is carried into Tỉnh Bắc Ninh; the 2026 report is the merged province's."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from evaluation.services.carry import carry_province
from ocop_portal.core.admin_units import load_admin_units, load_crosswalk
from ocop_portal.core.models import AdministrativeUnit
from reports.figures import compute_figures
from reports.management.commands.annual_report import province_in_force

DATA = Path(settings.BASE_DIR) / "data/admin-units"


@pytest.mark.integration
def test_the_2021_figures_survive_the_new_map_and_the_merge(bac_giang_2021, tmp_path):
    seed = compute_figures(province=bac_giang_2021, year=2021)

    load_admin_units(DATA / "units-2024.csv", province_code="24")
    load_admin_units(DATA / "units-2025.csv", province_code="24")
    load_crosswalk(DATA / "mapping-2025.csv", old_province_code="24")
    assert province_in_force("24", 2021) == bac_giang_2021
    assert compute_figures(province=bac_giang_2021, year=2021) == seed

    report = carry_province(code="24", by=None, commit=True)

    assert report.successor.name == "Tỉnh Bắc Ninh" and report.unresolved == []
    assert compute_figures(province=province_in_force("24", 2021), year=2021) == seed
    assert AdministrativeUnit.objects.get(pk=bac_giang_2021.pk).name == "Tỉnh Bắc Giang"
    assert province_in_force("24", 2026) == report.successor
    call_command("annual_report", province="24", year=2026, output=str(tmp_path / "bao-cao-2026.pdf"))
    assert (tmp_path / "bao-cao-2026.pdf").stat().st_size > 0
