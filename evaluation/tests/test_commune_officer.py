"""The commune officer (cán bộ UBND cấp xã): bound to one commune, does the commune's step of a
chain that has one, sees the dossiers and certificates of their commune's products only."""

import pytest
from django.core.exceptions import PermissionDenied

from evaluation.enums import DossierKind, DossierState, Level
from evaluation.models import AnswerOption
from evaluation.rules.dossiers import can_check_dossier, can_prepare_dossier
from evaluation.selectors.certificates import certificates_visible_to
from evaluation.selectors.dossiers import dossiers_visible_to, products_for_new_dossier, rounds_visible_to
from evaluation.services.dossiers import dossier_accept, dossier_create, dossier_return, dossier_submit
from evaluation.tests.factories import DossierFactory
from evaluation.tests.test_certificates_helpers import issue

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import make_complete
from ocop_portal.core.models import Notification
from ocop_portal.testing import factories as f


@pytest.fixture
def sibling_product(sibling_commune, product_set):
    producer = f.ProducerFactory(commune=sibling_commune, name="HTX Chè Canh Nậu")
    return f.ProductFactory(producer=producer, product_set=product_set, name="Chè xanh Canh Nậu")


def test_commune_officer_sees_the_dossiers_of_their_commune_only(
    product, sibling_product, other_product, open_round, sheet, commune_officer, other_commune_officer
):
    own = DossierFactory(product=product, round=open_round, sheet=sheet)
    sibling = DossierFactory(product=sibling_product, round=open_round, sheet=sheet)
    DossierFactory(product=other_product, round=open_round, sheet=sheet)

    assert set(dossiers_visible_to(commune_officer)) == {own}
    assert set(dossiers_visible_to(other_commune_officer)) == {sibling}
    assert set(products_for_new_dossier(commune_officer)) == {product}
    assert list(rounds_visible_to(commune_officer)) == [open_round]


def test_commune_officer_beside_a_district_role_sees_the_union(
    product, sibling_product, other_product, open_round, sheet, other_district, commune
):
    user = f.UserFactory(officer_commune=commune, officer_district=other_district)
    own = DossierFactory(product=product, round=open_round, sheet=sheet)
    DossierFactory(product=sibling_product, round=open_round, sheet=sheet)
    other = DossierFactory(product=other_product, round=open_round, sheet=sheet)

    assert set(dossiers_visible_to(user)) == {own, other}


def test_commune_officer_checks_only_at_the_commune_level(
    product, open_round, round_1489, sheet, sheet_1489, commune_officer, other_commune_officer
):
    district_step = DossierFactory(product=product, round=open_round, sheet=sheet)
    commune_step = DossierFactory(product=product, round=round_1489, sheet=sheet_1489, current_level=Level.COMMUNE)

    assert can_prepare_dossier.test(commune_officer, district_step)
    assert not can_check_dossier.test(commune_officer, district_step)
    assert can_check_dossier.test(commune_officer, commune_step)
    assert not can_check_dossier.test(other_commune_officer, commune_step)


def test_commune_officer_does_the_commune_step_of_the_1489_chain(
    product, round_1489, sheet_1489, producer, commune_officer, other_commune_officer
):
    dossier = dossier_create(product=product, round=round_1489, kind=DossierKind.NEW, by=commune_officer)
    make_complete(dossier, producer)
    dossier_submit(dossier=dossier, by=producer)
    assert Notification.objects.filter(recipient=commune_officer).exists()
    options = {
        code: AnswerOption.objects.get(criterion__sheet=sheet_1489, criterion__code=code, number=2).pk
        for code in ("1.1", "2.1", "3.3", "5.2")
    }
    with pytest.raises(PermissionDenied):
        dossier_accept(dossier=dossier, by=other_commune_officer, commune_assessment=options)
    with pytest.raises(PermissionDenied):
        dossier_return(dossier=dossier, by=other_commune_officer, reasons="Thiếu tem")

    dossier_accept(dossier=dossier, by=commune_officer, commune_assessment=options)

    dossier.refresh_from_db()
    assert (dossier.state, dossier.current_level) == (DossierState.FORWARDED, Level.PROVINCE)
    assert list(dossier.transitions.values_list("to_state", "by")) == [
        (DossierState.SUBMITTED, producer.pk),
        (DossierState.ACCEPTED, commune_officer.pk),
        (DossierState.FORWARDED, commune_officer.pk),
    ]
    # At the province the commune officer no longer checks, but still follows the dossier.
    assert not can_check_dossier.test(commune_officer, dossier)
    assert dossiers_visible_to(commune_officer).filter(pk=dossier.pk).exists()


def test_commune_officer_sees_their_communes_certificates(
    product, sibling_product, commune_officer, other_commune_officer, province
):
    own = issue(product, stars=3)
    sibling = issue(sibling_product, stars=4)

    assert list(certificates_visible_to(commune_officer)) == [own]
    assert list(certificates_visible_to(other_commune_officer)) == [sibling]


def test_the_expiry_notice_reaches_the_products_commune_officer_only(
    product, commune_officer, other_commune_officer, district_officer
):
    import datetime

    from freezegun import freeze_time

    from evaluation.services.certificates import certificates_refresh_statuses

    with freeze_time("2026-07-10 03:00"):
        certificate = issue(product, stars=3)
    day = certificate.valid_until - datetime.timedelta(days=90)
    with freeze_time(f"{day.isoformat()} 03:00"):
        certificates_refresh_statuses(day)

    told = set(Notification.objects.filter(subject__contains=certificate.number).values_list("recipient", flat=True))
    assert {commune_officer.pk, district_officer.pk} <= told
    assert other_commune_officer.pk not in told
