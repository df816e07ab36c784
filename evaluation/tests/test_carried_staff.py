"""After a merger the merged province's staff answer for the predecessor's certificates
(DOMAIN §1, issue 16): they may extend one under Art. 12.3 and are the ones told about misuse
reports and notices, although the certificate keeps the predecessor province of its time."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from evaluation.enums import CertificateStatus
from evaluation.services.certificates.misuse import misuse_report_create
from evaluation.services.certificates.notices import recipients_by_certificate
from evaluation.services.reevaluation import certificate_extend

# The shared fixtures (see those modules): pytest finds fixtures by name in the test module.
from evaluation.tests.test_certificates_extended import late  # noqa: F401
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_reevaluation_window import round_26  # noqa: F401
from ocop_portal.core.jurisdiction import staff_provinces_of
from ocop_portal.core.models import AdministrativeUnit, Notification
from ocop_portal.testing import factories as f

D = datetime.date


@pytest.fixture
def merged(province):
    """`province` (the predecessor, as the fixtures' records have it) carried into a 2025 province."""
    successor = f.ProvinceFactory(code="99", name="Tỉnh Sáp Nhập")
    AdministrativeUnit.objects.filter(pk=province.pk).update(carried_into=successor)
    return {
        "successor": successor,
        "staff": f.UserFactory(username="so_moi", staff_province=successor),
        "stranger": f.UserFactory(username="so_khac", staff_province=f.ProvinceFactory(code="98", name="Tỉnh Khác")),
    }


def test_staff_provinces_of_names_the_province_and_its_successor(province, merged):
    other = f.ProvinceFactory(code="97", name="Tỉnh Riêng")
    assert staff_provinces_of([province.pk, other.pk, None]) == {province.pk, merged["successor"].pk, other.pk}


def test_the_merged_province_s_staff_extend_a_carried_certificate(late, round_26, merged):  # noqa: F811
    certificate, _dossier = late
    with pytest.raises(PermissionDenied):
        certificate_extend(
            certificate=certificate, framework=round_26.framework, by=merged["stranger"], today=D(2026, 9, 2)
        )
    extended = certificate_extend(
        certificate=certificate, framework=round_26.framework, by=merged["staff"], today=D(2026, 9, 2)
    )
    assert extended.status == CertificateStatus.EXTENDED


def test_a_misuse_report_reaches_the_merged_province_s_staff(late, merged):  # noqa: F811
    certificate, _dossier = late
    misuse_report_create(certificate=certificate, message="Nhãn OCOP dán trên sản phẩm khác", where_seen="Chợ")
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert "so_moi" in told and "so_khac" not in told


def test_notices_of_a_carried_certificate_reach_the_merged_province_s_staff(late, merged, province_staff):  # noqa: F811
    certificate, _dossier = late
    users = recipients_by_certificate([certificate], include_province_staff=True)[certificate.pk]
    names = {user.username for user in users}
    assert {"so_moi", province_staff.username} <= names and "so_khac" not in names
    without_staff = recipients_by_certificate([certificate], include_province_staff=False)[certificate.pk]
    assert "so_moi" not in {user.username for user in without_staff}


def test_notices_of_a_carried_certificate_go_out_before_the_merged_province_has_staff(late, province, province_staff):  # noqa: F811
    """Right after a merger the new province may have no staff account yet: the predecessor's staff
    are still told."""
    successor = f.ProvinceFactory(code="99", name="Tỉnh Sáp Nhập")
    AdministrativeUnit.objects.filter(pk=province.pk).update(carried_into=successor)
    certificate, _dossier = late
    users = recipients_by_certificate([certificate], include_province_staff=True)[certificate.pk]
    assert province_staff.username in {user.username for user in users}
