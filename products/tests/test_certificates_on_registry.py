"""Stars on the registry: the list column and filter, the export column, and the certificates
(and support history) on the producer and product pages. Certificates are issued the way the
portal issues them (evaluation/tests/test_certificates_helpers.py)."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.enums import DossierKind
from evaluation.tests.test_certificates_helpers import issue
from ocop_portal.testing import factories as f
from support.tests.factories import ApprovedGrantFactory, BudgetLineFactory


def _names(response):
    return [row.name for row in response.context["page_obj"]]


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.fixture
def starred(producer_record, food_set, commune):
    """Three products of the same producer: 3★ upgraded to 4★, 5★, and one never certified; a
    second producer with a 3★ product."""
    upgraded = f.ProductFactory(producer=producer_record, name="Gà đồi", product_set=food_set)
    first = issue(upgraded, stars=3, on=datetime.date(2025, 1, 10))
    issue(upgraded, stars=4, on=datetime.date(2026, 7, 10), kind=DossierKind.UPGRADE, renews=first)
    best = f.ProductFactory(producer=producer_record, name="Mật ong", product_set=food_set)
    issue(best, stars=5)
    f.ProductFactory(producer=producer_record, name="Trứng gà", product_set=food_set)
    neighbour = f.ProducerFactory(commune=commune, name="HTX Chè")
    issue(f.ProductFactory(producer=neighbour, name="Chè búp", product_set=food_set), stars=3)
    return {"upgraded": upgraded, "first": first, "neighbour": neighbour}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stars", "expected"),
    [
        ("", ["Chè búp", "Gà đồi", "Mật ong", "Trứng gà"]),
        ("3", ["Chè búp"]),
        ("4", ["Gà đồi"]),
        ("5", ["Mật ong"]),
        ("none", ["Trứng gà"]),
    ],
)
def test_product_list_filters_by_the_stars_in_force(province_staff, client_for, starred, stars, expected):
    response = client_for(province_staff).get(reverse("products:product_list"), {"stars": stars})

    assert _names(response) == expected


@pytest.mark.django_db
def test_product_list_shows_the_stars_column(district_officer, client_for, starred):
    response = client_for(district_officer).get(reverse("products:product_list"))

    assert [(row.name, row.current_stars) for row in response.context["page_obj"]] == [
        ("Chè búp", 3),
        ("Gà đồi", 4),
        ("Mật ong", 5),
        ("Trứng gà", None),
    ]
    assert 'aria-label="4 sao">★★★★</span>' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stars", "expected"),
    [
        ("3", ["HTX Chè", "HTX Gà đồi Yên Thế"]),
        ("4", ["HTX Gà đồi Yên Thế"]),
        ("5", ["HTX Gà đồi Yên Thế"]),
        ("none", ["HTX Mới"]),
    ],
)
def test_producer_list_filters_producers_having_a_product_with_at_least_n_stars(
    province_staff, client_for, commune, starred, stars, expected
):
    f.ProducerFactory(commune=commune, name="HTX Mới")

    response = client_for(province_staff).get(reverse("products:producer_list"), {"stars": stars})

    assert _names(response) == expected


@pytest.mark.django_db
def test_product_csv_export_has_the_stars_column(province_staff, client_for, starred):
    response = client_for(province_staff).get(reverse("products:product_export", args=["csv"]), {"stars": "4"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row[0], row[-1]) for row in rows] == [("Tên sản phẩm", "Hạng sao"), ("Gà đồi", "4")]


@pytest.mark.django_db
def test_producer_csv_export_has_the_best_stars_column(province_staff, client_for, starred):
    response = client_for(province_staff).get(reverse("products:producer_export", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row[0], row[-1]) for row in rows] == [
        ("Tên chủ thể", "Hạng sao cao nhất"),
        ("HTX Chè", "3"),
        ("HTX Gà đồi Yên Thế", "5"),
    ]


LISTS = [
    ("products:producer_list", None),
    ("products:product_list", None),
    ("products:producer_export", "xlsx"),
    ("products:product_export", "csv"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "file_format"), LISTS)
def test_list_with_stars_filter_costs_the_same_for_1_and_25_certified_rows(
    name, file_format, province_staff, client_for, commune, food_set
):
    client = client_for(province_staff)
    url = (reverse(name, args=[file_format]) if file_format else reverse(name)) + "?stars=3"

    def add(count):
        for _ in range(count):
            issue(f.ProductFactory(producer=f.ProducerFactory(commune=commune), product_set=food_set), stars=3)

    add(1)
    one, _ = _query_count(client, url)
    add(24)
    many, response = _query_count(client, url)

    assert many == one
    if response.context is not None and "page_obj" in response.context:
        assert len(response.context["page_obj"].object_list) == 25


@pytest.mark.django_db
def test_producer_page_lists_certificates_and_support_history(province_staff, client_for, producer_record, starred):
    line = BudgetLineFactory(province=producer_record.province, year=2025)
    grant = ApprovedGrantFactory(producer=producer_record, budget_line=line, description="Tem nhãn mác gà đồi")

    response = client_for(province_staff).get(reverse("products:producer_detail", args=[producer_record.pk]))

    assert [(c.product.name, c.stars, c.status, c.linkable) for c in response.context["certificates"]] == [
        ("Mật ong", 5, "valid", True),
        ("Gà đồi", 4, "valid", True),
        ("Gà đồi", 3, "superseded", True),
    ]
    assert list(response.context["support_grants"]) == [grant]
    page = response.content.decode()
    assert "Tem nhãn mác gà đồi" in page
    assert reverse("evaluation:certificate_detail", args=[starred["first"].pk]) in page


@pytest.mark.django_db
def test_producer_page_links_only_certificates_the_officer_may_open(
    district_officer, client_for, producer_record, other_commune, food_set
):
    """The officer sees all products of a producer of their district, but a certificate of a
    product made in another district belongs to that district's register."""
    made_elsewhere = f.ProductFactory(
        producer=producer_record, commune=other_commune, district=other_commune.parent, product_set=food_set
    )
    elsewhere = issue(made_elsewhere, stars=3)
    home = issue(f.ProductFactory(producer=producer_record, name="Gà", product_set=food_set), stars=4)

    response = client_for(district_officer).get(reverse("products:producer_detail", args=[producer_record.pk]))

    assert {c.number: c.linkable for c in response.context["certificates"]} == {
        home.number: True,
        elsewhere.number: False,
    }
    page = response.content.decode()
    assert reverse("evaluation:certificate_detail", args=[home.pk]) in page
    assert reverse("evaluation:certificate_detail", args=[elsewhere.pk]) not in page


@pytest.mark.django_db
def test_producer_page_query_count_does_not_grow_with_certificates_and_grants(
    producer, client_for, producer_record, food_set
):
    client = client_for(producer)
    url = reverse("products:producer_detail", args=[producer_record.pk])
    line = BudgetLineFactory(province=producer_record.province, year=2025)

    def add(count):
        for _ in range(count):
            product = f.ProductFactory(producer=producer_record, product_set=food_set)
            issue(product, stars=3)
            ApprovedGrantFactory(producer=producer_record, product=product, budget_line=line)

    add(1)
    client.get(url)  # warms the content-type cache the audit trail uses
    one, _ = _query_count(client, url)
    add(4)
    many, response = _query_count(client, url)

    assert many == one
    assert len(response.context["certificates"]) == 5


@pytest.mark.django_db
def test_product_page_shows_current_stars_and_certificate_history(producer, client_for, starred):
    response = client_for(producer).get(reverse("products:product_detail", args=[starred["upgraded"].pk]))

    assert [(c.stars, c.status) for c in response.context["certificates"]] == [(4, "valid"), (3, "superseded")]
    assert response.context["certificate_in_force"].stars == 4
    assert 'aria-label="4 sao">★★★★</span>' in response.content.decode()


@pytest.mark.django_db
def test_product_page_without_certificate_says_so(producer, client_for, product_record):
    response = client_for(producer).get(reverse("products:product_detail", args=[product_record.pk]))

    assert (response.context["certificates"], response.context["certificate_in_force"]) == ([], None)
    assert "Chưa có giấy chứng nhận còn hiệu lực" in response.content.decode()
