"""A QĐ 26/2026 dossier's page shows forms 01 and 02 as its registration, not the QĐ 148
registration sheet left empty beside them; a QĐ 148 dossier keeps its sheet."""

import pytest
from django.urls import reverse

from evaluation.enums import Level
from evaluation.tests.factories import DossierFactory, RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("code", "level", "shown"), [("26/2026", Level.COMMUNE, False), ("148", Level.DISTRICT, True)])
def test_the_registration_sheet_is_shown_under_its_own_framework_only(
    client_for, producer, producer_record, province, code, level, shown
):
    framework = load_framework(code)
    product = f.ProductFactory(producer=producer_record)
    build_sheet(framework_obj=framework, product_set=product.product_set)
    round_ = RoundFactory(framework=framework, province=province)
    dossier = DossierFactory(product=product, round=round_, current_level=level, created_by=producer)
    page = client_for(producer).get(reverse("evaluation:dossier_detail", args=[dossier.pk])).content.decode()
    assert ('id="registration-heading"' in page, 'id="official-forms"' in page) == (shown, not shown)
