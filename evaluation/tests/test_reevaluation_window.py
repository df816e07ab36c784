"""Re-evaluation filing under QĐ 26/2026 (Art. 7.6): accepted only 180 to 120 days before the
certificate expires — day 181 and day 119 refused with the dates, 180 and 120 accepted — while a
QĐ 148 round has no window. The days are the framework's data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from evaluation.enums import DossierKind, DossierState
from evaluation.models import Certificate, Dossier
from evaluation.services.dossiers import dossier_create, dossier_submit
from evaluation.services.reevaluation import filing_window
from evaluation.tests.factories import RoundFactory, build_sheet
from evaluation.tests.test_dossiers import _certificate

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import load_framework, make_complete

# A certificate whose whole window lies under QĐ 26/2026 (from 22/05/2026); an earlier one is the
# transition case of Art. 12.3 (test_certificates_extended.py).
EXPIRY = datetime.date(2027, 3, 1)


def _day(days_before: int) -> datetime.date:
    return EXPIRY - datetime.timedelta(days=days_before)


@pytest.fixture
def round_26(province, product_set):
    framework = load_framework("26/2026")
    build_sheet(framework_obj=framework, product_set=product_set)
    return RoundFactory(framework=framework, province=province, number=7)


def _reevaluation(product, round_, user):
    certificate = _certificate(product, round_.framework, user)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=EXPIRY)
    dossier = dossier_create(product=product, round=round_, kind=DossierKind.REEVALUATION, by=user)
    assert dossier.renews_certificate == certificate
    make_complete(dossier, user)
    return dossier


def test_the_window_is_read_from_the_framework(round_26, open_round):
    window = filing_window(round_26.framework, EXPIRY)
    assert (window.opens, window.closes) == (datetime.date(2026, 9, 2), datetime.date(2026, 11, 1))
    assert filing_window(open_round.framework, EXPIRY) is None


@pytest.mark.parametrize(("days_before", "accepted"), [(181, False), (180, True), (120, True), (119, False)])
def test_filing_window_edges(product, round_26, province_staff, days_before, accepted):
    dossier = _reevaluation(product, round_26, province_staff)
    with freeze_time(_day(days_before)):
        if accepted:
            dossier_submit(dossier=dossier, by=province_staff)
            assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED
            return
        with pytest.raises(ValidationError) as caught:
            dossier_submit(dossier=dossier, by=province_staff)
    early = "Chưa đến thời hạn" if days_before > 180 else "Đã quá thời hạn"
    assert caught.value.messages == [
        f"{early} nộp hồ sơ đánh giá lại: giấy chứng nhận OCOP-24-2023-0001 hết hạn ngày 01/03/2027, hồ sơ "
        f"{'được' if days_before > 180 else 'phải'} nộp từ 02/09/2026 đến 01/11/2026 "
        "(180 đến 120 ngày trước khi hết hạn)."
    ]
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.DRAFT


def test_a_148_round_keeps_no_window(product, open_round, sheet, province_staff):
    dossier = _reevaluation(product, open_round, province_staff)
    with freeze_time(_day(30)):
        dossier_submit(dossier=dossier, by=province_staff)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.SUBMITTED
