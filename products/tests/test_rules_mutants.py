"""Each registry predicate, person by person (docs/mutation.md): the holder of the role here, the
same role elsewhere (another district, a sibling commune, another province), the staff of a
province merged into this one, a superuser, a user with no role and the anonymous visitor.

Besides the roles, the cases a wrong `and`/`or` or a dropped guard would let through: a record of
a 2025 commune has no district (a user with no district is not its district officer), a product
made in another commune than its producer's answers to the officers of both, a place known only
by its province, and no place at all."""

import pytest

from ocop_portal.testing import factories as f
from products.models import Product
from products.rules import (
    can_create_in_district,
    can_edit_producer,
    can_place_in,
    can_propose_edit,
    can_review_proposal_of,
    is_member_of_producer,
    is_officer_of_commune_of,
    is_officer_of_district_of,
    is_staff_of_province_of,
)

from .factories import EditProposalFactory

pytestmark = pytest.mark.django_db


def _who(predicate, people, obj) -> set[str]:
    return {name for name, user in people.items() if predicate.test(user, obj)}


@pytest.fixture
def product(producer_record, other_producer_record):
    # Another product first, so that this product's id is not its producer's id.
    f.ProductFactory(producer=other_producer_record, name="Vải thiều sấy Lục Ngạn")
    made = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    assert made.pk != producer_record.pk
    return made


@pytest.fixture
def province_producer(province):
    """A producer of a 2025 commune, directly under the province: no district."""
    commune = f.CommuneFactory(parent=province, code="07999", name="Xã Tân Sỏi")
    return f.ProducerFactory(commune=commune, name="HTX Tân Sỏi")


# The registry's editors ---------------------------------------------------------------------------


def test_a_producer_and_its_product_are_edited_by_their_staff_and_officers(people, producer_record, product):
    editors = {"staff", "officer", "commune_officer", "superuser"}

    assert _who(can_edit_producer, people, producer_record) == editors
    assert _who(can_edit_producer, people, product) == editors
    assert _who(is_staff_of_province_of, people, product) == {"staff"}
    assert _who(is_officer_of_district_of, people, product) == {"officer"}
    assert _who(is_officer_of_commune_of, people, product) == {"commune_officer"}


def test_a_product_made_away_from_its_producer_answers_to_the_officers_of_both(
    people, producer_record, other_commune, sibling_commune
):
    """Made in Lục Ngạn by a Yên Thế producer; then in the sibling commune of Yên Thế."""
    away = f.ProductFactory(producer=producer_record, commune=other_commune, district=other_commune.parent)
    next_door = f.ProductFactory(producer=producer_record, commune=sibling_commune, district=sibling_commune.parent)

    assert _who(is_officer_of_district_of, people, away) == {"officer", "officer_elsewhere"}
    assert _who(is_officer_of_commune_of, people, away) == {"commune_officer"}
    assert _who(is_officer_of_commune_of, people, next_door) == {"commune_officer", "sibling_commune_officer"}
    assert _who(is_officer_of_district_of, people, next_door) == {"officer"}


def test_a_record_without_a_district_is_no_district_officers(people, province_producer):
    product = f.ProductFactory(producer=province_producer)

    assert province_producer.district_id is None
    assert _who(is_officer_of_district_of, people, province_producer) == set()
    assert _who(is_officer_of_district_of, people, product) == set()
    assert _who(can_edit_producer, people, product) == {"staff", "superuser"}


def test_the_staff_of_the_merged_province_edit_the_carried_provinces_records(people, province):
    """Bắc Giang carried into Bắc Ninh (2025): Bắc Ninh's staff edit Bắc Giang's records, not
    the other way round."""
    elsewhere = people["staff_elsewhere"].staff_province
    province.carried_into = elsewhere
    province.save(update_fields=["carried_into"])
    own = f.ProducerFactory(commune=f.CommuneFactory(parent=elsewhere, code="09193"), name="HTX Yên Phong")
    carried = f.ProducerFactory(commune=f.CommuneFactory(parent=province, code="07998"), name="HTX Tân Sỏi")

    assert _who(is_staff_of_province_of, people, carried) == {"staff", "staff_elsewhere"}
    assert _who(is_staff_of_province_of, people, own) == {"staff_elsewhere"}


# Producer users -------------------------------------------------------------------------------------


def test_a_producer_user_is_a_member_of_its_producer_its_products_and_proposals(
    people, producer_record, product, producer
):
    proposal = EditProposalFactory(producer=producer_record, proposed_by=producer)

    for obj in (producer_record, product, proposal):
        assert _who(is_member_of_producer, people, obj) == {"producer"}, obj
        assert _who(can_propose_edit, people, obj) == {"producer"}, obj


# Reviewing a proposal -------------------------------------------------------------------------------


def test_a_proposal_is_reviewed_by_its_producers_editors(people, producer_record, producer):
    proposal = EditProposalFactory(producer=producer_record, proposed_by=producer)

    assert _who(can_review_proposal_of, people, proposal) == {"staff", "officer", "commune_officer", "superuser"}


# Creating in a district -----------------------------------------------------------------------------


def test_a_district_is_created_in_by_its_officer_its_provinces_staff_and_a_superuser(people, district):
    assert _who(can_create_in_district, people, district) == {"officer", "staff", "superuser"}


def test_a_district_of_another_province_is_created_in_by_its_own_staff_only(people):
    elsewhere = people["staff_elsewhere"].staff_province
    foreign = f.DistrictFactory(parent=elsewhere, code="256", name="Huyện Yên Phong")

    assert _who(can_create_in_district, people, foreign) == {"staff_elsewhere", "superuser"}


def test_no_district_is_nobodys_to_create_in(people):
    assert _who(can_create_in_district, people, None) == set()


# Placing a record ------------------------------------------------------------------------------------


def test_a_place_is_given_by_its_provinces_staff_district_officer_and_commune_officer(people, product):
    assert _who(can_place_in, people, product) == {"staff", "officer", "commune_officer", "superuser"}


def test_a_place_without_a_district_is_no_district_officers(people, province_producer):
    assert _who(can_place_in, people, province_producer) == {"staff", "superuser"}


def test_a_place_known_by_its_province_only_is_its_staffs(people, province):
    place = Product(province=province)

    assert _who(can_place_in, people, place) == {"staff", "superuser"}


def test_a_place_without_a_province_is_nobodys(people):
    assert _who(can_place_in, people, Product()) == set()
