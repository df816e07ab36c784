import csv
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from ocop_portal.core.admin_units import AdminUnitFileError, load_admin_units, load_crosswalk
from ocop_portal.core.models import AdministrativeUnit, UnitSuccession, unit_in_force

DATA = Path(settings.BASE_DIR) / "data" / "admin-units"
D = datetime.date


def _snapshot():
    """Every version as (list, level, code, name, type, parent code, from, until), sorted."""
    return sorted(
        AdministrativeUnit.objects.values_list(
            "source", "level", "code", "name", "unit_type", "parent__code", "valid_from", "valid_until"
        )
    )


def _expected(name, valid_from, valid_until):
    with (DATA / f"{name}.csv").open(encoding="utf-8") as handle:
        return [
            (name, r["level"], r["code"], r["name"], r["type"], r["parent_code"] or None, valid_from, valid_until)
            for r in csv.DictReader(handle)
        ]


@pytest.mark.django_db
@pytest.mark.parametrize("order", [("units-2024", "units-2025"), ("units-2025", "units-2024")])
def test_both_official_lists_in_either_order_twice_give_each_period_its_own_rows(order):
    for _ in range(2):
        for name in order:
            load_admin_units(DATA / f"{name}.csv")

    expected = sorted(
        _expected("units-2024", D(2025, 3, 1), D(2025, 6, 30)) + _expected("units-2025", D(2025, 7, 1), None)
    )
    assert _snapshot() == expected
    assert AdministrativeUnit.objects.count() == 10794 + 3355
    # The code 24 names a different province in each period, and neither renamed the other.
    assert unit_in_force("province", "24", D(2025, 6, 30)).name == "Tỉnh Bắc Giang"
    assert unit_in_force("province", "24", D(2025, 7, 1)).name == "Tỉnh Bắc Ninh"
    bac_ninh = unit_in_force("province", "24", D(2026, 12, 6))
    assert bac_ninh.children.count() == 99


@pytest.mark.django_db
def test_reloading_a_list_changes_nothing():
    load_admin_units(DATA / "units-2025.csv", province_code="24")
    again = load_admin_units(DATA / "units-2025.csv", province_code="24")
    assert (again.created, again.updated, again.ended, again.unchanged) == (0, 0, 0, 100)


@pytest.mark.django_db
@pytest.mark.parametrize("later_first", [False, True])
def test_a_later_list_ends_the_version_it_replaces_whatever_the_order(later_first):
    lists = [("bac-giang-2021.csv", None), ("units-2024.csv", "24")]
    for name, province in reversed(lists) if later_first else lists:
        load_admin_units(DATA / name, province_code=province)

    versions = list(AdministrativeUnit.objects.filter(level="province", code="24").order_by("valid_from"))
    assert [(v.source, v.valid_from, v.valid_until) for v in versions] == [
        ("units-2024", D(2025, 3, 1), D(2025, 6, 30)),
        ("bac-giang-2021", None, D(2025, 2, 28)),
    ]
    # The 2021 commune under Yên Dũng stays there; its 2024 version sits under Thành phố Bắc Giang.
    assert AdministrativeUnit.objects.get(code="07714", source="bac-giang-2021").parent.name == "Huyện Yên Dũng"
    assert AdministrativeUnit.objects.get(code="07714", source="units-2024").parent.code == "213"
    # Loading either list again changes nothing.
    for name, province in lists:
        again = load_admin_units(DATA / name, province_code=province)
        assert (again.created, again.updated, again.ended) == (0, 0, 0)
    assert unit_in_force("commune", "07201", D(2021, 6, 1)).source == "bac-giang-2021"
    assert unit_in_force("commune", "07201", D(2025, 4, 1)).source == "units-2024"
    assert unit_in_force("commune", "07201", D(2025, 7, 1)) is None


@pytest.mark.django_db
def test_a_commune_is_placed_on_its_own_map():
    load_admin_units(DATA / "bac-giang-2021.csv")
    load_admin_units(DATA / "units-2025.csv", province_code="24")
    old = AdministrativeUnit.objects.get(code="07210", source="bac-giang-2021")
    new = AdministrativeUnit.objects.get(code="07210", source="units-2025")
    assert (old.name, new.name) == ("Phường Hoàng Văn Thụ", "Phường Bắc Giang")
    assert [u and u.name for u in old.district_and_province()] == ["Thành phố Bắc Giang", "Tỉnh Bắc Giang"]
    assert [u and u.name for u in new.district_and_province()] == [None, "Tỉnh Bắc Ninh"]


def _write(tmp_path, text):
    path = tmp_path / "list.csv"
    path.write_text("level,code,name,type,parent_code\n" + text, encoding="utf-8")
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("province,77,Tỉnh X,Tỉnh,\ncommune,99901,Xã Y,Xã,78\n", "Dòng 3: đơn vị cha 78 của 99901"),
        ("commune,99901,Xã Y,Xã,77\nprovince,77,Tỉnh X,Tỉnh,\n", "Dòng 2: đơn vị cha 77 của 99901"),
        ("province,77,Tỉnh X,Tỉnh,\ncommune,99901,Xã Y,Xã,77\ncommune,99901,Xã Z,Xã,77\n", "Dòng 4: mã 99901"),
        ("region,77,Vùng X,Vùng,\n", "Dòng 2: cấp “region”"),
    ],
)
def test_bad_list_is_refused_naming_the_row_and_nothing_written(tmp_path, rows, message):
    with pytest.raises(AdminUnitFileError, match=message):
        load_admin_units(_write(tmp_path, rows))
    assert AdministrativeUnit.objects.count() == 0


@pytest.mark.django_db
def test_the_command_reports_a_bad_list_in_english_too(tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="Line 3: parent 78 of 99901"):
        call_command("load_admin_units", str(_write(tmp_path, "province,77,Tỉnh X,Tỉnh,\ncommune,99901,Xã Y,Xã,78\n")))
    assert AdministrativeUnit.objects.count() == 0


@pytest.mark.django_db
def test_crosswalk_of_one_old_province_loads_once():
    load_admin_units(DATA / "bac-giang-2021.csv")
    load_admin_units(DATA / "units-2024.csv", province_code="24")
    load_admin_units(DATA / "units-2025.csv", province_code="24")

    first = load_crosswalk(DATA / "mapping-2025.csv", old_province_code="24")
    second = load_crosswalk(DATA / "mapping-2025.csv", old_province_code="24")

    assert (first.created, second.created, second.unchanged) == (193, 0, 193)
    province = UnitSuccession.objects.get(old_level="province", old_code="24")
    assert province.new_unit.name == "Tỉnh Bắc Ninh"
    assert UnitSuccession.objects.get(old_code="07201").new_unit.name == "Phường Bắc Giang"


@pytest.mark.django_db
def test_crosswalk_row_naming_an_unknown_unit_is_refused_and_nothing_written(tmp_path):
    load_admin_units(DATA / "units-2024.csv", province_code="24")
    load_admin_units(DATA / "units-2025.csv", province_code="24")
    path = tmp_path / "mapping.csv"
    header = "level,old_code,old_name,old_province_code,new_code,new_name,new_province_code,coverage\n"
    path.write_text(
        header + "province,24,Tỉnh Bắc Giang,24,24,Tỉnh Bắc Ninh,24,full\n"
        "commune,07201,Phường Thọ Xương,24,99999,Phường X,24,full\n",
        encoding="utf-8",
    )
    with pytest.raises(AdminUnitFileError, match="Dòng 3: đơn vị mới 99999"):
        load_crosswalk(path)
    path.write_text(header + "commune,99998,Xã Cũ,24,07201,Phường Bắc Giang,24,full\n", encoding="utf-8")
    with pytest.raises(AdminUnitFileError, match="Dòng 2: đơn vị cũ 99998"):
        load_crosswalk(path)
    assert UnitSuccession.objects.count() == 0
