"""The QĐ 26/2026 filing through the API: the producer saves forms 01 and 02 and submits, the
commune writes form 03 and sends the request to the province — the pages' services, scope and
errors."""

import pytest

from evaluation.enums import DossierState, Level
from evaluation.models import Dossier
from evaluation.tests.factories import DossierFactory, RoundFactory, build_sheet
from evaluation.tests.factories import framework as load_framework
from evaluation.tests.test_dossiers_fixtures import FORM01, FORM02, answer_everything, attach_evidence
from evaluation.tests.test_filing_commune import FORM03
from ocop_portal.testing import factories as f

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def filing(producer_record, province, producer):
    framework = load_framework("26/2026")
    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    build_sheet(framework_obj=framework, product_set=product.product_set)
    round_ = RoundFactory(framework=framework, province=province, year=2026, number=5)
    dossier = DossierFactory(product=product, round=round_, current_level=Level.COMMUNE, created_by=producer)
    answer_everything(dossier)
    attach_evidence(dossier, producer)
    return dossier


def test_the_whole_filing_and_the_commune_step_through_the_api(filing, producer, commune_officer, api, province):
    url = f"/api/v1/dossier-filings/{filing.pk}/"
    client = api(producer)
    read = ok(client.get(url))
    assert read["registration_number"] == "" and "Mẫu số 01: chưa điền “Tên đơn vị”." in read["missing"]
    saved = ok(client.patch(url, {"version": read["version"], "form01": FORM01, "form02": FORM02}, format="json"))
    assert (saved["form01"]["samples"], saved["form02"]["rep_sex"], saved["missing"]) == (5, "Nữ", [])
    ok(client.post(f"/api/v1/dossiers/{filing.pk}/submit/"))
    filed = ok(client.get(url))
    assert filed["registration_number"] == f"01/PĐK-{province.code}-07243-2026"
    assert [c["number"] for c in filed["copies"]] == [1] and len(filed["copies"][0]["sha256"]) == 64

    commune = api(commune_officer)
    draft = ok(commune.post(f"{url}form-03/", {"local_materials": FORM03["local_materials"]}, format="json"))
    assert draft["form03"] == {"local_materials": FORM03["local_materials"]}
    refused = commune.post(f"{url}form-03/", {"send": True}, format="json")
    assert refused.status_code == 400 and "Mẫu số 03: chưa viết" in str(refused.json())
    assert Dossier.objects.get(pk=filing.pk).state == DossierState.SUBMITTED
    ok(commune.post(f"{url}form-03/", {**FORM03, "send": True, "note": "Đủ hồ sơ"}, format="json"))
    dossier = Dossier.objects.get(pk=filing.pk)
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.PROVINCE)


def test_a_stale_version_is_a_conflict_and_writes_nothing(filing, producer, api):
    response = api(producer).patch(
        f"/api/v1/dossier-filings/{filing.pk}/", {"version": 99, "form01": {"unit_name": "Khác"}}, format="json"
    )
    assert response.status_code == 409
    assert not ok(api(producer).get(f"/api/v1/dossier-filings/{filing.pk}/"))["form01"]


def test_bad_input_is_a_400(filing, producer, api):
    response = api(producer).patch(
        f"/api/v1/dossier-filings/{filing.pk}/",
        {"version": filing.version, "form01": {"unit_name": "x" * 256, "samples": -1}},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()["form01"]) == {"unit_name", "samples"}


def test_scope_and_roles(filing, other_producer, other_commune_officer, producer, api):
    url = f"/api/v1/dossier-filings/{filing.pk}/"
    assert api(other_producer).get(url).status_code == 404
    assert api(other_commune_officer).get(url).status_code == 404
    assert api(None).get(url).status_code == 401
    # the producer may not write the commune's report
    assert api(producer).post(f"{url}form-03/", FORM03, format="json").status_code == 403


def test_a_148_dossier_has_no_official_forms(producer_record, province, producer, api):
    dossier = DossierFactory(
        product=f.ProductFactory(producer=producer_record), round=RoundFactory(province=province), created_by=producer
    )
    assert api(producer).get(f"/api/v1/dossier-filings/{dossier.pk}/").status_code == 404
