"""Art. 12.3 of QĐ 26/2026: a certificate whose re-evaluation window closed before the decision
came into force may file late and is extended until the result, at most 180 days past expiry —
a status of its own, shown on the certificate's page and on public verification."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from freezegun import freeze_time

from evaluation.enums import CertificateStatus, DossierKind, DossierState, NoticeKind
from evaluation.models import Certificate, CertificateNotice, Dossier
from evaluation.services.certificates import certificates_refresh_statuses
from evaluation.services.dossiers import dossier_create, dossier_submit
from evaluation.services.reevaluation import certificate_extend
from evaluation.tests.test_dossiers import _certificate

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_dossiers_fixtures import make_complete
from evaluation.tests.test_reevaluation_window import round_26  # noqa: F401
from ocop_portal.core.models import Notification

D = datetime.date
LIMIT = D(2027, 2, 28)  # 01/09/2026 + 180 days


@pytest.fixture
def late(product, round_26, province_staff):  # noqa: F811
    """A certificate expiring 01/09/2026: its 26/2026 window (05/03–04/05/2026) closed before
    22/05/2026. Its re-evaluation dossier, complete."""
    certificate = _certificate(product, round_26.framework, province_staff)
    dossier = dossier_create(product=product, round=round_26, kind=DossierKind.REEVALUATION, by=province_staff)
    make_complete(dossier, province_staff)
    return certificate, dossier


@pytest.mark.parametrize(
    ("day", "accepted"), [(D(2026, 8, 1), True), (LIMIT, True), (LIMIT + datetime.timedelta(days=1), False)]
)
def test_a_late_window_may_file_until_the_extension_ends(late, province_staff, day, accepted):
    dossier = late[1]
    with freeze_time(day):
        if accepted:
            dossier_submit(dossier=dossier, by=province_staff)
        else:
            with pytest.raises(ValidationError):
                dossier_submit(dossier=dossier, by=province_staff)
    expected = DossierState.SUBMITTED if accepted else DossierState.DRAFT
    assert Dossier.objects.get(pk=dossier.pk).state == expected


def test_extension_is_a_status_of_its_own_until_the_limit(late, round_26, province_staff, client_for):  # noqa: F811
    certificate, _dossier = late
    extended = certificate_extend(
        certificate=certificate, framework=round_26.framework, by=province_staff, today=D(2026, 9, 2)
    )
    assert (extended.status, extended.extended_until) == (CertificateStatus.EXTENDED, LIMIT)
    note = "còn hiệu lực đến khi có kết quả đánh giá lại, chậm nhất đến hết ngày 28/02/2027"
    client = client_for(province_staff)
    assert note in client.get(reverse("evaluation:certificate_detail", args=[certificate.pk])).content.decode()
    client.logout()
    public = client.get(reverse("public:verify", args=[certificate.public_code])).content.decode()
    assert note in public and "Gia hạn chờ kết quả đánh giá lại" in public
    # still in force the last day, expired the day after
    certificates_refresh_statuses(LIMIT)
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.EXTENDED
    certificates_refresh_statuses(LIMIT + datetime.timedelta(days=1))
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.EXPIRED


@pytest.mark.parametrize(("days_after", "sent"), [(1, True), (30, True), (31, False)])
def test_the_end_of_an_extension_sends_the_expiry_notice(late, round_26, province_staff, days_after, sent):  # noqa: F811
    """The expiry notice goes out when the extension ends (dated its last day), as it does at a
    plain expiry, while still relevant (30 days): the extension ends up to 180 days after the
    certificate's own expiry, long past that expiry's 30 days."""
    certificate, _dossier = late
    certificate_extend(certificate=certificate, framework=round_26.framework, by=province_staff, today=D(2026, 9, 2))
    result = certificates_refresh_statuses(LIMIT + datetime.timedelta(days=days_after))
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.EXPIRED
    notices = CertificateNotice.objects.filter(certificate=certificate, kind=NoticeKind.EXPIRED)
    assert (notices.count(), result.notices[NoticeKind.EXPIRED]) == ((1, 1) if sent else (0, 0))
    if sent:
        subject = Notification.objects.get(recipient=province_staff).subject
        assert subject == f"Giấy chứng nhận OCOP {certificate.number} đã hết hạn ngày 28/02/2027"


def test_extension_refused_when_the_window_was_open_under_the_new_law(product, round_26, province_staff):  # noqa: F811
    certificate = _certificate(product, round_26.framework, province_staff)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=D(2027, 6, 1))
    certificate.refresh_from_db()
    dossier_create(product=product, round=round_26, kind=DossierKind.REEVALUATION, by=province_staff)
    with pytest.raises(ValidationError) as caught:
        certificate_extend(
            certificate=certificate, framework=round_26.framework, by=province_staff, today=D(2027, 6, 2)
        )
    assert "không thuộc trường hợp gia hạn" in caught.value.messages[0]
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.VALID


def test_extension_needs_a_reevaluation_dossier_and_the_province(product, round_26, province_staff, district_officer):  # noqa: F811
    certificate = _certificate(product, round_26.framework, province_staff)
    with pytest.raises(ValidationError):
        certificate_extend(
            certificate=certificate, framework=round_26.framework, by=province_staff, today=D(2026, 9, 2)
        )
    with pytest.raises(PermissionDenied):
        certificate_extend(
            certificate=certificate, framework=round_26.framework, by=district_officer, today=D(2026, 9, 2)
        )


def test_extension_page_button(late, province_staff, client_for):
    certificate, _dossier = late
    client = client_for(province_staff)
    with freeze_time("2026-09-02 03:00"):
        response = client.post(reverse("evaluation:certificate_extend", args=[certificate.pk]))
    assert response.url == reverse("evaluation:certificate_detail", args=[certificate.pk])
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.EXTENDED
