"""The certificate reads, as the pages use them (docs/mutation.md): who sees which certificate
(each role, and the same role of another province), newest first; the registry's certificate
history with what the user may open; the register's filters; the detail page's history, notices
and renewals in order; the producer's own certificates; the renewal deadline and the next step
told to the producer on each side of it; the misuse reports of the staff's own province; and the
public pages: a certificate by QR code or number, the products in force with their filters, the
provinces and districts that have one, and the revocation list."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DossierKind, DossierState
from evaluation.models import Certificate, CertificateEvent, CertificateNotice, Dossier, MisuseReport
from evaluation.selectors.certificates import (
    certificate_detail_for,
    certificate_history,
    certificate_next_step,
    certificate_register,
    certificates_visible_to,
    misuse_reports_visible_to,
    own_certificates,
    public_certificate_by_code,
    public_certificate_by_number,
    public_certificate_for_report,
    public_certified_products,
    public_districts,
    public_provinces,
    public_revoked_certificates,
    renewal_deadline,
)
from evaluation.tests.factories import DossierFactory
from ocop_portal.testing import factories as f
from products.models import Product

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db

D = datetime.date


def _numbers(queryset):
    return [certificate.number for certificate in queryset]


def _set_status(certificate, status, **fields):
    """A status the daily refresh or a revocation would have written (saved through the model,
    so the product's standing follows)."""
    certificate.status = status
    for name, value in fields.items():
        setattr(certificate, name, value)
    certificate.save()
    return certificate


@pytest.fixture
def province_b():
    """Province B with a district, a commune and a producer of its own, each with a certificate."""
    province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    district = f.DistrictFactory(parent=province, code="256", name="Huyện Yên Phong")
    commune = f.CommuneFactory(parent=district, code="09193", name="Xã Đông Phong")
    producer_record = f.ProducerFactory(commune=commune, name="HTX Yên Phong")
    certificate = issue(product_of(producer_record, "Gà Yên Phong"), on=D(2026, 7, 1))
    producer_user = f.UserFactory(username="producer-bn")
    f.ProducerMembershipFactory(user=producer_user, producer=producer_record)
    return {
        "province": province,
        "district": district,
        "certificate": certificate,
        "staff": f.UserFactory(username="staff-bn", staff_province=province),
        "district_officer": f.UserFactory(username="officer-bn", officer_district=district),
        "commune_officer": f.UserFactory(username="xa-bn", officer_commune=commune),
        "producer": producer_user,
    }


@pytest.fixture
def certificates(producer_record, other_producer_record, sibling_commune):
    """Province A: the producer's two certificates (an older one and a newer one), one of a
    producer in a sibling commune of the same district, one in the other district."""
    neighbour = f.ProducerFactory(commune=sibling_commune, name="HTX Canh Nậu")
    return {
        "older": issue(product_of(producer_record, "Gà đồi Yên Thế"), on=D(2026, 3, 2)),
        "newer": issue(product_of(producer_record, "Trứng gà Yên Thế"), stars=4, on=D(2026, 6, 5)),
        "sibling": issue(product_of(neighbour, "Chè Canh Nậu"), on=D(2026, 5, 4)),
        "elsewhere": issue(product_of(other_producer_record, "Vải thiều Lục Ngạn"), on=D(2026, 4, 3)),
    }


# Who sees which certificate ----------------------------------------------------------------------


def test_each_role_sees_the_certificates_of_its_own_scope_newest_first(
    certificates, province_b, province_staff, district_officer, commune_officer, producer, plain_user
):
    older, newer, sibling, elsewhere = (certificates[k] for k in ("older", "newer", "sibling", "elsewhere"))

    assert _numbers(certificates_visible_to(province_staff)) == _numbers([newer, sibling, elsewhere, older])
    assert _numbers(certificates_visible_to(district_officer)) == _numbers([newer, sibling, older])
    assert _numbers(certificates_visible_to(commune_officer)) == _numbers([newer, older])
    assert _numbers(certificates_visible_to(producer)) == _numbers([newer, older])
    assert list(certificates_visible_to(plain_user)) == []
    assert list(certificates_visible_to(AnonymousUser())) == []
    superuser = f.UserFactory(username="root", is_superuser=True)
    assert certificates_visible_to(superuser).count() == 5


def test_the_same_role_in_another_province_sees_none_of_province_as_certificates(certificates, province_b):
    ours = {c.pk for c in certificates.values()}
    for role in ("staff", "district_officer", "commune_officer", "producer"):
        seen = set(certificates_visible_to(province_b[role]).values_list("pk", flat=True))
        assert seen == {province_b["certificate"].pk}, role
        assert not seen & ours, role


def test_a_user_holding_several_roles_sees_the_union(certificates, district, other_commune, producer_record):
    user = f.UserFactory(username="hai-vai", officer_commune=other_commune)
    f.ProducerMembershipFactory(user=user, producer=producer_record)

    assert set(certificates_visible_to(user)) == {
        certificates["older"],
        certificates["newer"],
        certificates["elsewhere"],
    }


def test_each_role_a_user_holds_adds_to_what_they_see(certificates, province_b, district, other_commune):
    # staff of province B who is also the officer of district A; the officer of district A who is
    # also the officer of a commune of the other district
    staff_and_officer = f.UserFactory(
        username="so-va-huyen", staff_province=province_b["province"], officer_district=district
    )
    officer_and_commune = f.UserFactory(
        username="huyen-va-xa", officer_district=district, officer_commune=other_commune
    )
    in_district = {certificates["older"], certificates["newer"], certificates["sibling"]}

    assert set(certificates_visible_to(staff_and_officer)) == {province_b["certificate"], *in_district}
    assert set(certificates_visible_to(officer_and_commune)) == {certificates["elsewhere"], *in_district}


def test_certificates_of_one_day_list_the_latest_issued_first(producer_record, producer):
    first = issue(product_of(producer_record, "Gà đồi Yên Thế"), on=D(2026, 7, 10))
    second = issue(product_of(producer_record, "Trứng gà Yên Thế"), on=D(2026, 7, 10))

    assert list(certificates_visible_to(producer)) == [second, first]
    assert list(own_certificates(producer)) == [second, first]


def test_the_certificate_list_loads_its_rows_in_one_query(certificates, province_staff, django_assert_num_queries):
    with django_assert_num_queries(2):  # the carried-provinces subquery is part of the one query
        rows = [
            (c.product.product_set.group.name, c.producer.name, c.district.name, c.decision.number)
            for c in certificates_visible_to(province_staff)
        ]
    assert len(rows) == 4


# The registry's history panel -------------------------------------------------------------------


def test_the_history_lists_the_visible_products_certificates_and_what_the_user_may_open(
    producer_record, other_commune, commune_officer, django_assert_num_queries
):
    # A product the commune's producer makes in another commune: the commune officer sees the
    # product (its producer is theirs) but not its certificate, which is the other commune's.
    here = issue(product_of(producer_record, "Gà đồi Yên Thế"), on=D(2026, 3, 2))
    there_product = f.ProductFactory(producer=producer_record, name="Vải Lục Ngạn", commune=other_commune)
    there = issue(there_product, on=D(2026, 6, 5))
    _set_status(here, S.EXPIRED)
    # entered later: one of the same day as `there`, one of the year before
    same_day = issue(product_of(producer_record, "Trứng gà Yên Thế"), on=D(2026, 6, 5))
    last_year = issue(product_of(producer_record, "Mật ong Yên Thế"), on=D(2025, 9, 1))

    with django_assert_num_queries(2):  # whether the user is a producer's, then the rows with their products
        rows = [
            (c.product.name, c.linkable, c.in_force)
            for c in certificate_history(commune_officer, producer=producer_record)
        ]
    assert rows == [
        ("Trứng gà Yên Thế", True, True),
        ("Vải Lục Ngạn", False, True),
        ("Gà đồi Yên Thế", True, False),
        ("Mật ong Yên Thế", True, True),
    ]
    assert [c.number for c in certificate_history(commune_officer, product=here.product)] == [here.number]
    assert (same_day.valid_from, last_year.number) == (there.valid_from, "OCOP-24-2025-0001")


def test_the_history_shows_nothing_of_a_producer_outside_the_users_scope(certificates, other_producer_record, producer):
    assert list(certificate_history(producer, producer=other_producer_record)) == []
    assert [c.number for c in certificate_history(producer, product=certificates["older"].product)] == [
        certificates["older"].number
    ]


# The register's filters -------------------------------------------------------------------------


def test_the_register_narrows_by_status_stars_district_year_and_search(
    certificates, province_staff, other_district, producer_record
):
    older, newer, sibling, elsewhere = (certificates[k] for k in ("older", "newer", "sibling", "elsewhere"))
    last_year = issue(product_of(producer_record, "Mật ong Yên Thế"), on=D(2025, 9, 1))
    _set_status(older, S.EXPIRING)

    assert set(certificate_register(province_staff)) == {older, newer, sibling, elsewhere, last_year}
    assert set(certificate_register(province_staff, status=S.EXPIRING)) == {older}
    assert set(certificate_register(province_staff, stars=4)) == {newer}
    assert set(certificate_register(province_staff, district=other_district)) == {elsewhere}
    assert set(certificate_register(province_staff, year=2025)) == {last_year}
    assert set(certificate_register(province_staff, search="trứng")) == {newer}
    assert set(certificate_register(province_staff, search="canh nậu")) == {sibling}  # the producer's name
    assert set(certificate_register(province_staff, search=elsewhere.number)) == {elsewhere}
    assert set(certificate_register(province_staff, status=S.VALID, stars=3, year=2026)) == {sibling, elsewhere}


# The detail page -------------------------------------------------------------------------------


@freeze_time("2026-07-15 03:00")
def test_the_detail_page_reads_history_notices_and_renewals_in_order(producer_record, producer):
    certificate = issue(product_of(producer_record), on=D(2026, 3, 2))
    CertificateEvent.objects.create(certificate=certificate, date=D(2026, 1, 5), to_status=S.VALID, reason="Trước")
    CertificateNotice.objects.create(certificate=certificate, kind="expired", sent_on=D(2026, 6, 1))
    CertificateNotice.objects.create(certificate=certificate, kind="30", sent_on=D(2026, 5, 1))
    returned = DossierFactory(
        product=certificate.product,
        kind=DossierKind.REEVALUATION,
        renews_certificate=certificate,
        state=DossierState.RETURNED,
    )
    withdrawn = DossierFactory(
        product=certificate.product,
        kind=DossierKind.REEVALUATION,
        renews_certificate=certificate,
        state=DossierState.WITHDRAWN,
    )

    Dossier.objects.filter(pk=returned.pk).update(created_at=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC))
    Dossier.objects.filter(pk=withdrawn.pk).update(created_at=datetime.datetime(2026, 7, 2, tzinfo=datetime.UTC))

    detail = certificate_detail_for(producer).get(pk=certificate.pk)
    assert [(e.date, e.reason == "Trước") for e in detail.events.all()] == [
        (D(2026, 1, 5), True),
        (D(2026, 3, 2), False),
    ]
    assert [n.sent_on for n in detail.notices.all()] == [D(2026, 5, 1), D(2026, 6, 1)]
    assert [d.pk for d in detail.renewal_dossiers.all()] == [withdrawn.pk, returned.pk]
    assert [d.pk for d in detail.open_renewals] == [returned.pk]


def test_the_detail_page_lists_the_certificates_it_replaced_newest_first(producer_record, producer):
    product = product_of(producer_record)
    first = issue(product, on=D(2024, 3, 2))
    second = issue(product, stars=3, on=D(2025, 3, 2), kind=DossierKind.REEVALUATION, renews=first)
    # A hand-made chain, as a province that recognised twice on one day left it: both replaced.
    third = issue(product, stars=4, on=D(2026, 3, 2), kind=DossierKind.UPGRADE, renews=second)
    Certificate.objects.filter(pk=first.pk).update(superseded_by=third)

    detail = certificate_detail_for(producer).get(pk=third.pk)
    assert list(detail.supersedes.all()) == [second, first]
    assert certificate_detail_for(f.UserFactory(username="khach")).filter(pk=third.pk).exists() is False


def test_the_detail_page_reads_everything_in_a_fixed_number_of_queries(
    producer_record, producer, province_staff, django_assert_num_queries
):
    from evaluation.tests.test_certificates_services import revocation_decision

    product = product_of(producer_record)
    first = issue(product, on=D(2024, 3, 2))
    second = issue(product, stars=4, on=D(2025, 3, 2), kind=DossierKind.UPGRADE, renews=first)
    _set_status(second, S.REVOKED, revocation_decision=revocation_decision(second.province, on=D(2026, 1, 5)))
    for state in (DossierState.DRAFT, DossierState.SUBMITTED):
        DossierFactory(product=product, kind=DossierKind.REEVALUATION, renews_certificate=second, state=state)
    CertificateNotice.objects.create(certificate=second, kind="30", sent_on=D(2025, 12, 1))
    producer.producer_membership  # noqa: B018 (the request's user arrives with it loaded)

    def page(pk):
        with django_assert_num_queries(6):  # the certificate, then its events, notices, renewals, older, open
            c = certificate_detail_for(producer).get(pk=pk)
            return (
                c.superseded_by and c.superseded_by.number,
                c.revocation_decision and c.revocation_decision.number,
                c.framework.code,
                [(e.to_status, e.decision and e.decision.number) for e in c.events.all()],
                [n.kind for n in c.notices.all()],
                [(d.state, d.round.year) for d in c.renewal_dossiers.all()],
                [(d.state, d.round.year) for d in c.open_renewals],
                [older.number for older in c.supersedes.all()],
            )

    shown = page(second.pk)
    assert shown[1] == "12/QĐ-UBND" and shown[7] == [first.number]
    assert sorted(shown[6]) == [(DossierState.DRAFT, 2026), (DossierState.SUBMITTED, 2026)]
    assert page(first.pk)[0] == second.number
    with django_assert_num_queries(2):  # the producer's list with successors, then the open renewals
        [(c.superseded_by and c.superseded_by.number, c.decision.number) for c in own_certificates(producer)]


# The producer's own certificates ---------------------------------------------------------------


def test_own_certificates_are_the_producers_only_newest_first(
    certificates, producer_record, producer, other_producer, province_staff
):
    last_year = issue(product_of(producer_record, "Mật ong Yên Thế"), on=D(2025, 9, 1))  # entered last
    assert list(own_certificates(producer)) == [certificates["newer"], certificates["older"], last_year]
    assert list(own_certificates(other_producer)) == [certificates["elsewhere"]]
    assert list(own_certificates(province_staff)) == []
    assert list(own_certificates(AnonymousUser())) == []


def test_own_certificates_carry_their_open_renewals(certificates, producer):
    older = certificates["older"]
    draft = DossierFactory(
        product=older.product, kind=DossierKind.REEVALUATION, renews_certificate=older, state=DossierState.DRAFT
    )
    DossierFactory(
        product=older.product, kind=DossierKind.REEVALUATION, renews_certificate=older, state=DossierState.DECIDED
    )

    rows = {c.pk: c for c in own_certificates(producer)}
    assert [d.pk for d in rows[older.pk].open_renewals] == [draft.pk]
    assert rows[certificates["newer"].pk].open_renewals == []


# The renewal deadline and the next step ---------------------------------------------------------


def test_the_renewal_deadline_is_sixty_days_before_the_expiry_unless_set(settings):
    del settings.OCOP_RENEWAL_LEAD_DAYS
    assert renewal_deadline(D(2029, 7, 10)) == D(2029, 5, 11)
    settings.OCOP_RENEWAL_LEAD_DAYS = 90
    assert renewal_deadline(D(2029, 7, 10)) == D(2029, 4, 11)


@pytest.fixture
def in_force(producer_record):
    """Valid until 10/07/2029: the renewal deadline is 11/05/2029."""
    return issue(product_of(producer_record), on=D(2026, 7, 10))


def _step(certificate, today):
    step = certificate_next_step(certificate, today)
    return step.text, step.tone


def test_up_to_the_deadline_day_the_producer_is_told_to_file_before_it(in_force, settings):
    settings.OCOP_RENEWAL_LEAD_DAYS = 60
    assert in_force.valid_until == D(2029, 7, 10)
    assert _step(in_force, D(2029, 5, 11)) == ("Nộp hồ sơ đánh giá lại trước 11/05/2029", "secondary")
    _set_status(in_force, S.EXPIRING)
    assert _step(in_force, D(2029, 5, 11)) == ("Nộp hồ sơ đánh giá lại trước 11/05/2029", "warning")
    assert _step(in_force, D(2029, 5, 12)) == (
        "Đã quá thời hạn khuyến nghị: nộp hồ sơ đánh giá lại ngay, trước khi hết hạn ngày 10/07/2029",
        "danger",
    )


def test_a_revoked_or_expired_certificate_says_to_stop_using_the_mark(in_force):
    _set_status(in_force, S.EXPIRED)
    assert _step(in_force, D(2029, 7, 11)) == (
        "Đã hết hạn: ngừng sử dụng nhãn OCOP và nộp hồ sơ đánh giá lại để được công nhận lại.",
        "danger",
    )
    _set_status(in_force, S.REVOKED)
    assert _step(in_force, D(2029, 7, 11)) == (
        "Giấy chứng nhận đã bị thu hồi: ngừng sử dụng nhãn OCOP trên sản phẩm.",
        "danger",
    )


def test_a_superseded_certificate_names_its_successor(in_force, producer_record):
    newer = issue(in_force.product, stars=4, on=D(2027, 8, 1), kind=DossierKind.UPGRADE, renews=in_force)
    in_force.refresh_from_db()
    assert _step(in_force, D(2027, 8, 2)) == (
        f"Đã được thay thế bởi giấy chứng nhận {newer.number}: dùng mã QR mới.",
        "info",
    )
    orphan = _set_status(in_force, S.SUPERSEDED, superseded_by=None)
    assert _step(orphan, D(2027, 8, 2)) == ("Đã được thay thế bởi giấy chứng nhận : dùng mã QR mới.", "info")


@pytest.mark.parametrize(
    ("states", "says", "tone"),
    [
        (
            (DossierState.DRAFT,),
            "Hồ sơ đánh giá lại đang soạn, chưa nộp: hoàn thiện và nộp trước 11/05/2029.",
            "warning",
        ),
        (
            (DossierState.DRAFT, DossierState.RETURNED),
            "Hồ sơ đánh giá lại bị trả lại: bổ sung và nộp lại, hạn khuyến nghị 11/05/2029.",
            "warning",
        ),
        ((DossierState.DRAFT, DossierState.SUBMITTED), "Hồ sơ đánh giá lại đã nộp và đang được xử lý.", "info"),
    ],
)
def test_an_open_renewal_decides_the_next_step(in_force, producer, settings, states, says, tone):
    settings.OCOP_RENEWAL_LEAD_DAYS = 60
    for state in states:
        DossierFactory(
            product=in_force.product, kind=DossierKind.REEVALUATION, renews_certificate=in_force, state=state
        )
    certificate = own_certificates(producer).get(pk=in_force.pk)
    # the same answer on the deadline, after it, and once the certificate has expired
    assert _step(certificate, D(2029, 5, 11)) == (says, tone)
    assert _step(certificate, D(2029, 6, 1)) == (says, tone)
    _set_status(in_force, S.EXPIRED)
    assert _step(own_certificates(producer).get(pk=in_force.pk), D(2029, 7, 20)) == (says, tone)


# Misuse reports ---------------------------------------------------------------------------------


def _report(certificate, message="Nhãn OCOP dán trên sản phẩm khác", **fields):
    return MisuseReport.objects.create(certificate=certificate, code=certificate.public_code, message=message, **fields)


def test_misuse_reports_reach_the_staff_of_the_certificates_province_only(
    certificates, province_b, province_staff, district_officer, producer
):
    ours = [_report(certificates["older"]), _report(certificates["elsewhere"], message="Bán hàng giả")]
    theirs = _report(province_b["certificate"])

    assert list(misuse_reports_visible_to(province_staff)) == [ours[1], ours[0]]
    assert list(misuse_reports_visible_to(province_b["staff"])) == [theirs]
    for user in (district_officer, producer, province_b["district_officer"], province_b["producer"], AnonymousUser()):
        assert list(misuse_reports_visible_to(user)) == []
    superuser = f.UserFactory(username="root", is_superuser=True)
    assert set(misuse_reports_visible_to(superuser)) == {*ours, theirs}


def test_misuse_reports_list_the_latest_received_first_with_their_product_in_one_query(
    certificates, province_staff, django_assert_num_queries
):
    from django.utils import timezone

    first, second, third = (_report(certificates[k]) for k in ("older", "newer", "sibling"))
    noon = timezone.make_aware(datetime.datetime(2026, 7, 20, 12))
    MisuseReport.objects.filter(pk=first.pk).update(created_at=noon + datetime.timedelta(hours=2))
    MisuseReport.objects.filter(pk__in=[second.pk, third.pk]).update(created_at=noon)  # sent at one instant

    with django_assert_num_queries(1):
        rows = [
            (r.pk, r.certificate.number, r.certificate.product.name) for r in misuse_reports_visible_to(province_staff)
        ]
    assert [row[0] for row in rows] == [first.pk, third.pk, second.pk]
    assert rows[0][2] == "Gà đồi Yên Thế"


def test_misuse_reports_of_a_carried_province_reach_the_province_it_joined(certificates, province, province_staff):
    merged = f.ProvinceFactory(code="20", name="Tỉnh Lạng Sơn cũ", carried_into=province)
    district = f.DistrictFactory(parent=merged, code="178", name="Huyện Cao Lộc")
    commune = f.CommuneFactory(parent=district, code="06007", name="Xã Hợp Thành")
    old = issue(product_of(f.ProducerFactory(commune=commune, name="HTX Hồi Cao Lộc"), "Hoa hồi"), on=D(2025, 1, 6))
    report = _report(old)

    assert report in misuse_reports_visible_to(province_staff)
    assert old in certificates_visible_to(province_staff)


# Public pages ----------------------------------------------------------------------------------


def test_a_certificate_is_found_by_its_code_or_its_number_in_any_case(certificates):
    older = certificates["older"]

    assert public_certificate_by_code(older.public_code) == older
    assert public_certificate_for_report(older.public_code) == older
    assert public_certificate_by_code("KHONGCO") is None
    assert public_certificate_for_report("KHONGCO") is None
    assert public_certificate_by_number(f"  {older.number.lower()} ") == older
    assert public_certificate_by_number("OCOP-00-0000-0000") is None


def test_the_public_certificate_loads_with_its_history_in_two_queries(certificates, django_assert_num_queries):
    code = certificates["older"].public_code
    with django_assert_num_queries(2):
        certificate = public_certificate_by_code(code)
        shown = (
            certificate.product.product_set.group.name,
            certificate.producer.commune.name,
            certificate.district.name,
            certificate.decision.number,
            [(e.to_status, e.decision and e.decision.number) for e in certificate.events.all()],
        )
    assert shown[4] == [(S.VALID, certificates["older"].decision.number)]
    with django_assert_num_queries(1):
        assert public_certificate_for_report(code).product.name == "Gà đồi Yên Thế"


def test_the_public_list_shows_products_in_force_in_vietnamese_order(
    certificates, province_b, django_assert_num_queries
):
    _set_status(certificates["sibling"], S.EXPIRING)
    _set_status(certificates["elsewhere"], S.EXPIRED)
    _set_status(province_b["certificate"], S.EXTENDED)

    with django_assert_num_queries(1):  # a card shows the group, the producer and the district
        cards = [
            (c.product.product_set.group.name, c.producer.name, c.district.name) for c in public_certified_products()
        ]
    assert cards[0] == ("Thực phẩm", "HTX Canh Nậu", "Huyện Yên Thế")
    assert [c.product.name for c in public_certified_products()] == [
        "Chè Canh Nậu",
        "Gà đồi Yên Thế",
        "Gà Yên Phong",
        "Trứng gà Yên Thế",
    ]


def test_certificates_of_products_named_alike_are_listed_in_issue_order(producer_record, other_producer_record):
    first = issue(product_of(producer_record, "Gà đồi"), on=D(2026, 6, 5))
    second = issue(product_of(other_producer_record, "Gà đồi"), on=D(2026, 3, 2))

    assert list(public_certified_products()) == [first, second]


def test_the_public_list_narrows_by_search_province_district_group_and_stars(
    certificates, province_b, province, district, other_district
):
    older, newer, sibling, elsewhere = (certificates[k] for k in ("older", "newer", "sibling", "elsewhere"))
    group = newer.product.product_set.group
    other_set = f.ProductSetFactory(
        code="05", name="Đồ uống có cồn", group=f.ProductGroupFactory(code="II", name="Đồ uống", order=2)
    )
    Product.objects.filter(pk=older.product_id).update(product_set=other_set)

    assert set(public_certified_products(search="trứng")) == {newer}
    assert set(public_certified_products(search="htx canh")) == {sibling}  # the producer's name
    assert set(public_certified_products(search="yên")) == {older, newer, province_b["certificate"]}
    assert set(public_certified_products(province=province)) == {older, newer, sibling, elsewhere}
    assert set(public_certified_products(province=province_b["province"])) == {province_b["certificate"]}
    assert set(public_certified_products(district=other_district)) == {elsewhere}
    assert older not in set(public_certified_products(group=group))
    assert newer in set(public_certified_products(group=group))
    assert set(public_certified_products(stars=4)) == {newer}
    assert set(public_certified_products(province=province, district=district, stars=3)) == {older, sibling}


def test_the_public_filter_offers_places_with_a_product_in_force_in_vietnamese_order(
    certificates, province_b, province, other_district
):
    f.ProvinceFactory(code="30", name="Tỉnh Hải Dương")  # nothing certified there
    f.DistrictFactory(parent=province, code="221", name="Huyện Sơn Động")  # nor there
    _set_status(certificates["elsewhere"], S.REVOKED)
    # entered last, first by name: An Giang before Bắc Giang, Hiệp Hòa before Yên Thế
    an_giang = f.CommuneFactory(
        parent=f.DistrictFactory(parent=f.ProvinceFactory(code="89", name="Tỉnh An Giang"), code="883"), code="30280"
    )
    issue(product_of(f.ProducerFactory(commune=an_giang, name="HTX Mắm Châu Đốc"), "Mắm cá linh"), on=D(2026, 5, 2))
    hiep_hoa = f.CommuneFactory(parent=f.DistrictFactory(parent=province, code="222", name="Huyện Hiệp Hòa"))
    issue(
        product_of(f.ProducerFactory(commune=hiep_hoa, name="HTX Hiệp Hòa"), "Gạo nếp cái hoa vàng"), on=D(2026, 5, 2)
    )

    assert [p.name for p in public_provinces()] == ["Tỉnh An Giang", "Tỉnh Bắc Giang", "Tỉnh Bắc Ninh"]
    assert [d.name for d in public_districts(province)] == ["Huyện Hiệp Hòa", "Huyện Yên Thế"]
    assert list(public_districts(province_b["province"])) == [province_b["district"]]
    _set_status(province_b["certificate"], S.EXPIRED)
    assert province_b["province"] not in public_provinces()


def test_the_revocation_list_shows_revoked_certificates_latest_decision_first_then_by_number(
    certificates, producer_record, django_assert_num_queries
):
    from evaluation.tests.test_certificates_services import revocation_decision

    older, newer, sibling = certificates["older"], certificates["newer"], certificates["sibling"]
    # entered last, numbered first: a certificate of the year before
    last_year = issue(product_of(producer_record, "Mật ong Yên Thế"), on=D(2025, 9, 1))
    early = revocation_decision(older.province, on=D(2026, 7, 1), number="31/QĐ-UBND")
    late = revocation_decision(older.province, on=D(2026, 7, 20), number="35/QĐ-UBND")
    for certificate in (older, newer, last_year):
        _set_status(certificate, S.REVOKED, revocation_decision=early)
    _set_status(sibling, S.REVOKED, revocation_decision=late)

    with django_assert_num_queries(1):
        rows = [
            (c.number, c.product.name, c.producer.name, c.district.name, c.revocation_decision.number)
            for c in public_revoked_certificates()
        ]
    assert [row[0] for row in rows] == [sibling.number, last_year.number, older.number, newer.number]
    assert last_year.number == "OCOP-24-2025-0001"
    assert list(public_revoked_certificates(search="trứng")) == [newer]
    assert list(public_revoked_certificates(search="canh nậu")) == [sibling]
    assert list(public_revoked_certificates(search=older.number)) == [older]
