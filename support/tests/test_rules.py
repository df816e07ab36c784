import pytest

from .factories import SupportGrantFactory

# permission → personas holding it on a grant of `producer_record` (district officer's district)
GRANT_PERMISSIONS = {
    "support.approve_supportgrant": {"province_staff"},
    "support.cancel_supportgrant": {"province_staff"},
    "support.disburse_supportgrant": {"province_staff"},
}
GLOBAL_PERMISSIONS = {
    "support.add_supportgrant": {"province_staff", "district_officer", "other_district_officer"},
    "support.add_budgetline": {"province_staff"},
    "support.view_budget_overview": {"province_staff"},
    "support.view_support_reports": {"province_staff", "district_officer", "other_district_officer"},
    "support.view_grants": {
        "province_staff",
        "district_officer",
        "other_district_officer",
        "producer",
        "other_producer",
    },
}
PERSONAS = ["province_staff", "district_officer", "other_district_officer", "producer", "other_producer", "plain_user"]


@pytest.mark.parametrize("permission", list(GRANT_PERMISSIONS))
def test_grant_permissions_per_persona(persona, producer_record, permission):
    grant = SupportGrantFactory(producer=producer_record)

    holders = {name for name in PERSONAS if persona(name).has_perm(permission, grant)}

    assert holders == GRANT_PERMISSIONS[permission]


@pytest.mark.parametrize("permission", list(GLOBAL_PERMISSIONS))
def test_global_permissions_per_persona(persona, permission):
    holders = {name for name in PERSONAS if persona(name).has_perm(permission)}

    assert holders == GLOBAL_PERMISSIONS[permission]


def test_staff_of_another_province_cannot_approve(persona, producer_record):
    from ocop_portal.testing import factories as f

    grant = SupportGrantFactory(producer=producer_record)
    foreign_staff = f.UserFactory(staff_province=f.ProvinceFactory(code="45", name="Tỉnh Quảng Trị"))

    assert foreign_staff.has_perm("support.approve_supportgrant", grant) is False
