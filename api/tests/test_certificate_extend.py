"""The Art. 12.3 extension through the API (issue 23: every step a person can do on a page): the
same service as the certificate page's button, the same refusals, nothing written on a refusal."""

import datetime

import pytest
import rest_framework.throttling  # noqa: F401 — imported before freeze_time: DRF's throttles bind time.time
from freezegun import freeze_time

from evaluation.enums import CertificateStatus
from evaluation.models import Certificate
from evaluation.tests.test_certificates_extended import late  # noqa: F401
from evaluation.tests.test_dossiers import _certificate
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_reevaluation_window import round_26  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(certificate):
    return f"/api/v1/certificates/{certificate.pk}/extend/"


@freeze_time("2026-09-02 03:00")
def test_staff_extend_a_late_certificate_through_the_api(api, late, province_staff):  # noqa: F811
    certificate, _dossier = late
    response = api(province_staff).post(_url(certificate))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["extended_until"], Certificate.objects.get(pk=certificate.pk).extended_until) == (
        CertificateStatus.EXTENDED,
        "2027-02-28",
        datetime.date(2027, 2, 28),
    )


@freeze_time("2027-03-01 03:00")
def test_the_day_after_the_limit_is_refused_and_nothing_changes(api, late, province_staff):  # noqa: F811
    certificate, _dossier = late
    response = api(province_staff).post(_url(certificate))
    assert response.status_code == 400 and "28/02/2027" in response.content.decode()
    assert Certificate.objects.get(pk=certificate.pk).status != CertificateStatus.EXTENDED


@freeze_time("2026-09-02 03:00")
def test_a_certificate_that_does_not_qualify_is_refused(api, product, round_26, province_staff):  # noqa: F811
    certificate = _certificate(product, round_26.framework, province_staff)  # no re-evaluation dossier
    response = api(province_staff).post(_url(certificate))
    assert response.status_code == 400, response.content
    assert Certificate.objects.get(pk=certificate.pk).status != CertificateStatus.EXTENDED


@freeze_time("2026-09-02 03:00")
def test_only_the_province_s_staff_extend(api, late, district_officer, producer):  # noqa: F811
    certificate, _dossier = late
    for user in (district_officer, producer):
        assert api(user).post(_url(certificate)).status_code in (403, 404)
    assert api(None).post(_url(certificate)).status_code == 401
    assert Certificate.objects.get(pk=certificate.pk).status != CertificateStatus.EXTENDED
