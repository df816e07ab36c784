"""The registry's reads, person by person (docs/mutation.md): what each role sees here, what the
same role sees in another district, sibling commune or province, the staff of a province merged
into another, a superuser, a user with no role and the anonymous visitor.

The registry of Bắc Giang below has a product for each way a product reaches an officer: made in
its producer's commune, made in another district than its producer's (seen by the officers of
both districts), made in the sibling commune (seen by both communes' officers); Bắc Ninh has a
producer of its own, which no Bắc Giang role sees."""

import pytest

from ocop_portal.core.services import audit_log
from ocop_portal.testing import factories as f
from products import selectors
from products.enums import ImportState, ProposalState
from products.models import Product, RegistryImport

from .factories import EditProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(producer_record, other_producer_record, commune, sibling_commune, other_commune, elsewhere, food_set):
    """Producers and products by name: Yên Thế's (commune Đồng Tiến), Lục Ngạn's (Cấm Sơn),
    Canh Nậu's (the sibling commune of Đồng Tiến) and Bắc Ninh's Yên Phong."""
    yen_phong = f.DistrictFactory(parent=elsewhere, code="256", name="Huyện Yên Phong")
    canh_nau = f.ProducerFactory(commune=sibling_commune, name="HTX Miến Canh Nậu")
    bac_ninh = f.ProducerFactory(
        commune=f.CommuneFactory(parent=yen_phong, code="09193", name="Xã Đông Phong"), name="HTX Yên Phong"
    )

    def product(producer, name, made_in=None):
        made_in = made_in or producer.commune
        return f.ProductFactory(
            producer=producer, name=name, commune=made_in, district=made_in.parent, product_set=food_set
        )

    products = {
        "Gà đồi Yên Thế": product(producer_record, "Gà đồi Yên Thế"),
        "Gà ủ muối Canh Nậu": product(producer_record, "Gà ủ muối Canh Nậu", made_in=sibling_commune),
        "Vải thiều Lục Ngạn": product(other_producer_record, "Vải thiều Lục Ngạn"),
        "Mật ong Đồng Tiến": product(other_producer_record, "Mật ong Đồng Tiến", made_in=commune),
        "Miến Canh Nậu": product(canh_nau, "Miến Canh Nậu"),
        "Gà Yên Phong": product(bac_ninh, "Gà Yên Phong"),
    }
    producers = {p.name: p for p in (producer_record, other_producer_record, canh_nau, bac_ninh)}
    return producers, products


def _seen(selector, people) -> dict[str, list[str]]:
    return {name: [str(row.name) for row in selector(user)] for name, user in people.items()}


BAC_GIANG_PRODUCERS = ["HTX Gà đồi Yên Thế", "HTX Miến Canh Nậu", "HTX Vải thiều Lục Ngạn"]
ALL_PRODUCERS = ["HTX Gà đồi Yên Thế", "HTX Miến Canh Nậu", "HTX Vải thiều Lục Ngạn", "HTX Yên Phong"]


def test_each_role_sees_the_producers_of_its_province_district_commune_or_its_own(people, registry):
    assert _seen(selectors.producers_visible_to, people) == {
        "staff": BAC_GIANG_PRODUCERS,
        "staff_elsewhere": ["HTX Yên Phong"],
        "officer": ["HTX Gà đồi Yên Thế", "HTX Miến Canh Nậu"],
        "officer_elsewhere": ["HTX Vải thiều Lục Ngạn"],
        "commune_officer": ["HTX Gà đồi Yên Thế"],
        "sibling_commune_officer": ["HTX Miến Canh Nậu"],
        "producer": ["HTX Gà đồi Yên Thế"],
        "other_producer": ["HTX Vải thiều Lục Ngạn"],
        "superuser": ALL_PRODUCERS,
        "plain": [],
        "anonymous": [],
    }


def test_the_producers_a_role_adds_products_to_are_those_it_manages_not_a_producer_users(people, registry):
    assert _seen(selectors.producers_editable_by, people) == {
        "staff": BAC_GIANG_PRODUCERS,
        "staff_elsewhere": ["HTX Yên Phong"],
        "officer": ["HTX Gà đồi Yên Thế", "HTX Miến Canh Nậu"],
        "officer_elsewhere": ["HTX Vải thiều Lục Ngạn"],
        "commune_officer": ["HTX Gà đồi Yên Thế"],
        "sibling_commune_officer": ["HTX Miến Canh Nậu"],
        "producer": [],
        "other_producer": [],
        "superuser": ALL_PRODUCERS,
        "plain": [],
        "anonymous": [],
    }


def test_each_role_sees_the_products_made_or_produced_in_its_units(people, registry):
    expected = {
        "staff": [
            "Gà đồi Yên Thế",
            "Gà ủ muối Canh Nậu",
            "Mật ong Đồng Tiến",
            "Miến Canh Nậu",
            "Vải thiều Lục Ngạn",
        ],
        "staff_elsewhere": ["Gà Yên Phong"],
        "officer": ["Gà đồi Yên Thế", "Gà ủ muối Canh Nậu", "Mật ong Đồng Tiến", "Miến Canh Nậu"],
        "officer_elsewhere": ["Mật ong Đồng Tiến", "Vải thiều Lục Ngạn"],
        "commune_officer": ["Gà đồi Yên Thế", "Gà ủ muối Canh Nậu", "Mật ong Đồng Tiến"],
        "sibling_commune_officer": ["Gà ủ muối Canh Nậu", "Miến Canh Nậu"],
        "producer": ["Gà đồi Yên Thế", "Gà ủ muối Canh Nậu"],
        "other_producer": ["Mật ong Đồng Tiến", "Vải thiều Lục Ngạn"],
        "superuser": [
            "Gà đồi Yên Thế",
            "Gà ủ muối Canh Nậu",
            "Gà Yên Phong",
            "Mật ong Đồng Tiến",
            "Miến Canh Nậu",
            "Vải thiều Lục Ngạn",
        ],
        "plain": [],
        "anonymous": [],
    }

    assert _seen(selectors.products_visible_to, people) == expected
    assert _seen(selectors.product_rows, people) == expected


def test_the_merged_provinces_staff_see_the_carried_provinces_registry(people, registry, province, elsewhere):
    province.carried_into = elsewhere
    province.save(update_fields=["carried_into"])
    staff = people["staff_elsewhere"]

    assert [p.name for p in selectors.producers_visible_to(staff)] == ALL_PRODUCERS
    assert [p.name for p in selectors.producers_editable_by(staff)] == ALL_PRODUCERS
    assert selectors.products_visible_to(staff).count() == 6
    assert [d.name for d in selectors.districts_visible_to(staff)] == [
        "Huyện Lục Ngạn",
        "Huyện Yên Phong",
        "Huyện Yên Thế",
    ]


def test_a_product_page_and_a_list_row_read_their_relations_in_one_query(people, registry, django_assert_num_queries):
    staff = people["staff"]
    # (each selector reads the user's producer membership when called: outside the count)
    page_rows, list_rows = selectors.products_visible_to(staff), selectors.product_rows(staff)
    producer_rows, editable_rows = (
        selectors.producers_visible_to(staff),
        selectors.producers_editable_by(people["officer"]),
    )

    with django_assert_num_queries(1):
        pages = [
            (
                p.producer.name,
                p.producer.district.name,
                p.product_set.group.name,
                p.commune.name,
                p.district.name,
                p.province.name,
            )
            for p in page_rows
        ]
    with django_assert_num_queries(1):
        rows = [(p.producer.name, p.product_set.group.name, p.district.name) for p in list_rows]
    with django_assert_num_queries(1):
        producers = [(p.commune.name, p.district.name, p.province.name) for p in producer_rows]
    with django_assert_num_queries(1):
        editable = [p.district.name for p in editable_rows]

    assert (len(pages), len(rows), len(producers), len(editable)) == (5, 5, 3, 2)


def test_a_producer_row_counts_its_products_and_its_best_stars_in_force(people, registry, producer_record, food_set):
    _producers, products = registry
    products["Gà đồi Yên Thế"].current_stars = 3
    products["Gà đồi Yên Thế"].save(update_fields=["current_stars"])
    products["Gà ủ muối Canh Nậu"].current_stars = 4
    products["Gà ủ muối Canh Nậu"].save(update_fields=["current_stars"])
    f.ProductFactory(producer=producer_record, name="Trứng gà đồi", product_set=food_set)  # no stars
    products["Gà Yên Phong"].current_stars = 5
    products["Gà Yên Phong"].save(update_fields=["current_stars"])

    rows = {row.name: (row.product_count, row.best_stars) for row in selectors.producer_rows(people["superuser"])}

    assert rows == {
        "HTX Gà đồi Yên Thế": (3, 4),
        "HTX Vải thiều Lục Ngạn": (2, None),
        "HTX Miến Canh Nậu": (1, None),
        "HTX Yên Phong": (1, 5),
    }
    assert [row.name for row in selectors.producer_rows(people["officer"])] == [
        "HTX Gà đồi Yên Thế",
        "HTX Miến Canh Nậu",
    ]


def test_a_producer_without_products_has_none_and_no_stars(people, elsewhere):
    f.ProducerFactory(commune=f.CommuneFactory(parent=elsewhere, code="09194"), name="HTX Mới thành lập")

    rows = [(row.name, row.product_count, row.best_stars) for row in selectors.producer_rows(people["staff_elsewhere"])]

    assert rows == [("HTX Mới thành lập", 0, None)]


# Units offered in the filters and forms ------------------------------------------------------------------


def test_only_a_superuser_chooses_among_provinces(people, registry, province):
    f.ProvinceFactory(code="25", name="Tỉnh Phú Thọ")

    chosen = {name: [p.name for p in selectors.provinces_to_choose_from(user)] for name, user in people.items()}

    assert chosen.pop("superuser") == ["Tỉnh Bắc Giang", "Tỉnh Bắc Ninh", "Tỉnh Phú Thọ"]
    assert set(map(tuple, chosen.values())) == {()}


def test_each_role_filters_by_the_districts_it_sees(people, registry):
    assert _seen(selectors.districts_visible_to, people) == {
        "staff": ["Huyện Lục Ngạn", "Huyện Yên Thế"],
        "staff_elsewhere": ["Huyện Yên Phong"],
        "officer": ["Huyện Yên Thế"],
        "officer_elsewhere": ["Huyện Lục Ngạn"],
        "commune_officer": [],
        "sibling_commune_officer": [],
        "producer": ["Huyện Yên Thế"],
        "other_producer": ["Huyện Lục Ngạn"],
        "superuser": ["Huyện Lục Ngạn", "Huyện Yên Phong", "Huyện Yên Thế"],
        "plain": [],
        "anonymous": [],
    }


def test_each_editor_registers_in_the_communes_of_its_units(people, registry, province):
    f.CommuneFactory(parent=province, code="07999", name="Xã Tân Sỏi")  # 2025: directly under the province

    assert _seen(selectors.communes_editable_by, people) == {
        "staff": ["Xã Cấm Sơn", "Xã Canh Nậu", "Xã Đồng Tiến", "Xã Tân Sỏi"],
        "staff_elsewhere": ["Xã Đông Phong"],
        "officer": ["Xã Canh Nậu", "Xã Đồng Tiến"],
        "officer_elsewhere": ["Xã Cấm Sơn"],
        "commune_officer": ["Xã Đồng Tiến"],
        "sibling_commune_officer": ["Xã Canh Nậu"],
        "producer": [],
        "other_producer": [],
        "superuser": ["Xã Cấm Sơn", "Xã Đông Phong", "Xã Canh Nậu", "Xã Đồng Tiến", "Xã Tân Sỏi"],
        "plain": [],
        "anonymous": [],
    }


def test_a_commune_list_reads_its_district_in_one_query(people, registry, django_assert_num_queries):
    with django_assert_num_queries(1):
        parents = [c.parent.name for c in selectors.communes_editable_by(people["staff"])]

    assert parents == ["Huyện Lục Ngạn", "Huyện Yên Thế", "Huyện Yên Thế"]


# Product sets and groups -------------------------------------------------------------------------------


@pytest.fixture
def frameworks(db):
    food = f.ProductGroupFactory(code="I", name="Thực phẩm", order=1)
    drinks = f.ProductGroupFactory(code="II", name="Đồ uống", order=2)
    old = f.ProductGroupFactory(framework_code="1048", code="I", name="Thực phẩm (cũ)", order=0)
    sets = {
        "meat": f.ProductSetFactory(group=food, code="02", name="Thịt, thủy sản, trứng, sữa tươi"),
        "fresh": f.ProductSetFactory(group=food, code="01", name="Rau, củ, quả, hạt tươi"),
        "tea": f.ProductSetFactory(group=drinks, code="05", name="Chè và các sản phẩm từ chè"),
        "old": f.ProductSetFactory(group=old, framework_code="1048", code="01", name="Thực phẩm tươi sống"),
    }
    return {"food": food, "drinks": drinks, "old": old}, sets


def test_the_current_sets_and_groups_are_the_framework_in_force_in_order(frameworks, django_assert_num_queries):
    with django_assert_num_queries(1):
        sets = [(s.code, s.group.name) for s in selectors.current_product_sets()]

    assert sets == [("01", "Thực phẩm"), ("02", "Thực phẩm"), ("05", "Đồ uống")]
    assert [g.code for g in selectors.current_product_groups()] == ["I", "II"]


def test_the_groups_order_is_their_rank_then_their_code(frameworks):
    groups, _sets = frameworks
    groups["drinks"].order = 1
    groups["drinks"].save(update_fields=["order"])
    f.ProductGroupFactory(code="III", name="Thảo dược", order=0)

    assert [g.code for g in selectors.current_product_groups()] == ["III", "I", "II"]
    assert [g.code for g in selectors.reference_groups("148")] == ["III", "I", "II"]


def test_a_frameworks_reference_lists_its_groups_with_their_sets_and_products(frameworks, producer_record):
    _groups, sets = frameworks
    f.ProductFactory(producer=producer_record, product_set=sets["meat"])
    f.ProductFactory(producer=producer_record, product_set=sets["meat"])
    f.ProductFactory(producer=producer_record, product_set=sets["tea"])

    reference = {
        group.name: [(s.code, s.product_count) for s in group.sets.all()] for group in selectors.reference_groups("148")
    }
    old = {group.name: [s.code for s in group.sets.all()] for group in selectors.reference_groups("1048")}

    assert reference == {"Thực phẩm": [("01", 0), ("02", 2)], "Đồ uống": [("05", 1)]}
    assert old == {"Thực phẩm (cũ)": ["01"]}


# Edit proposals ------------------------------------------------------------------------------------------


@pytest.fixture
def proposals(registry, producer, other_producer):
    producers, _products = registry

    def propose(name, state=ProposalState.PENDING):
        return EditProposalFactory(producer=producers[name], state=state)

    return {
        "yen_the": propose("HTX Gà đồi Yên Thế"),
        "luc_ngan": propose("HTX Vải thiều Lục Ngạn"),
        "canh_nau_rejected": propose("HTX Miến Canh Nậu", ProposalState.REJECTED),
        "yen_phong": propose("HTX Yên Phong"),
    }


def _proposals(selector, people, proposals) -> dict[str, set[str]]:
    names = {proposal.pk: name for name, proposal in proposals.items()}
    return {name: {names[p.pk] for p in selector(user)} for name, user in people.items()}


def test_each_role_sees_the_proposals_of_the_producers_it_sees(people, proposals):
    assert _proposals(selectors.proposals_visible_to, people, proposals) == {
        "staff": {"yen_the", "luc_ngan", "canh_nau_rejected"},
        "staff_elsewhere": {"yen_phong"},
        "officer": {"yen_the", "canh_nau_rejected"},
        "officer_elsewhere": {"luc_ngan"},
        "commune_officer": {"yen_the"},
        "sibling_commune_officer": {"canh_nau_rejected"},
        "producer": {"yen_the"},
        "other_producer": {"luc_ngan"},
        "superuser": set(proposals),
        "plain": set(),
        "anonymous": set(),
    }


def test_the_pending_proposals_are_reviewed_by_the_producers_editors(people, proposals):
    reviewers = {name: user for name, user in people.items() if name != "anonymous"}

    assert _proposals(selectors.proposals_to_review, reviewers, proposals) == {
        "staff": {"yen_the", "luc_ngan"},
        "staff_elsewhere": {"yen_phong"},
        "officer": {"yen_the"},
        "officer_elsewhere": {"luc_ngan"},
        "commune_officer": {"yen_the"},
        "sibling_commune_officer": set(),
        "producer": set(),
        "other_producer": set(),
        "superuser": {"yen_the", "luc_ngan", "yen_phong"},
        "plain": set(),
    }


def test_a_proposal_list_reads_its_people_and_records_in_one_query(
    people, proposals, registry, django_assert_num_queries
):
    _producers, products = registry
    proposal = proposals["yen_the"]
    proposal.product = products["Gà đồi Yên Thế"]
    proposal.reviewed_by = people["officer"]
    proposal.save(update_fields=["product", "reviewed_by"])

    queryset = selectors.proposals_visible_to(people["commune_officer"])
    with django_assert_num_queries(1):
        rows = [
            (
                p.producer.name,
                p.product and p.product.name,
                p.proposed_by.username,
                p.reviewed_by and p.reviewed_by.username,
            )
            for p in queryset
        ]

    assert rows == [("HTX Gà đồi Yên Thế", "Gà đồi Yên Thế", proposal.proposed_by.username, "officer")]


# Registry imports ------------------------------------------------------------------------------------------


def test_a_provinces_imports_are_its_staffs_without_their_file(people, province, elsewhere, django_assert_num_queries):
    def upload(province, by, name):
        return RegistryImport.objects.create(
            uploaded_by=by,
            province=province,
            file_name=name,
            file_sha256="0" * 64,
            content=b"xlsx",
            state=ImportState.PREVIEWED,
        )

    upload(province, people["staff"], "danh-sach-bac-giang.xlsx")
    upload(elsewhere, people["staff_elsewhere"], "danh-sach-bac-ninh.xlsx")

    seen = {name: [i.file_name for i in selectors.registry_imports_visible_to(user)] for name, user in people.items()}
    with django_assert_num_queries(1):
        (row,) = [(i, i.uploaded_by.username) for i in selectors.registry_imports_visible_to(people["staff"])]

    assert seen == {
        "staff": ["danh-sach-bac-giang.xlsx"],
        "staff_elsewhere": ["danh-sach-bac-ninh.xlsx"],
        **{name: [] for name in people if name not in ("staff", "staff_elsewhere")},
    }
    assert row[1] == "staff"
    assert "content" in row[0].get_deferred_fields()


# Audit trails ------------------------------------------------------------------------------------------


@pytest.fixture
def trail(registry, people):
    producers, products = registry
    officer = people["officer"]
    producer = producers["HTX Gà đồi Yên Thế"]
    own_product = products["Gà đồi Yên Thế"]
    sibling_product = products["Gà ủ muối Canh Nậu"]
    own_proposal = EditProposalFactory(producer=producer, product=own_product)
    producer_proposal = EditProposalFactory(producer=producer)
    other = producers["HTX Vải thiều Lục Ngạn"]
    entries = {
        "producer": audit_log(actor=officer, action="cập nhật chủ thể", obj=producer),
        "product": audit_log(actor=officer, action="cập nhật sản phẩm", obj=own_product),
        "sibling_product": audit_log(actor=officer, action="cập nhật sản phẩm", obj=sibling_product),
        "product_proposal": audit_log(actor=officer, action="đề xuất sửa sản phẩm", obj=own_proposal),
        "producer_proposal": audit_log(actor=officer, action="đề xuất sửa chủ thể", obj=producer_proposal),
        "other_producer": audit_log(actor=officer, action="cập nhật chủ thể", obj=other),
        "other_product": audit_log(actor=officer, action="cập nhật sản phẩm", obj=products["Vải thiều Lục Ngạn"]),
    }
    return producer, own_product, entries


def _entries(queryset, entries) -> list[str]:
    names = {entry.pk: name for name, entry in entries.items()}
    return [names[entry.pk] for entry in queryset]


def test_a_producers_trail_is_its_own_its_products_and_its_proposals_newest_first(trail, django_assert_num_queries):
    producer, _product, entries = trail

    assert _entries(selectors.audit_trail_for_producer(producer), entries) == [
        "producer_proposal",
        "product_proposal",
        "sibling_product",
        "product",
        "producer",
    ]
    queryset = selectors.audit_trail_for_producer(producer)  # (reads the ids of its products and proposals)
    with django_assert_num_queries(1):
        actors = {(e.actor.username, e.content_type.model) for e in queryset}
    assert actors == {("officer", "producer"), ("officer", "product"), ("officer", "editproposal")}


def test_a_products_trail_is_its_own_and_its_proposals(trail, django_assert_num_queries):
    _producer, product, entries = trail

    assert _entries(selectors.audit_trail_for_product(product), entries) == ["product_proposal", "product"]
    queryset = selectors.audit_trail_for_product(product)
    with django_assert_num_queries(1):
        actors = {(e.actor.username, e.content_type.model) for e in queryset}
    assert actors == {("officer", "product"), ("officer", "editproposal")}


def test_a_trail_is_cut_at_its_latest_hundred_entries(registry, people):
    producers, _products = registry
    producer = producers["HTX Miến Canh Nậu"]
    for number in range(101):
        audit_log(actor=people["staff"], action=f"cập nhật lần {number}", obj=producer)

    trail = list(selectors.audit_trail_for_producer(producer))

    assert (len(trail), trail[0].action, trail[-1].action) == (100, "cập nhật lần 100", "cập nhật lần 1")


def test_the_last_change_of_a_record_is_its_latest_entry(trail, django_assert_num_queries):
    producer, product, entries = trail

    assert selectors.last_change(producer).pk == entries["producer"].pk
    assert selectors.last_change(product).pk == entries["product"].pk
    with django_assert_num_queries(1):  # (the content type is cached by then)
        assert selectors.last_change(producer).actor.username == "officer"


def test_a_record_without_an_entry_has_no_last_change(registry):
    producers, _products = registry

    assert selectors.last_change(producers["HTX Miến Canh Nậu"]) is None


def test_a_user_holding_every_role_sees_the_union_of_each(people, registry, proposals):
    """Bắc Ninh's staff member who is also Lục Ngạn's district officer, Canh Nậu's commune officer
    and a member of the Yên Thế producer: each role adds its own rows."""
    producers, _products = registry
    user = people["staff_elsewhere"]
    user.officer_district = producers["HTX Vải thiều Lục Ngạn"].district
    user.officer_commune = producers["HTX Miến Canh Nậu"].commune
    user.save(update_fields=["officer_district", "officer_commune"])
    f.ProducerMembershipFactory(user=user, producer=producers["HTX Gà đồi Yên Thế"])
    user.refresh_from_db()

    assert [p.name for p in selectors.producers_editable_by(user)] == [
        "HTX Miến Canh Nậu",
        "HTX Vải thiều Lục Ngạn",
        "HTX Yên Phong",
    ]
    assert [p.name for p in selectors.producers_visible_to(user)] == ALL_PRODUCERS
    assert [p.name for p in selectors.products_visible_to(user)] == [
        "Gà đồi Yên Thế",
        "Gà ủ muối Canh Nậu",
        "Gà Yên Phong",
        "Mật ong Đồng Tiến",
        "Miến Canh Nậu",
        "Vải thiều Lục Ngạn",
    ]
    assert [d.name for d in selectors.districts_visible_to(user)] == [
        "Huyện Lục Ngạn",
        "Huyện Yên Phong",
        "Huyện Yên Thế",
    ]
    assert [c.name for c in selectors.communes_editable_by(user)] == ["Xã Cấm Sơn", "Xã Đông Phong", "Xã Canh Nậu"]
    assert {p.pk for p in selectors.proposals_visible_to(user)} == {p.pk for p in proposals.values()}


def test_records_of_the_same_name_are_listed_in_the_order_they_were_entered(people, commune, province, food_set):
    """Two producers, two products, two districts, two communes of one name (an edited row is
    stored after the other): the first entered comes first."""
    first = f.ProducerFactory(commune=commune, name="HTX Nông nghiệp Đồng Tiến")
    second = f.ProducerFactory(commune=commune, name="HTX Nông nghiệp Đồng Tiến")
    first_product = f.ProductFactory(producer=first, name="Gà đồi", product_set=food_set)
    second_product = f.ProductFactory(producer=second, name="Gà đồi", product_set=food_set)
    first_district = f.DistrictFactory(parent=province, code="220", name="Huyện Tân Yên")
    second_district = f.DistrictFactory(parent=province, code="221", name="Huyện Tân Yên")
    first_commune = f.CommuneFactory(parent=first_district, code="07300", name="Xã Cao Xá")
    second_commune = f.CommuneFactory(parent=first_district, code="07301", name="Xã Cao Xá")
    for row in (first, first_product, first_district, first_commune):
        row.save()

    def namesakes(rows, name):
        return [row for row in rows if row.name == name]

    staff, commune_officer = people["staff"], people["commune_officer"]
    assert namesakes(selectors.producers_editable_by(commune_officer), first.name) == [first, second]
    assert namesakes(selectors.producers_visible_to(commune_officer), first.name) == [first, second]
    assert namesakes(selectors.products_visible_to(commune_officer), "Gà đồi") == [first_product, second_product]
    assert namesakes(selectors.districts_visible_to(staff), "Huyện Tân Yên") == [first_district, second_district]
    assert namesakes(selectors.communes_editable_by(staff), "Xã Cao Xá") == [first_commune, second_commune]


def test_the_provinces_to_choose_from_are_in_the_order_of_their_names(people, province):
    """An Giang entered last is listed first; two units of one name in the order entered."""
    first_bac_ninh = people["staff_elsewhere"].staff_province
    second_bac_ninh = f.ProvinceFactory(code="28", name="Tỉnh Bắc Ninh")
    f.ProvinceFactory(code="89", name="Tỉnh An Giang")
    first_bac_ninh.save()

    assert [(p.name, p.code) for p in selectors.provinces_to_choose_from(people["superuser"])] == [
        ("Tỉnh An Giang", "89"),
        ("Tỉnh Bắc Giang", "24"),
        ("Tỉnh Bắc Ninh", first_bac_ninh.code),
        ("Tỉnh Bắc Ninh", second_bac_ninh.code),
    ]


def test_groups_of_the_same_rank_are_listed_by_code(frameworks):
    groups, _sets = frameworks
    groups["drinks"].order = 1
    groups["drinks"].save(update_fields=["order"])
    groups["food"].name = "Thực phẩm (đã sửa)"  # an edited row is stored after the other
    groups["food"].save(update_fields=["name"])

    assert [g.code for g in selectors.current_product_groups()] == ["I", "II"]
    assert [g.code for g in selectors.reference_groups("148")] == ["I", "II"]


def test_a_trail_holds_no_entry_of_another_kind_of_record_with_the_same_id(people, producer_record, food_set):
    """A product, a producer and an edit proposal may share an id: each entry is matched by its
    kind of record too."""
    product = f.ProductFactory(id=9001, producer=producer_record, name="Gà đồi Yên Thế", product_set=food_set)
    f.ProductFactory(id=9002, producer=producer_record, name="Trứng gà đồi", product_set=food_set)
    proposal = EditProposalFactory(id=9002, producer=producer_record, product=product)
    namesake_producer = f.ProducerFactory(id=9001, commune=producer_record.commune, name="HTX Chè Đồng Tiến")
    namesake_proposal = EditProposalFactory(id=9001, producer=namesake_producer)
    officer = people["officer"]
    own = audit_log(actor=officer, action="cập nhật sản phẩm", obj=product)
    proposed = audit_log(actor=officer, action="đề xuất sửa sản phẩm", obj=proposal)
    audit_log(actor=officer, action="cập nhật chủ thể", obj=namesake_producer)  # producer 9001
    audit_log(actor=officer, action="đề xuất sửa chủ thể", obj=namesake_proposal)  # proposal 9001
    audit_log(actor=officer, action="cập nhật sản phẩm", obj=Product.objects.get(pk=9002))  # product 9002

    assert [e.pk for e in selectors.audit_trail_for_product(product)] == [proposed.pk, own.pk]
    assert [e.action for e in selectors.audit_trail_for_producer(producer_record)] == [
        "cập nhật sản phẩm",
        "đề xuất sửa sản phẩm",
        "cập nhật sản phẩm",
    ]
    assert selectors.last_change(product).pk == own.pk
    assert [e.action for e in selectors.audit_trail_for_producer(namesake_producer)] == [
        "đề xuất sửa chủ thể",
        "cập nhật chủ thể",
    ]
