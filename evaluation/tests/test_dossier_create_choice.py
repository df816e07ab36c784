"""Issue 19, item 3: choosing a product for a new dossier. Products whose set has no sheet
published under the open round's framework are listed as not evaluable, with the fix, and cannot
be chosen; names come in Vietnamese order."""

import pytest
from django.urls import reverse

from evaluation.tests.factories import build_sheet, framework
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403 (fixtures)
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(producer_record, open_round):
    evaluable_set = f.ProductSetFactory(code="05", name="Chè và sản phẩm từ chè")
    build_sheet(framework_obj=framework("148"), product_set=evaluable_set)
    bare_set = f.ProductSetFactory(code="07", name="Thịt và sản phẩm từ thịt")
    return {
        name: f.ProductFactory(producer=producer_record, name=name, product_set=evaluable_set if ok else bare_set)
        for name, ok in [("Giò lụa", False), ("Gà đồi", False), ("Chè xanh", True), ("Chả mực", True)]
    }


def test_products_without_a_published_sheet_are_listed_disabled_with_the_fix(products, producer, client_for):
    response = client_for(producer).get(reverse("evaluation:dossier_create"))
    html = response.content.decode()
    form = response.context["form"]
    assert set(form.not_evaluable) == {products["Giò lụa"].pk, products["Gà đồi"].pk}
    select = html[html.index('name="product"') : html.index("</select>", html.index('name="product"'))]
    for name in ("Giò lụa", "Gà đồi"):
        option = select[select.index(f'value="{products[name].pk}"') :]
        option = option[: option.index("</option>")]
        assert "disabled" in option
        assert "Tỉnh cần công bố phiếu chấm cho bộ sản phẩm" in option and "Thịt và sản phẩm từ thịt" in option
    option = select[select.index(f'value="{products["Chè xanh"].pk}"') :]
    assert "disabled" not in option[: option.index("</option>")]
    assert "2 sản phẩm chưa đánh giá được" in html


def test_names_come_in_vietnamese_order(products, producer, client_for):
    form = client_for(producer).get(reverse("evaluation:dossier_create")).context["form"]
    names = [product.name for product in form.fields["product"].queryset]
    assert names == ["Chả mực", "Chè xanh", "Gà đồi", "Giò lụa"]


def test_choosing_one_anyway_says_what_to_fix_and_opens_nothing(products, producer, open_round, client_for):
    response = client_for(producer).post(
        reverse("evaluation:dossier_create"),
        {"product": products["Gà đồi"].pk, "round": open_round.pk, "kind": "new"},
    )
    assert response.status_code == 200
    assert "Tỉnh cần công bố phiếu chấm cho bộ sản phẩm" in " ".join(response.context["form"].errors["product"])
    ok = client_for(producer).post(
        reverse("evaluation:dossier_create"),
        {"product": products["Chè xanh"].pk, "round": open_round.pk, "kind": "new"},
    )
    assert ok.status_code == 302
