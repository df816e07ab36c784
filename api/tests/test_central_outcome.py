"""The central level's outcome for a potential 5★ dossier, through the API (issue 23, DOMAIN §5b):
granted → the central decision and the 5★ certificate; not granted → a record of its own, the
dossier back to the province as scored, where a provincial decision recognises 4★."""

import pytest

from evaluation.enums import DossierState, Level
from evaluation.models import Certificate, DossierTransition
from evaluation.tests.test_councils import accepted_dossier
from evaluation.tests.test_flow import P90, P100, councils, run_council  # noqa: F401 — councils is a fixture
from ocop_portal.core.models import AuditEntry

pytestmark = pytest.mark.django_db

CENTRAL = {
    "number": "123/QĐ-BNNMT",
    "date": "2026-11-20",
    "signer": "Trần Văn Bộ",
    "authority": "Bộ Nông nghiệp và Môi trường",
}


@pytest.fixture
def potential_5(councils, commune, district_officer, province_staff):  # noqa: F811
    (district_council, d_members), (province_council, p_members) = councils
    dossier = accepted_dossier(commune=commune, checker=district_officer)
    run_council(district_council, d_members, dossier, [P100, P100, P90], district_officer)
    run_council(province_council, p_members, dossier, [P100, P100, P90], province_staff)
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.CENTRAL)
    return dossier


def test_granted_records_the_central_decision_and_the_5_star_certificate(api, potential_5, province_staff):
    answer = api(province_staff).post(
        f"/api/v1/dossiers/{potential_5.pk}/central-outcome/", {**CENTRAL, "granted": True}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == DossierState.DECIDED
    certificate = Certificate.objects.get(dossier=potential_5)
    assert (certificate.stars, certificate.issuing_level, certificate.issuing_authority) == (
        5,
        Level.CENTRAL,
        "Bộ Nông nghiệp và Môi trường",
    )


def test_not_granted_is_recorded_and_the_province_recognises_4_stars(api, potential_5, province, province_staff):
    staff = api(province_staff)
    answer = staff.post(
        f"/api/v1/dossiers/{potential_5.pk}/central-outcome/", {**CENTRAL, "granted": False}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert (answer.json()["state"], answer.json()["current_level"]) == (DossierState.SCORED, Level.PROVINCE)
    last = DossierTransition.objects.filter(dossier=potential_5).latest("at", "id")
    assert (last.from_state, last.to_state) == (DossierState.FORWARDED, DossierState.SCORED)
    assert "123/QĐ-BNNMT" in last.note and "20/11/2026" in last.note
    entry = AuditEntry.objects.get(action="dossier.central_not_granted")
    assert entry.changes["number"] == "123/QĐ-BNNMT"
    assert not Certificate.objects.filter(dossier=potential_5).exists()

    decision = {
        "issuer_unit": province.pk,
        "level": "province",
        "date": "2026-11-25",
        "signer": "Nguyễn Văn Ký",
        "authority": "UBND tỉnh Bắc Giang",
    }
    five = staff.post(
        "/api/v1/decisions/",
        {**decision, "number": "5/QĐ", "items": [{"dossier": potential_5.pk, "stars": 5}]},
        format="json",
    )
    assert five.status_code == 400
    four = staff.post(
        "/api/v1/decisions/",
        {**decision, "number": "4/QĐ", "items": [{"dossier": potential_5.pk, "stars": 4}]},
        format="json",
    )
    assert four.status_code == 201, four.content
    assert list(Certificate.objects.filter(dossier=potential_5).values_list("stars", "issuing_level")) == [
        (4, Level.PROVINCE)
    ]


def test_only_the_province_s_staff_record_it_and_only_once(api, potential_5, province_staff, district_officer):
    url = f"/api/v1/dossiers/{potential_5.pk}/central-outcome/"
    assert api(district_officer).post(url, {**CENTRAL, "granted": False}, format="json").status_code == 403
    assert api(province_staff).post(url, {**CENTRAL, "granted": False}, format="json").status_code == 200
    again = api(province_staff).post(url, {**CENTRAL, "granted": True}, format="json")
    assert again.status_code == 400
    assert not Certificate.objects.filter(dossier=potential_5).exists()
