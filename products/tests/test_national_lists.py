"""Lists at national scale: a superuser whose deployment spans several provinces narrows by
province first (no 700-district select), and deep pages read their keys before their rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop_portal.core.collation import vi_order
from ocop_portal.testing import factories as f
from products.models import Producer, Product
from products.selectors import product_rows
from products.views.common import PAGE_SIZE, KeysFirstPaginator


@pytest.fixture
def second_province(db):
    province = f.ProvinceFactory(code="26", name="Tỉnh Phú Thọ")
    district = f.DistrictFactory(parent=province, code="227", name="Huyện Thanh Sơn")
    commune = f.CommuneFactory(parent=district, code="07999", name="Xã Thục Luyện")
    producer = f.ProducerFactory(commune=commune, name="HTX Chè Thanh Sơn")
    f.ProductFactory(producer=producer, name="Chè xanh Thanh Sơn")
    return province


def _choices(response, name):
    field = response.context["filter"].form.fields.get(name)
    return None if field is None else [label for _value, label in field.choices][1:]


@pytest.mark.django_db
@pytest.mark.parametrize("list_name", ["products:product_list", "products:producer_list"])
def test_national_superuser_chooses_a_province_before_a_district(
    list_name, superuser, client_for, product_record, second_province, district, other_district
):
    client = client_for(superuser)
    url = reverse(list_name)

    start = client.get(url)
    assert _choices(start, "province") == ["Tỉnh Bắc Giang", "Tỉnh Phú Thọ"]
    assert _choices(start, "district") is None  # left out until a province is chosen

    narrowed = client.get(url, {"province": second_province.pk})
    assert _choices(narrowed, "district") == ["Huyện Thanh Sơn"]
    names = [row.name for row in narrowed.context["page_obj"]]
    assert names == (["Chè xanh Thanh Sơn"] if list_name == "products:product_list" else ["HTX Chè Thanh Sơn"])

    by_district_only = client.get(url, {"district": district.pk})  # a link naming only a district
    assert by_district_only.context["filter"].is_valid()
    assert _choices(by_district_only, "district") == ["Huyện Yên Thế"]


@pytest.mark.django_db
def test_a_district_of_another_province_is_refused_with_the_province_chosen(
    superuser, client_for, product_record, second_province, district
):
    response = client_for(superuser).get(
        reverse("products:product_list"), {"province": second_province.pk, "district": district.pk}
    )

    assert "district" in response.context["filter"].form.errors


@pytest.mark.django_db
def test_one_province_deployments_keep_the_district_filter(superuser, province_staff, client_for, product_record):
    for user in (superuser, province_staff):
        response = client_for(user).get(reverse("products:product_list"))

        assert _choices(response, "province") is None
        assert _choices(response, "district") == ["Huyện Yên Thế"]


@pytest.mark.django_db
def test_keys_first_pages_equal_plain_slices_and_cost_the_same_on_every_page(
    province_staff, food_set, commune, client_for
):
    for number in range(2 * PAGE_SIZE + 3):
        f.ProductFactory(
            producer=f.ProducerFactory(commune=commune), name=f"Sản phẩm {number % 7}", product_set=food_set
        )
    rows = product_rows(province_staff)
    expected = list(rows.values_list("pk", flat=True))
    paginator = KeysFirstPaginator(rows, PAGE_SIZE)

    pages = [[product.pk for product in paginator.page(n)] for n in paginator.page_range]

    assert pages == [expected[i : i + PAGE_SIZE] for i in range(0, len(expected), PAGE_SIZE)]
    assert all(hasattr(product, "current_stars") for product in paginator.page(3))

    client = client_for(province_staff)
    counts = []
    for page in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("products:product_list"), {"page": page})
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
@pytest.mark.parametrize(
    ("model_rows", "index"), [("products", "product_name_trgm"), ("producers", "producer_name_trgm")]
)
def test_name_search_can_use_the_trigram_index(model_rows, index, product_record):

    model = Product if model_rows == "products" else Producer
    sql, params = model.objects.filter(name__icontains="mật ong").values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        # Only a bitmap scan is left to the planner; a btree cannot serve LIKE '%…%' as an index condition.
        for method in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert index in plan


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="INCLUDE columns exist on PostgreSQL only")
def test_a_list_pages_keys_are_read_from_the_name_index_alone(product_record, food_set):
    """The keys-first page query needs only columns the order index carries: no table visits."""
    keys = (
        Product.objects.filter(product_set__group=food_set.group, status="active")
        .order_by(*vi_order("name"), "id")
        .values_list("pk", flat=True)
    )
    sql, params = keys.query.sql_with_params()
    with connection.cursor() as cursor:
        for method in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Index Only Scan using product_vi_name_id on products_product" in plan
    assert list(keys) == [product_record.pk]


def _reads_of(queries, table):
    return sum(1 for query in queries if f'FROM "{table}"' in query["sql"])


@pytest.mark.django_db
def test_each_filter_select_reads_its_rows_once(superuser, client_for, product_record, second_province, food_set):
    """Checking the chosen value and rendering the options share one read of the rows."""
    client = client_for(superuser)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("products:product_list"),
            {"province": second_province.pk, "group": food_set.group_id, "district": "", "status": "active"},
        )

    assert response.context["filter"].is_valid()
    assert response.context["filter"].form.cleaned_data["group"] == food_set.group
    assert _reads_of(queries, "products_productgroup") == 1
    assert _reads_of(queries, "core_administrativeunit") == 2  # the provinces, that province's districts
    assert f'<option value="{food_set.group_id}" selected>' in response.content.decode()


@pytest.mark.django_db
def test_a_value_outside_the_rows_read_is_refused(superuser, client_for, product_record, second_province):
    response = client_for(superuser).get(reverse("products:product_list"), {"group": "999999", "province": "x"})

    errors = response.context["filter"].form.errors
    assert set(errors) == {"group", "province"}
    assert len(response.context["page_obj"].object_list) == 2  # both provinces: invalid filters are left out
