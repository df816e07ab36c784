import pytest

from ocop_portal.testing import factories as f
from products import selectors

from .factories import EditProposalFactory


@pytest.fixture
def registry(product_record, other_product_record):
    """Also a producer of another province, which no province-bound persona may see."""
    foreign = f.CommuneFactory(parent=f.DistrictFactory(parent=f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ")))
    foreign_product = f.ProductFactory(producer=f.ProducerFactory(commune=foreign, name="HTX Chè Phú Thọ"), name="Chè")
    return product_record, other_product_record, foreign_product


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona_name", "producers"),
    [
        ("province_staff", ["HTX Gà đồi Yên Thế", "HTX Vải thiều Lục Ngạn"]),
        ("district_officer", ["HTX Gà đồi Yên Thế"]),
        ("other_district_officer", ["HTX Vải thiều Lục Ngạn"]),
        ("producer", ["HTX Gà đồi Yên Thế"]),
        ("other_producer", ["HTX Vải thiều Lục Ngạn"]),
        ("plain_user", []),
        ("anonymous", []),
    ],
)
def test_producers_visible_to(persona_name, producers, persona, anonymous, registry):
    user = anonymous if persona_name == "anonymous" else persona(persona_name)

    assert [p.name for p in selectors.producers_visible_to(user)] == producers


@pytest.mark.django_db
def test_superuser_sees_every_province(superuser, registry):
    assert [p.name for p in selectors.producers_visible_to(superuser)] == [
        "HTX Chè Phú Thọ",
        "HTX Gà đồi Yên Thế",
        "HTX Vải thiều Lục Ngạn",
    ]
    assert selectors.products_visible_to(superuser).count() == 3


@pytest.mark.django_db
def test_a_user_with_two_roles_sees_the_union(district_officer, other_producer_record, registry):
    f.ProducerMembershipFactory(user=district_officer, producer=other_producer_record)

    assert [p.name for p in selectors.producers_visible_to(district_officer)] == [
        "HTX Gà đồi Yên Thế",
        "HTX Vải thiều Lục Ngạn",
    ]


@pytest.mark.django_db
def test_product_made_in_another_district_is_visible_to_both_officers(
    district_officer, other_district_officer, producer_record, other_commune, food_set
):
    product = f.ProductFactory(producer=producer_record, commune=other_commune, district=other_commune.parent)

    assert list(selectors.products_visible_to(district_officer)) == [product]
    assert list(selectors.products_visible_to(other_district_officer)) == [product]


@pytest.mark.django_db
def test_proposals_to_review_excludes_other_districts_and_closed_ones(
    district_officer, other_district_officer, producer, proposal, producer_record
):
    EditProposalFactory(producer=producer_record, proposed_by=producer, state="rejected")

    assert list(selectors.proposals_to_review(district_officer)) == [proposal]
    assert list(selectors.proposals_to_review(other_district_officer)) == []
    assert list(selectors.proposals_to_review(producer)) == []


@pytest.mark.django_db
def test_communes_editable_by_officer_are_their_districts(district_officer, province_staff, commune, other_commune):
    assert list(selectors.communes_editable_by(district_officer)) == [commune]
    assert list(selectors.communes_editable_by(province_staff)) == [other_commune, commune]
