from pathlib import Path

import pytest
from django.conf import settings

from ocop_portal.core.admin_units import AdminUnitFileError, load_admin_units
from ocop_portal.core.models import AdministrativeUnit

DATA = Path(settings.BASE_DIR) / "data" / "admin-units"


@pytest.mark.django_db
def test_demo_province_loads_ten_districts_of_2021_with_yen_dung():
    result = load_admin_units(DATA / "bac-giang-2021.csv")

    districts = AdministrativeUnit.objects.filter(level="district", parent__code="24")
    assert result.created == 41
    assert districts.count() == 10
    yen_dung = districts.get(code="221")
    assert (yen_dung.name, str(yen_dung.valid_until)) == ("Huyện Yên Dũng", "2025-02-28")
    assert AdministrativeUnit.objects.get(code="07714").parent == yen_dung


@pytest.mark.django_db
def test_reloading_the_same_file_changes_nothing():
    load_admin_units(DATA / "bac-giang-2021.csv")
    again = load_admin_units(DATA / "bac-giang-2021.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 41)


@pytest.mark.django_db
def test_official_list_filtered_to_one_province():
    result = load_admin_units(DATA / "units-2024.csv", province_code="24")
    assert result.created == 1 + 10 + 192
    assert not AdministrativeUnit.objects.exclude(code="24").filter(level="province").exists()


@pytest.mark.django_db
def test_child_before_parent_is_refused_and_nothing_written(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("level,code,name,type,parent_code\ndistrict,999,Huyện X,Huyện,77\n", encoding="utf-8")
    with pytest.raises(AdminUnitFileError, match="parent 77 of 999"):
        load_admin_units(bad)
    assert AdministrativeUnit.objects.count() == 0
