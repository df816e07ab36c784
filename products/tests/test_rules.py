import pytest
import rules

from ocop_portal.testing import factories as f

PERSONAS = [
    "province_staff",
    "district_officer",
    "other_district_officer",
    "producer",
    "other_producer",
    "plain_user",
    "superuser",
]

# permission → personas allowed on the Yên Thế producer / product
ALLOWED = {
    "products.change_producer": {"province_staff", "district_officer", "superuser"},
    "products.change_product": {"province_staff", "district_officer", "superuser"},
    "products.add_productphoto": {"province_staff", "district_officer", "superuser"},
    "products.propose_edit": {"producer"},
}
WITHOUT_OBJECT = {
    "products.add_producer": {"province_staff", "district_officer", "other_district_officer", "superuser"},
    "products.add_product": {"province_staff", "district_officer", "other_district_officer", "superuser"},
    "products.import_registry": {"province_staff"},
}


def _user(name, persona, superuser):
    return superuser if name == "superuser" else persona(name)


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("permission", sorted(ALLOWED))
def test_object_permissions(permission, persona_name, persona, superuser, product_record, other_producer):
    target = product_record if "product" in permission.split(".")[1] else product_record.producer

    allowed = rules.has_perm(permission, _user(persona_name, persona, superuser), target)

    assert allowed is (persona_name in ALLOWED[permission])


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("permission", sorted(WITHOUT_OBJECT))
def test_global_permissions(permission, persona_name, persona, superuser, producer, other_producer):
    assert rules.has_perm(permission, _user(persona_name, persona, superuser)) is (
        persona_name in WITHOUT_OBJECT[permission]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona_name", "in_own", "in_other", "in_foreign"),
    [
        ("province_staff", True, True, False),
        ("district_officer", True, False, False),
        ("other_district_officer", False, True, False),
        ("producer", False, False, False),
        ("superuser", True, True, True),
    ],
)
def test_create_in_district(persona_name, in_own, in_other, in_foreign, persona, superuser, district, producer):
    user = _user(persona_name, persona, superuser)
    other = persona("other_district_officer").officer_district
    foreign = f.DistrictFactory(parent=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ"))

    allowed = [rules.has_perm("products.create_in_district", user, unit) for unit in (district, other, foreign)]

    assert allowed == [in_own, in_other, in_foreign]


@pytest.mark.django_db
def test_officer_of_the_producers_district_may_edit_its_product_made_elsewhere(
    district_officer, other_district_officer, producer_record, other_commune, food_set
):
    product = f.ProductFactory(producer=producer_record, commune=other_commune, district=other_commune.parent)

    assert rules.has_perm("products.change_product", district_officer, product) is True
    assert rules.has_perm("products.change_product", other_district_officer, product) is True


@pytest.mark.django_db
def test_review_follows_the_producers_district(district_officer, other_district_officer, proposal):
    assert rules.has_perm("products.review_proposal", district_officer, proposal) is True
    assert rules.has_perm("products.review_proposal", other_district_officer, proposal) is False
