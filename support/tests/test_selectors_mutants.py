"""Support money's reads, person by person and line by line (docs/mutation.md): what each role sees
(the province's staff, the same role in another province, the staff of the province it was merged
into, a district officer and the officer of the other district, a producer user, no role, the
anonymous visitor), and the sums each page shows (committed from approval on, paid, remaining;
per source, per category; the year's outcome)."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from evaluation.tests.test_certificates_helpers import issue
from ocop_portal.testing import factories as f
from support import selectors
from support.enums import FundingSource, GrantState, SupportCategory
from support.models import AwardPolicy
from support.selectors import CategorySummaryRow, MoneyRow, OutcomeRow, StarChange, _in_force_on

from .factories import ApprovedGrantFactory, BudgetLineFactory, DisbursementFactory, SupportGrantFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def elsewhere(db):
    return f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")


@pytest.fixture
def people(province_staff, district_officer, other_district_officer, producer, other_producer, plain_user, elsewhere):
    return {
        "staff": province_staff,
        "staff_elsewhere": f.UserFactory(username="staff-bn", staff_province=elsewhere),
        "officer": district_officer,
        "officer_elsewhere": other_district_officer,
        "producer": producer,
        "other_producer": other_producer,
        "plain": plain_user,
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def money(province, district, other_district, elsewhere, producer_record, other_producer_record):
    """Bắc Giang's lines (province-wide, Yên Thế's, Lục Ngạn's) and Bắc Ninh's (province-wide and
    Yên Phong's), with a grant on each."""
    yen_phong = f.DistrictFactory(parent=elsewhere, code="256", name="Huyện Yên Phong")
    bac_ninh_producer = f.ProducerFactory(
        commune=f.CommuneFactory(parent=yen_phong, code="09193", name="Xã Đông Phong"), name="HTX Yên Phong"
    )
    lines = {
        "province_wide": BudgetLineFactory(province=province, year=2024),
        "yen_the": BudgetLineFactory(province=province, district=district, year=2024),
        "luc_ngan": BudgetLineFactory(province=province, district=other_district, year=2024),
        "bac_ninh": BudgetLineFactory(province=elsewhere, year=2024),
        "yen_phong": BudgetLineFactory(province=elsewhere, district=yen_phong, year=2024),
    }
    grants = {
        "yen_the_on_province_line": SupportGrantFactory(producer=producer_record, budget_line=lines["province_wide"]),
        "luc_ngan_on_district_line": SupportGrantFactory(producer=other_producer_record, budget_line=lines["luc_ngan"]),
        "bac_ninh": SupportGrantFactory(producer=bac_ninh_producer, budget_line=lines["yen_phong"]),
    }
    return lines, grants, bac_ninh_producer


def _names(rows, objects) -> set[str]:
    ids = {row.pk for row in rows}
    return {name for name, obj in objects.items() if obj.pk in ids}


def test_each_role_sees_the_budget_lines_of_its_province_or_its_district(people, money):
    lines, _grants, _producer = money

    seen = {name: _names(selectors.budget_lines_visible_to(user), lines) for name, user in people.items()}

    assert seen == {
        "staff": {"province_wide", "yen_the", "luc_ngan"},
        "staff_elsewhere": {"bac_ninh", "yen_phong"},
        "officer": {"province_wide", "yen_the"},
        "officer_elsewhere": {"province_wide", "luc_ngan"},
        "producer": set(),
        "other_producer": set(),
        "plain": set(),
        "anonymous": set(),
    }


def test_each_role_sees_the_grants_of_its_province_its_district_or_its_own(people, money):
    _lines, grants, _producer = money

    seen = {name: _names(selectors.grants_visible_to(user), grants) for name, user in people.items()}

    assert seen == {
        "staff": {"yen_the_on_province_line", "luc_ngan_on_district_line"},
        "staff_elsewhere": {"bac_ninh"},
        "officer": {"yen_the_on_province_line"},
        "officer_elsewhere": {"luc_ngan_on_district_line"},
        "producer": {"yen_the_on_province_line"},
        "other_producer": {"luc_ngan_on_district_line"},
        "plain": set(),
        "anonymous": set(),
    }
    assert {name: selectors.pending_proposals_count(user) for name, user in people.items()} == {
        name: len(names) for name, names in seen.items()
    }


def test_an_officer_who_is_also_a_producer_user_sees_both(people, money, other_producer_record):
    officer = people["officer"]
    f.ProducerMembershipFactory(user=officer, producer=other_producer_record)
    _lines, grants, _producer = money

    assert _names(selectors.grants_visible_to(officer), grants) == {
        "yen_the_on_province_line",
        "luc_ngan_on_district_line",
    }
    assert {p.name for p in selectors.producers_visible_to(officer)} == {"HTX Gà đồi Yên Thế", "HTX Vải thiều Lục Ngạn"}


def test_the_merged_provinces_staff_see_the_carried_provinces_lines_and_grants(people, money, province, elsewhere):
    province.carried_into = elsewhere
    province.save(update_fields=["carried_into"])
    lines, grants, _producer = money
    staff = people["staff_elsewhere"]

    assert _names(selectors.budget_lines_visible_to(staff), lines) == set(lines)
    assert _names(selectors.grants_visible_to(staff), grants) == set(grants)


def test_a_grant_list_reads_what_its_rows_show_in_one_query(people, money, django_assert_num_queries):
    _lines, grants, _producer = money
    grant = grants["yen_the_on_province_line"]
    grant.product = f.ProductFactory(producer=grant.producer, name="Gà đồi Yên Thế")
    grant.save(update_fields=["product"])
    listed = selectors.grants_visible_to(people["staff"])  # (reads the user's producer membership)

    with django_assert_num_queries(1):
        rows = [
            (g.producer.name, g.producer.district.name, g.product and g.product.name, g.budget_line.year, g.paid)
            for g in listed
        ]

    assert sorted(rows) == [
        ("HTX Gà đồi Yên Thế", "Huyện Yên Thế", "Gà đồi Yên Thế", 2024, 0),
        ("HTX Vải thiều Lục Ngạn", "Huyện Lục Ngạn", None, 2024, 0),
    ]


def test_grants_are_listed_newest_first_then_last_entered_first(people, province, producer_record):
    line = BudgetLineFactory(province=province, year=2024)
    newest, tied_first, tied_second = (
        SupportGrantFactory(producer=producer_record, budget_line=line) for _ in range(3)
    )
    grants = type(newest).objects
    grants.filter(pk=newest.pk).update(created_at=datetime.datetime(2024, 5, 2, tzinfo=datetime.UTC))
    for grant in (tied_first, tied_second):  # stored in the order entered
        grants.filter(pk=grant.pk).update(created_at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))

    assert list(selectors.grants_visible_to(people["staff"])) == [newest, tied_second, tied_first]


def test_a_producers_history_is_by_the_lines_year_newest_first(
    people, province, producer_record, other_producer_record
):
    old_line = BudgetLineFactory(province=province, year=2022)
    new_line = BudgetLineFactory(province=province, year=2024)
    on_old = SupportGrantFactory(producer=producer_record, budget_line=old_line)
    later_on_new = SupportGrantFactory(producer=producer_record, budget_line=new_line)
    earlier_on_new = SupportGrantFactory(producer=producer_record, budget_line=new_line)
    tied_first = SupportGrantFactory(producer=producer_record, budget_line=new_line)
    tied_second = SupportGrantFactory(producer=producer_record, budget_line=new_line)
    SupportGrantFactory(producer=other_producer_record, budget_line=new_line)
    grants = type(on_old).objects
    grants.filter(pk=later_on_new.pk).update(created_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC))
    grants.filter(pk=earlier_on_new.pk).update(created_at=datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC))
    for grant in (tied_first, tied_second):  # stored in the order entered
        grants.filter(pk=grant.pk).update(created_at=datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC))

    assert list(selectors.grants_for_producer(people["staff"], producer_record)) == [
        later_on_new,
        tied_second,
        tied_first,
        earlier_on_new,
        on_old,
    ]


def test_staff_who_are_also_an_officer_see_the_grants_of_both(people, money):
    """Bắc Ninh's staff member, also Yên Thế's district officer."""
    _lines, grants, _producer = money
    user = people["staff_elsewhere"]
    user.officer_district = people["officer"].officer_district
    user.save(update_fields=["officer_district"])

    assert _names(selectors.grants_visible_to(user), grants) == {"bac_ninh", "yen_the_on_province_line"}


# What a line holds ---------------------------------------------------------------------------------------


def test_a_line_counts_as_committed_its_approved_and_paid_grants_and_as_paid_its_disbursements(
    people, province, producer_record
):
    line = BudgetLineFactory(province=province, allocated_amount=100_000_000)
    other_line = BudgetLineFactory(province=province, allocated_amount=50_000_000)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=10_000_000)
    paid_in_part = ApprovedGrantFactory(
        producer=producer_record, budget_line=line, amount=20_000_000, state=GrantState.PAID_IN_PART
    )
    DisbursementFactory(grant=paid_in_part, amount=5_000_000)
    DisbursementFactory(grant=paid_in_part, amount=3_000_000)
    paid = ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=4_000_000, state=GrantState.PAID)
    DisbursementFactory(grant=paid, amount=4_000_000)
    SupportGrantFactory(producer=producer_record, budget_line=line, amount=7_000_000)  # proposed
    SupportGrantFactory(producer=producer_record, budget_line=line, amount=9_000_000, state=GrantState.CANCELLED)
    on_other = ApprovedGrantFactory(producer=producer_record, budget_line=other_line, amount=30_000_000)
    DisbursementFactory(grant=on_other, amount=1_000_000)

    rows = {
        row.pk: (row.committed, row.paid, row.remaining) for row in selectors.budget_lines_visible_to(people["staff"])
    }
    grants = {grant.pk: grant.paid for grant in selectors.grants_visible_to(people["staff"])}

    assert rows == {line.pk: (34_000_000, 12_000_000, 66_000_000), other_line.pk: (30_000_000, 1_000_000, 20_000_000)}
    assert (grants[paid_in_part.pk], grants[paid.pk], grants[on_other.pk]) == (8_000_000, 4_000_000, 1_000_000)


def test_a_line_without_grants_has_nothing_committed_or_paid(people, province):
    line = BudgetLineFactory(province=province, allocated_amount=80_000_000)

    row = selectors.budget_lines_visible_to(people["staff"]).get()

    assert (row.pk, row.committed, row.paid, row.remaining) == (line.pk, 0, 0, 80_000_000)


def test_lines_are_listed_by_year_newest_first_then_category_then_source(
    people, province, district, django_assert_num_queries
):
    def line(year, category, source, **more):
        return BudgetLineFactory(province=province, year=year, category=category, funding_source=source, **more)

    # Entered in another order than they are listed.
    equipment = line(2023, SupportCategory.EQUIPMENT, FundingSource.DISTRICT, district=district)
    labels_provincial = line(2024, SupportCategory.LABELS_PACKAGING, FundingSource.PROVINCIAL)
    labels_provincial_again = line(2024, SupportCategory.LABELS_PACKAGING, FundingSource.PROVINCIAL)
    labels_central = line(2024, SupportCategory.LABELS_PACKAGING, FundingSource.CENTRAL_NTM)
    testing = line(2024, SupportCategory.FOOD_SAFETY_TESTING, FundingSource.PROVINCIAL)
    trademark = line(2025, SupportCategory.TRADEMARK, FundingSource.PROVINCIAL)
    # An edited line is stored after the others; the listing still puts the earlier-entered first.
    labels_provincial.note = "Điều chỉnh theo Quyết định bổ sung"
    labels_provincial.save(update_fields=["note"])
    lines = selectors.budget_lines_visible_to(people["staff"])

    with django_assert_num_queries(1):
        listed = [(row.pk, row.province.name, row.district and row.district.name) for row in lines]

    assert [pk for pk, _province, _district in listed] == [
        trademark.pk,
        testing.pk,
        labels_central.pk,
        labels_provincial.pk,
        labels_provincial_again.pk,
        equipment.pk,
    ]
    assert listed[-1][1:] == ("Tỉnh Bắc Giang", "Huyện Yên Thế")
    assert selectors.grant_years_visible_to(people["staff"]) == [2025, 2024, 2023]


# Producers and products support may be proposed for ---------------------------------------------------------


@pytest.fixture
def producers(money, producer_record, other_producer_record, sibling_commune):
    _lines, _grants, bac_ninh_producer = money
    canh_nau = f.ProducerFactory(commune=sibling_commune, name="HTX Miến Canh Nậu")
    return {
        "yen_the": producer_record,
        "luc_ngan": other_producer_record,
        "canh_nau": canh_nau,
        "bac_ninh": bac_ninh_producer,
    }


def test_each_role_proposes_support_for_the_producers_of_its_province_or_district(people, producers):
    in_scope = {name: _names(selectors.producers_in_scope(user), producers) for name, user in people.items()}
    visible = {name: _names(selectors.producers_visible_to(user), producers) for name, user in people.items()}

    assert in_scope == {
        "staff": {"yen_the", "luc_ngan", "canh_nau"},
        "staff_elsewhere": {"bac_ninh"},
        "officer": {"yen_the", "canh_nau"},
        "officer_elsewhere": {"luc_ngan"},
        "producer": set(),
        "other_producer": set(),
        "plain": set(),
        "anonymous": set(),
    }
    assert visible == {**in_scope, "producer": {"yen_the"}, "other_producer": {"luc_ngan"}}


def test_a_staff_member_who_is_also_a_producer_user_opens_both_histories(people, producers):
    staff = people["staff_elsewhere"]
    f.ProducerMembershipFactory(user=staff, producer=producers["yen_the"])

    assert _names(selectors.producers_visible_to(staff), producers) == {"bac_ninh", "yen_the"}


def test_the_products_support_may_be_proposed_for_are_those_of_the_producers_in_scope(
    people, producers, django_assert_num_queries
):
    made = {
        "gà đồi": f.ProductFactory(producer=producers["yen_the"], name="Gà đồi Yên Thế"),
        "vải": f.ProductFactory(producer=producers["luc_ngan"], name="Vải thiều Lục Ngạn"),
        "gà yên phong": f.ProductFactory(producer=producers["bac_ninh"], name="Gà Yên Phong"),
    }

    assert _names(selectors.products_in_scope(people["officer"]), made) == {"gà đồi"}
    assert _names(selectors.products_in_scope(people["staff"]), made) == {"gà đồi", "vải"}
    assert _names(selectors.products_in_scope(people["producer"]), made) == set()
    rows = selectors.products_in_scope(people["staff"])
    with django_assert_num_queries(1):
        assert sorted(p.producer.name for p in rows) == ["HTX Gà đồi Yên Thế", "HTX Vải thiều Lục Ngạn"]
    scoped = selectors.producers_in_scope(people["officer"])
    with django_assert_num_queries(1):
        assert sorted(p.district.name for p in scoped) == ["Huyện Yên Thế", "Huyện Yên Thế"]
    scoped = selectors.producers_in_scope(people["staff"])
    with django_assert_num_queries(1):
        assert sorted(p.district.name for p in scoped) == ["Huyện Lục Ngạn", "Huyện Yên Thế", "Huyện Yên Thế"]


def test_the_award_policy_is_the_staffs_own_provinces_of_that_year(people, province, elsewhere):
    own = AwardPolicy.objects.create(province=province, year=2025)
    AwardPolicy.objects.create(province=province, year=2024)
    AwardPolicy.objects.create(province=elsewhere, year=2025)

    assert selectors.award_policy_for(people["staff"], 2025).pk == own.pk
    assert selectors.award_policy_for(people["staff"], 2023) is None
    assert {name: selectors.award_policy_for(user, 2025) for name, user in people.items() if name != "staff"} == {
        "staff_elsewhere": AwardPolicy.objects.get(province=elsewhere),
        "officer": None,
        "officer_elsewhere": None,
        "producer": None,
        "other_producer": None,
        "plain": None,
        "anonymous": None,
    }


# The budget overview ----------------------------------------------------------------------------------


def test_the_overview_sums_the_years_lines_per_source_and_category(people, province, producer_record, elsewhere):
    labels = BudgetLineFactory(province=province, year=2024, allocated_amount=400_000_000)
    testing = BudgetLineFactory(
        province=province,
        year=2024,
        category=SupportCategory.FOOD_SAFETY_TESTING,
        funding_source=FundingSource.CENTRAL_NTM,
        allocated_amount=80_000_000,
    )
    BudgetLineFactory(province=province, year=2023, allocated_amount=999_000_000)
    BudgetLineFactory(province=elsewhere, year=2024, category=SupportCategory.TRAINING, allocated_amount=777_000_000)
    grant = ApprovedGrantFactory(producer=producer_record, budget_line=labels, amount=20_000_000)
    DisbursementFactory(grant=grant, amount=15_000_000)
    DisbursementFactory(
        grant=ApprovedGrantFactory(producer=producer_record, budget_line=testing, amount=4_600_000), amount=1_000_000
    )

    overview = selectors.budget_overview(people["staff"], 2024)

    def money(rows):
        return [(row.key, row.allocated, row.committed, row.paid, row.remaining) for row in rows]

    assert overview.year == 2024
    assert {line.pk for line in overview.lines} == {labels.pk, testing.pk}
    assert money(overview.by_source) == [
        ("central_ntm", 80_000_000, 4_600_000, 1_000_000, 75_400_000),
        ("provincial", 400_000_000, 20_000_000, 15_000_000, 380_000_000),
    ]
    assert money(overview.by_category) == [
        ("labels_packaging", 400_000_000, 20_000_000, 15_000_000, 380_000_000),
        ("food_safety_testing", 80_000_000, 4_600_000, 1_000_000, 75_400_000),
    ]
    assert [row.label for row in overview.by_source] == [
        "Vốn sự nghiệp Chương trình MTQG xây dựng nông thôn mới (trung ương)",
        "Ngân sách tỉnh",
    ]
    assert [row.label for row in overview.by_category] == ["Tem nhãn mác, bao bì", "Kiểm nghiệm chỉ tiêu ATTP"]
    assert money([overview.total]) == [("", 480_000_000, 24_600_000, 16_000_000, 455_400_000)]


def test_the_overview_keeps_a_line_with_money_committed_but_none_allocated(people, province, producer_record):
    """A line lowered to nothing after its grant was approved still shows what it owes."""
    line = BudgetLineFactory(province=province, year=2024, allocated_amount=0, category=SupportCategory.TRADEMARK)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=5_000_000)
    BudgetLineFactory(province=province, year=2024, allocated_amount=0, category=SupportCategory.TRAINING)

    overview = selectors.budget_overview(people["staff"], 2024)

    assert [(row.key, row.committed, row.remaining) for row in overview.by_category] == [
        ("trademark", 5_000_000, -5_000_000)
    ]
    assert [row.key for row in overview.by_source] == ["provincial"]


def test_a_year_without_lines_has_an_empty_overview(people):
    overview = selectors.budget_overview(people["staff"], 2030)

    assert (overview.lines, overview.by_source, overview.by_category) == ([], [], [])
    assert (overview.total.allocated, overview.total.committed, overview.total.paid) == (0, 0, 0)


def test_a_money_row_remaining_is_allocated_less_committed():
    assert MoneyRow("provincial", "Ngân sách tỉnh", allocated=100, committed=30, paid=20).remaining == 70


# The per-category summary --------------------------------------------------------------------------------


def test_the_summary_counts_the_years_committed_grants_the_user_sees(people, province, elsewhere, producer_record):
    line = BudgetLineFactory(province=province, year=2021, category=SupportCategory.FOOD_SAFETY_TESTING)
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    other_product = f.ProductFactory(producer=producer_record, name="Trứng gà đồi")
    ApprovedGrantFactory(producer=producer_record, product=product, budget_line=line, amount=5_000_000, units=2)
    ApprovedGrantFactory(producer=producer_record, product=product, budget_line=line, amount=3_000_000, units=1)
    ApprovedGrantFactory(producer=producer_record, product=other_product, budget_line=line, amount=1_000_000, units=1)
    ApprovedGrantFactory(
        producer=producer_record, budget_line=BudgetLineFactory(province=province, year=2020), amount=9_000_000
    )
    foreign = BudgetLineFactory(province=elsewhere, year=2021, category=SupportCategory.FOOD_SAFETY_TESTING)
    ApprovedGrantFactory(producer=producer_record, budget_line=foreign, amount=70_000_000)

    rows = selectors.category_summary(people["staff"], 2021)

    assert rows == [
        CategorySummaryRow(
            category="food_safety_testing",
            label="Kiểm nghiệm chỉ tiêu ATTP",
            producers=1,
            products=2,
            units=4,
            amount=9_000_000,
        )
    ]
    assert selectors.category_summary_text(rows) == (
        f"Kiểm nghiệm chỉ tiêu ATTP: 4 sản phẩm, 9.000.000{NBSP}đ; tổng 9.000.000{NBSP}đ"
    )


def test_the_summary_follows_the_categories_order(people, province, producer_record):
    for category in (SupportCategory.TRAINING, SupportCategory.LABELS_PACKAGING, SupportCategory.TRADEMARK):
        line = BudgetLineFactory(province=province, year=2021, category=category)
        ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=1_000_000, units=3)

    rows = selectors.category_summary(people["staff"], 2021)

    assert [row.category for row in rows] == ["labels_packaging", "trademark", "training"]
    assert selectors.category_summary_text(rows) == (
        f"Tem nhãn mác, bao bì: 1 chủ thể, 1.000.000{NBSP}đ; "
        f"Quản lý nhãn hiệu: 1 chủ thể, 1.000.000{NBSP}đ; "
        f"Đào tạo, tập huấn: 3 lớp, 1.000.000{NBSP}đ; "
        f"tổng 3.000.000{NBSP}đ"
    )


def test_no_support_is_no_summary():
    assert selectors.category_summary_text([]) == ""


# Outcomes ------------------------------------------------------------------------------------------------


def test_stars_gained_are_the_rise_and_never_negative():
    assert [
        StarChange(None, None).gained,
        StarChange(3, None).gained,
        StarChange(None, 3).gained,
        StarChange(3, 4).gained,
        StarChange(4, 3).gained,
        StarChange(4, 4).gained,
    ] == [0, 0, 3, 1, 0, 0]


def test_stars_per_million_of_nothing_is_not_a_number():
    assert [
        selectors.stars_per_million(None, 10_000_000),
        selectors.stars_per_million(2, 0),
        selectors.stars_per_million(0, 10_000_000),
        selectors.stars_per_million(1, 3_000_000),
        selectors.stars_per_million(3, 1_000_000),
        selectors.stars_per_million(4, 500),
    ] == [None, None, 0.0, 0.33, 3.0, 8000.0]


def test_the_years_outcome_adds_up_the_producers_rows(producer_record, other_producer_record):
    def row(producer, amount, gained):
        return OutcomeRow(
            producer=producer,
            amount=amount,
            first_decision_date=datetime.date(2024, 4, 1),
            stars_before=None,
            stars_after=gained,
            stars_gained=gained,
        )

    rows = [
        row(producer_record, 25_000_000, 3),
        row(other_producer_record, 10_000_000, 0),
        row(producer_record, 15_000_000, None),
    ]

    totals = selectors.outcome_totals(rows)

    assert (totals.producers, totals.amount, totals.stars_gained, totals.producers_gained) == (3, 50_000_000, 3, 1)
    assert totals.stars_per_million == 0.06
    assert rows[0].stars_per_million == 0.12


def _certificate(valid_from, valid_until, revoked_on=None, superseded_from=None):
    """What `_in_force_on` reads of a certificate: its dates, its revocation decision's and its
    successor's."""
    return SimpleNamespace(
        valid_from=valid_from,
        valid_until=valid_until,
        revocation_decision_id=1 if revoked_on else None,
        revocation_decision=SimpleNamespace(date=revoked_on) if revoked_on else None,
        superseded_by_id=2 if superseded_from else None,
        superseded_by=SimpleNamespace(valid_from=superseded_from) if superseded_from else None,
    )


def test_a_certificate_is_in_force_from_its_first_to_its_last_day():
    certificate = _certificate(datetime.date(2021, 4, 1), datetime.date(2024, 3, 31))

    assert [
        _in_force_on(certificate, day)
        for day in (
            datetime.date(2021, 3, 31),
            datetime.date(2021, 4, 1),
            datetime.date(2024, 3, 31),
            datetime.date(2024, 4, 1),
        )
    ] == [False, True, True, False]


def test_a_certificate_is_no_longer_in_force_from_the_day_it_is_revoked_or_superseded():
    start, end = datetime.date(2021, 4, 1), datetime.date(2024, 3, 31)
    day = datetime.date(2023, 6, 1)

    assert [
        _in_force_on(_certificate(start, end, revoked_on=day), day),
        _in_force_on(_certificate(start, end, revoked_on=day + datetime.timedelta(days=1)), day),
        _in_force_on(_certificate(start, end, superseded_from=day), day),
        _in_force_on(_certificate(start, end, superseded_from=day + datetime.timedelta(days=1)), day),
    ] == [False, True, False, True]


def test_the_years_outcome_lists_the_most_supported_first_then_by_producer(people, province, commune):
    line = BudgetLineFactory(province=province, year=2024)
    earlier_year = BudgetLineFactory(province=province, year=2023)
    supported = [f.ProducerFactory(commune=commune, name=f"HTX Nông sản Đồng Tiến {n}") for n in range(5)]
    for producer in reversed(supported):
        ApprovedGrantFactory(producer=producer, budget_line=line, amount=10_000_000)
    ApprovedGrantFactory(producer=supported[3], budget_line=line, amount=2_000_000)
    ApprovedGrantFactory(producer=supported[0], budget_line=earlier_year, amount=50_000_000)

    rows = selectors.support_outcomes(people["staff"], 2024)

    assert [(row.producer, row.amount) for row in rows] == [
        (supported[3], 12_000_000),
        *((producer, 10_000_000) for producer in supported[:3]),
        (supported[4], 10_000_000),
    ]


def test_a_producer_supported_without_a_decision_date_has_no_star_change(people, province, producer_record):
    line = BudgetLineFactory(province=province, year=2024)
    ApprovedGrantFactory(producer=producer_record, budget_line=line, amount=10_000_000, decision_date=None)

    (row,) = selectors.support_outcomes(people["staff"], 2024)

    assert (row.producer, row.first_decision_date, row.stars_before, row.stars_after, row.stars_gained) == (
        producer_record,
        None,
        None,
        None,
        None,
    )


def test_the_highest_stars_count_before_and_after_the_support(producer_record):
    """Two products held (3★, then 4★) and two recognised after the support (3★, then 4★): the
    highest of each, 4 and 4."""
    supported_on = datetime.date(2024, 4, 1)
    issue(f.ProductFactory(producer=producer_record, name="Gà đồi"), stars=3, on=datetime.date(2022, 6, 1))
    issue(f.ProductFactory(producer=producer_record, name="Trứng gà đồi"), stars=4, on=datetime.date(2023, 6, 1))
    issue(f.ProductFactory(producer=producer_record, name="Gà ủ muối"), stars=3, on=datetime.date(2024, 6, 1))
    issue(f.ProductFactory(producer=producer_record, name="Chân gà sả tắc"), stars=4, on=datetime.date(2024, 10, 1))

    assert selectors.star_changes_since({producer_record.pk: supported_on}) == {
        producer_record.pk: StarChange(before=4, after=4)
    }
