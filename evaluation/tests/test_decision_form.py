"""Issue 19, item 2: a decision is made from the list of results — score, gated stars, district and
commune, round — preselected from the home card (all the level's results) or the dossier's button
(that one), at the level the results are at; the card's count is the form's list; the decision,
its dossiers and its certificates link to one another."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.dashboard import next_step_panels
from evaluation.enums import Level
from evaluation.models import Certificate, Decision
from evaluation.tests.test_next_steps import _scored
from evaluation.tests.test_next_steps import world as world  # the fixture

pytestmark = pytest.mark.django_db

PROVINCE_CARD = "Kết quả cấp tỉnh chờ ra quyết định công nhận"
DISTRICT_CARD = "Kết quả cấp huyện chờ ra quyết định công nhận"


def _card(user, title):
    return {panel.title: panel for panel in next_step_panels(user)}[title]


def _form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_cards_count_is_the_forms_list_and_all_of_it_is_preselected(world, client_for):
    for _ in range(3):
        _scored(Level.PROVINCE)(world)
    _scored(Level.DISTRICT)(world)
    staff = world["province"]

    card = _card(staff, PROVINCE_CARD)
    response = _form(client_for(staff), card.url)

    rows = response.context["rows"]
    assert card.count == len(rows) == 3
    assert all(checked for _dossier, checked in rows)
    assert response.context["level"] == Level.PROVINCE
    assert response.context["form"]["level"].value() == Level.PROVINCE

    officer = world["district"]
    card = _card(officer, DISTRICT_CARD)
    response = _form(client_for(officer), card.url)
    assert card.count == len(response.context["rows"]) == 1
    assert response.context["tabs"] == [(Level.DISTRICT, "Cấp huyện", 1)]


def test_the_level_comes_from_the_results_not_a_default(world, client_for):
    """Province staff with only a district's result waiting land on the district's list."""
    _scored(Level.DISTRICT)(world)
    response = _form(client_for(world["province"]), reverse("evaluation:decision_create"))
    assert response.context["level"] == Level.DISTRICT
    assert len(response.context["rows"]) == 1


def test_the_dossiers_button_preselects_that_result_only(world, client_for):
    first = _scored(Level.PROVINCE)(world)
    second = _scored(Level.PROVINCE)(world)
    url = f"{reverse('evaluation:decision_create')}?dossier={second.pk}"
    response = _form(client_for(world["province"]), url)
    checked = {dossier.pk: ticked for dossier, ticked in response.context["rows"]}
    assert checked == {first.pk: False, second.pk: True}
    assert response.context["form"]["issuer_unit"].value() == world["units"]["province"].pk


def test_each_row_shows_score_stars_area_and_round(world, client_for):
    dossier = _scored(Level.PROVINCE)(world)
    page = _form(client_for(world["province"]), reverse("evaluation:decision_create")).content.decode()
    row = page[page.index(f'id="dossier-{dossier.pk}"') :]
    row = row[: row.index("</tr>")]
    for text in ("81,75", "4★", dossier.district.name, dossier.product.commune.name, str(dossier.round)):
        assert text in row, text


def test_the_form_costs_the_same_queries_for_1_and_4_results(world, client_for):
    client = client_for(world["province"])
    _scored(Level.PROVINCE)(world)
    url = reverse("evaluation:decision_create")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        _scored(Level.PROVINCE)(world)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 4
    assert len(many) == len(one)


def test_the_decision_its_dossiers_and_its_certificates_link_both_ways(world, client_for):
    dossier = _scored(Level.DISTRICT)(world)
    officer = world["district"]
    client = client_for(officer)
    response = client.post(
        reverse("evaluation:decision_create"),
        {
            "level": Level.DISTRICT,
            "dossiers": [dossier.pk],
            "issuer_unit": world["units"]["district"].pk,
            "number": "45/QĐ-UBND",
            "date": datetime.date(2026, 10, 30).strftime("%d/%m/%Y"),
            "signer": "Nguyễn Văn Ký",
            "authority": "Ủy ban nhân dân huyện Yên Thế",
        },
    )
    decision = Decision.objects.get(number="45/QĐ-UBND")
    assert response.url == reverse("evaluation:decision_detail", args=[decision.pk])
    certificate = Certificate.objects.get(decision=decision)

    decision_page = client.get(response.url).content.decode()
    assert reverse("evaluation:dossier_detail", args=[dossier.pk]) in decision_page
    assert reverse("evaluation:certificate_detail", args=[certificate.pk]) in decision_page

    dossier_page = client.get(reverse("evaluation:dossier_detail", args=[dossier.pk])).content.decode()
    assert reverse("evaluation:decision_detail", args=[decision.pk]) in dossier_page
    assert reverse("evaluation:certificate_detail", args=[certificate.pk]) in dossier_page

    certificate_page = client.get(reverse("evaluation:certificate_detail", args=[certificate.pk])).content.decode()
    assert reverse("evaluation:decision_detail", args=[decision.pk]) in certificate_page
    assert reverse("evaluation:dossier_detail", args=[dossier.pk]) in certificate_page

    # the producer reads the certificate and the dossier, not the decision's staff page
    producer_page = client_for(world["producer"]).get(reverse("evaluation:certificate_detail", args=[certificate.pk]))
    assert reverse("evaluation:decision_detail", args=[decision.pk]) not in producer_page.content.decode()
    assert reverse("evaluation:dossier_detail", args=[dossier.pk]) in producer_page.content.decode()


def _decision(world, unit, level, number, day, signer, title, *, kind="recognition"):
    return Decision.objects.create(
        province=world["units"]["province"],
        issuer_unit=unit,
        level=level,
        kind=kind,
        number=number,
        date=day,
        signer=signer,
        signer_title=title,
        authority=f"UBND {unit.name}",
        created_by=world["province"],
    )


def test_the_signature_block_comes_from_the_units_latest_recognition_decision_at_that_level(world, client_for):
    """The same leader signs a unit's OCOP decisions year after year: the form starts from the
    signer, title and issuing body of the unit's latest recognition at that level — not from an
    older one, another level's, another unit's, or a revocation."""
    units = world["units"]
    _scored(Level.PROVINCE)(world)
    _decision(world, units["province"], Level.PROVINCE, "10/QĐ-UBND", datetime.date(2025, 6, 1), "Cũ", "CHỦ TỊCH")
    _decision(
        world, units["province"], Level.PROVINCE, "88/QĐ-UBND", datetime.date(2026, 3, 2),
        "Lê Văn Phó", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    )  # fmt: skip
    _decision(world, units["province"], Level.PROVINCE, "90/QĐ-UBND", datetime.date(2026, 5, 5), "Thu hồi", "X",
              kind="revocation")  # fmt: skip
    _decision(world, units["district"], Level.DISTRICT, "7/QĐ-UBND", datetime.date(2026, 9, 9), "Huyện", "Y")

    response = _form(client_for(world["province"]), reverse("evaluation:decision_create"))
    form = response.context["form"]
    assert (form["signer"].value(), form["signer_title"].value(), form["authority"].value()) == (
        "Lê Văn Phó",
        "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        f"UBND {units['province'].name}",
    )
    assert form["number"].value() in (None, "")  # a number is never reused

    officer_form = _form(client_for(world["district"]), reverse("evaluation:decision_create")).context["form"]
    assert officer_form["signer"].value() == "Huyện"


def test_a_unit_without_a_recognition_decision_starts_blank(world, client_for):
    _scored(Level.PROVINCE)(world)
    form = _form(client_for(world["province"]), reverse("evaluation:decision_create")).context["form"]
    assert (form["signer"].value(), form["signer_title"].value()) == (None, None)
