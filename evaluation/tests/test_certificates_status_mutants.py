"""The certificate status machine (evaluation/services/certificates/status.py): what the mutation
run of issue 24 found no test for (docs/mutation.md) — the refusal's words, the companion fields
it refuses to write, the history's reasons as the certificate's page shows them, and what the
audit log keeps of a status change; and that the status machine's row lock does not hold back a
notice or event recorded for the certificate in the meantime."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import NoticeKind
from evaluation.models import Certificate, CertificateNotice
from evaluation.services.certificates import certificates_refresh_statuses
from evaluation.services.certificates.status import advance_by_date, certificate_set_status
from ocop_portal.core.models import AuditEntry
from ocop_portal.testing.concurrency import run_while_held, second_waits_for_first

from .test_certificates_helpers import issue, product_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def certificate(producer_record):
    with freeze_time("2026-07-10 03:00"):
        return issue(product_of(producer_record))


def test_a_forbidden_change_names_the_certificate_and_both_statuses(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(status=S.REVOKED)
    with pytest.raises(ValidationError) as caught:
        certificate_set_status(certificate=certificate, to=S.VALID, on=D(2026, 8, 1), reason="thử")
    assert caught.value.messages == [
        f"Giấy chứng nhận {certificate.number} không thể chuyển từ “Đã thu hồi” sang “Còn hiệu lực”."
    ]


def test_a_field_other_than_the_status_companions_is_refused(certificate):
    with pytest.raises(TypeError, match=r"cannot write \['stars'\]"):
        certificate_set_status(certificate=certificate, to=S.REVOKED, on=D(2026, 8, 1), reason="thử", stars=5)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.stars) == (S.VALID, 3)


def test_a_change_is_audited_with_its_actor_statuses_companions_and_whole_reason(certificate, province_staff):
    reason = "Thu hồi theo đề nghị. " * 20  # longer than the event's 255 characters
    changed = certificate_set_status(
        certificate=certificate,
        to=S.REVOKED,
        on=D(2026, 8, 1),
        reason=reason,
        by=province_staff,
        revocation_note="Vi phạm nhãn",
        revocation_ground="",
    )
    assert changed is certificate
    assert (certificate.status, certificate.revocation_note) == (S.REVOKED, "Vi phạm nhãn")
    assert Certificate.objects.get(pk=certificate.pk).revocation_note == "Vi phạm nhãn"
    event = certificate.events.get(to_status=S.REVOKED)
    assert (event.date, event.from_status, event.reason) == (D(2026, 8, 1), S.VALID, reason[:255])
    entry = AuditEntry.objects.get(action="certificate.revoked", object_id=str(certificate.pk))
    assert (entry.actor, entry.note) == (province_staff, reason)
    assert entry.changes == {"status": ["valid", "revoked"], "revocation_note": ["", "Vi phạm nhãn"]}


def test_the_calendar_history_says_why_each_status_changed(certificate):
    with freeze_time("2029-07-11 03:00"):
        certificates_refresh_statuses(D(2029, 7, 11))
    assert list(certificate.events.exclude(to_status=S.VALID).values_list("date", "to_status", "reason")) == [
        (D(2029, 4, 11), S.EXPIRING, "Còn không quá 90 ngày đến hạn"),
        (D(2029, 7, 11), S.EXPIRED, "Hết thời hạn hiệu lực ngày 10/07/2029"),
    ]


def test_an_extension_ends_the_day_after_its_last_day_with_its_reason(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(status=S.EXTENDED, extended_until=D(2030, 1, 6))
    certificates_refresh_statuses(D(2030, 1, 6))
    assert Certificate.objects.get(pk=certificate.pk).status == S.EXTENDED
    assert dict(certificates_refresh_statuses(D(2030, 1, 7)).moved) == {S.EXPIRED: 1}
    assert list(certificate.events.filter(to_status=S.EXPIRED).values_list("date", "from_status", "reason")) == [
        (D(2030, 1, 7), S.EXTENDED, "Hết thời hạn gia hạn ngày 06/01/2030")
    ]


def test_a_certificate_issued_late_is_moved_by_the_calendar_in_the_issuers_name(producer_record, province_staff):
    """A decision of 2023 entered in 2026: the certificate is issued and at once expiring, then
    expired; the audit log names who entered it for each step."""
    with freeze_time("2026-08-01 03:00"):
        certificate = issue(product_of(producer_record), on=D(2023, 7, 1), by=province_staff)
    assert certificate.status == S.EXPIRED
    actors = AuditEntry.objects.filter(
        object_id=str(certificate.pk), action__in=["certificate.expiring", "certificate.expired"]
    )
    assert sorted(actors.values_list("action", "actor")) == [
        ("certificate.expired", province_staff.pk),
        ("certificate.expiring", province_staff.pk),
    ]


# --- lock strength: FOR NO KEY UPDATE, so rows referencing the certificate are not held back --


def _record_a_notice(certificate):
    return lambda: (
        CertificateNotice.objects.create(certificate=certificate, kind=NoticeKind.DAYS_90, sent_on=D(2026, 8, 1)).pk
    )


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_notice_may_be_recorded_while_a_status_change_of_its_certificate_is_under_way(certificate, province_staff):
    def revoke():
        certificate_set_status(certificate=certificate, to=S.REVOKED, on=D(2026, 8, 1), reason="thử", by=province_staff)

    kind, value = run_while_held(revoke, _record_a_notice(certificate))
    assert kind == "ok", value
    assert Certificate.objects.get(pk=certificate.pk).status == S.REVOKED


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_notice_may_be_recorded_while_the_refresh_holds_its_certificate(certificate):
    kind, value = run_while_held(lambda: advance_by_date(certificate, D(2026, 8, 1)), _record_a_notice(certificate))
    assert kind == "ok", value
    assert CertificateNotice.objects.filter(certificate=certificate).count() == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_an_extension_granted_while_the_refresh_runs_stands(certificate):
    """The refresh lists the certificate as expired-to-be while the province extends it: under
    the row lock it finds the extension and leaves it (it does not fail on the extension's last
    day, which it did not read)."""
    Certificate.objects.filter(pk=certificate.pk).update(status=S.EXPIRING)  # moved by an earlier run
    day = certificate.valid_until + datetime.timedelta(days=2)

    def extend():
        certificate_set_status(
            certificate=certificate, to=S.EXTENDED, on=day, reason="Gia hạn", extended_until=D(2030, 1, 6)
        )

    with freeze_time(f"{day.isoformat()} 03:00"):
        extended, refreshed = second_waits_for_first(extend, lambda: certificates_refresh_statuses(day))

    assert (extended.kind, refreshed.kind) == ("ok", "ok"), refreshed.value
    assert dict(refreshed.value.moved) == {}
    assert Certificate.objects.get(pk=certificate.pk).status == S.EXTENDED
