"""Re-evaluation filing and the Art. 12.3 extension (evaluation/services/reevaluation.py): what the
mutation run of issue 24 found no test for (docs/mutation.md) — each refusal's words and dates as
the producer and the staff read them, the last day of the extension from both sides, the window
that closed on the very day the law came into force, which dossiers count as "the re-evaluation
dossier", and who the event and the audit entry name."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.enums import CertificateStatus, DossierKind
from evaluation.models import Certificate, CertificateEvent, Dossier, Framework
from evaluation.services.dossiers import dossier_create
from evaluation.services.reevaluation import certificate_extend, filing_window
from evaluation.tests.test_certificates_extended import LIMIT, late  # noqa: F401
from evaluation.tests.test_dossiers import _certificate

# The shared fixtures (see that module): pytest finds fixtures by name in the test module.
from evaluation.tests.test_dossiers_fixtures import *  # noqa: F403
from evaluation.tests.test_reevaluation_window import round_26  # noqa: F401
from ocop_portal.core.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)


def _extend(certificate, round_, by, today):
    return certificate_extend(certificate=certificate, framework=round_.framework, by=by, today=today)


def _refusal(certificate, round_, by, today) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        _extend(certificate, round_, by, today)
    assert Certificate.objects.get(pk=certificate.pk).status != CertificateStatus.EXTENDED
    return caught.value.messages


def test_the_extension_may_be_granted_on_its_last_day_not_after(late, round_26, province_staff):  # noqa: F811
    certificate, _dossier = late
    assert _refusal(certificate, round_26, province_staff, LIMIT + DAY) == [
        "Đã quá thời hạn gia hạn tối đa (28/02/2027)."
    ]
    extended = _extend(certificate, round_26, province_staff, LIMIT)
    assert (extended.status, extended.extended_until) == (CertificateStatus.EXTENDED, LIMIT)


def test_the_extension_is_recorded_with_its_reason_and_by_whom(late, round_26, province_staff):  # noqa: F811
    certificate, _dossier = late
    _extend(certificate, round_26, province_staff, D(2026, 9, 2))
    event = CertificateEvent.objects.get(certificate=certificate, to_status=CertificateStatus.EXTENDED)
    assert (event.date, event.reason) == (
        D(2026, 9, 2),
        "Gia hạn đến khi có kết quả đánh giá lại, chậm nhất ngày 28/02/2027 (Điều 12 khoản 3)",
    )
    entry = AuditEntry.objects.get(action="certificate.extended", object_id=str(certificate.pk))
    assert entry.actor == province_staff


def test_staff_of_no_province_of_the_certificate_are_told_who_may_extend(late, round_26, district_officer):  # noqa: F811
    certificate, _dossier = late
    with pytest.raises(PermissionDenied) as caught:
        _extend(certificate, round_26, district_officer, D(2026, 9, 2))
    assert str(caught.value) == "Chỉ cán bộ của tỉnh cấp giấy chứng nhận được gia hạn."


def test_a_window_open_under_the_new_law_is_named_in_the_refusal(product, round_26, province_staff):  # noqa: F811
    certificate = _certificate(product, round_26.framework, province_staff)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=D(2027, 6, 1))
    certificate.refresh_from_db()
    dossier_create(product=product, round=round_26, kind=DossierKind.REEVALUATION, by=province_staff)
    assert _refusal(certificate, round_26, province_staff, D(2027, 6, 2)) == [
        "Giấy chứng nhận OCOP-24-2023-0001 không thuộc trường hợp gia hạn (Điều 12 khoản 3): chủ thể còn "
        "thời hạn nộp hồ sơ đánh giá lại theo quy định mới."
    ]


# QĐ 26/2026 came into force on 22/05/2026 and its window closes 120 days before expiry: a window
# whose last day is 21/05/2026 closed before the law (extension), one ending 22/05/2026 did not.
@pytest.mark.parametrize(("valid_until", "extended"), [(D(2026, 9, 18), True), (D(2026, 9, 19), False)])
def test_a_window_ending_the_day_the_law_came_into_force_could_be_met(
    product,
    round_26,  # noqa: F811
    province_staff,
    valid_until,
    extended,
):
    assert round_26.framework.valid_from == D(2026, 5, 22)
    certificate = _certificate(product, round_26.framework, province_staff)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=valid_until)
    certificate.refresh_from_db()
    dossier_create(product=product, round=round_26, kind=DossierKind.REEVALUATION, by=province_staff)
    if extended:
        assert _extend(certificate, round_26, province_staff, valid_until + DAY).status == CertificateStatus.EXTENDED
    else:
        assert "không thuộc trường hợp gia hạn" in _refusal(certificate, round_26, province_staff, valid_until + DAY)[0]


def test_a_framework_without_an_extension_refuses_it(late, open_round, province_staff):  # noqa: F811
    certificate, _dossier = late
    assert open_round.framework.clock("extension_max_days") is None
    messages = _refusal(certificate, open_round, province_staff, D(2026, 9, 2))
    assert "không thuộc trường hợp gia hạn" in messages[0]


NO_DOSSIER = ["Chưa có hồ sơ đánh giá lại cho giấy chứng nhận này."]


def test_a_withdrawn_reevaluation_dossier_does_not_count(late, round_26, province_staff):  # noqa: F811
    certificate, dossier = late
    Dossier.objects.filter(pk=dossier.pk).update(state="withdrawn")
    assert _refusal(certificate, round_26, province_staff, D(2026, 9, 2)) == NO_DOSSIER


def test_an_upgrade_dossier_is_not_a_reevaluation(product, round_26, province_staff):  # noqa: F811
    certificate = _certificate(product, round_26.framework, province_staff)
    dossier_create(product=product, round=round_26, kind=DossierKind.UPGRADE, by=province_staff)
    assert _refusal(certificate, round_26, province_staff, D(2026, 9, 2)) == NO_DOSSIER


def test_the_reevaluation_of_another_certificate_does_not_count(
    product,
    other_product,
    round_26,  # noqa: F811
    province_staff,
):
    certificate = _certificate(product, round_26.framework, province_staff)
    _certificate(other_product, round_26.framework, province_staff, number="OCOP-24-2023-0002")
    dossier_create(product=other_product, round=round_26, kind=DossierKind.REEVALUATION, by=province_staff)
    assert _refusal(certificate, round_26, province_staff, D(2026, 9, 2)) == NO_DOSSIER


def test_a_revoked_certificate_is_not_extended_and_the_refusal_names_its_status(late, round_26, province_staff):  # noqa: F811
    certificate, _dossier = late
    Certificate.objects.filter(pk=certificate.pk).update(status=CertificateStatus.REVOKED)
    certificate.refresh_from_db()
    assert _refusal(certificate, round_26, province_staff, D(2026, 9, 2)) == [
        "Giấy chứng nhận đang ở trạng thái “Đã thu hồi”, không gia hạn được."
    ]


@pytest.mark.parametrize(("earliest", "latest"), [(180, None), (None, 120)])
def test_a_framework_with_half_a_window_has_none(earliest, latest):
    framework = Framework(reevaluation_earliest_days=earliest, reevaluation_latest_days=latest)
    assert filing_window(framework, D(2027, 3, 1)) is None
