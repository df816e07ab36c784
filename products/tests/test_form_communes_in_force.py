"""The registration forms offer the communes a user may register in as they stand today: the 2025
communes of their province, never a commune of the pre-2025 map (history, kept for old records),
nor another province's."""

import datetime

import pytest
from freezegun import freeze_time

from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.testing import factories as f
from products.forms import ProducerForm, ProductForm

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def merged():
    """Tỉnh Bắc Ninh (2025) carrying former Bắc Giang, whose district and commune ended 30/06/2025."""
    bac_ninh = f.ProvinceFactory(code="24", name="Tỉnh Bắc Ninh", valid_from=datetime.date(2025, 7, 1))
    bac_giang = f.ProvinceFactory(
        code="24", name="Tỉnh Bắc Giang", valid_until=datetime.date(2025, 6, 30), carried_into=bac_ninh
    )
    yen_the = f.DistrictFactory(parent=bac_giang, code="215", valid_until=datetime.date(2025, 6, 30))
    return {
        "province": bac_ninh,
        "old_commune": f.CommuneFactory(parent=yen_the, code="07243", valid_until=datetime.date(2025, 6, 30)),
        "new_commune": f.CommuneFactory(parent=bac_ninh, code="07246", valid_from=datetime.date(2025, 7, 1)),
        "elsewhere": f.CommuneFactory(parent=f.ProvinceFactory(code="14"), valid_from=datetime.date(2025, 7, 1)),
    }


def _choices(form) -> list[AdministrativeUnit]:
    return list(form.fields["commune"].queryset)


@freeze_time("2026-12-07 03:00")
def test_province_staff_choose_only_their_communes_in_force_today(merged):
    staff = f.UserFactory(staff_province=merged["province"])
    assert _choices(ProducerForm(user=staff, creating=True)) == [merged["new_commune"]]
    assert _choices(ProductForm(user=staff, creating=True)) == [merged["new_commune"]]
    # The national role sees every province's communes, as they stand today.
    everywhere = _choices(ProducerForm(user=f.UserFactory(is_superuser=True), creating=True))
    assert sorted(c.pk for c in everywhere) == sorted([merged["new_commune"].pk, merged["elsewhere"].pk])


@freeze_time("2026-12-07 03:00")
def test_a_pre_2025_commune_posted_to_the_form_is_refused(merged):
    staff = f.UserFactory(staff_province=merged["province"])
    data = {
        "kind": "cooperative",
        "name": "HTX Gà đồi",
        "registration_number": "2401000101",
        "representative": "Nguyễn Văn Tiến",
        "address": "Thôn Đồng Vương",
    }
    refused = ProducerForm({**data, "commune": merged["old_commune"].pk}, user=staff, creating=True)
    accepted = ProducerForm({**data, "commune": merged["new_commune"].pk}, user=staff, creating=True)
    assert (refused.is_valid(), list(refused.errors), accepted.is_valid()) == (False, ["commune"], True)


@freeze_time("2026-12-07 03:00")
def test_commune_officers_choose_their_commune_while_it_is_in_force(merged):
    officer_now = f.UserFactory(officer_commune=merged["new_commune"])
    officer_before = f.UserFactory(officer_commune=merged["old_commune"])
    assert _choices(ProducerForm(user=officer_now, creating=True)) == [merged["new_commune"]]
    assert _choices(ProducerForm(user=officer_before, creating=True)) == []


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "offered"),
    [
        (None, TODAY, True),  # its last day
        (None, TODAY - datetime.timedelta(days=1), False),  # ended yesterday
        (TODAY, None, True),  # its first day
        (TODAY + datetime.timedelta(days=1), None, False),  # starts tomorrow
    ],
)
def test_a_commune_is_offered_from_its_first_to_its_last_day(valid_from, valid_until, offered):
    province = f.ProvinceFactory(code="19")
    commune = f.CommuneFactory(parent=province, valid_from=valid_from, valid_until=valid_until)
    staff = f.UserFactory(staff_province=province)
    with freeze_time("2026-12-07 03:00"):
        assert (commune in _choices(ProducerForm(user=staff, creating=True))) is offered
