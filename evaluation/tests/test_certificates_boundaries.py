"""Certificate rules a user depends on, each from both sides of its boundary: the last valid day,
the last day for the 30-day notice, revocation on the issue day, what an issue supersedes, the
award kind of a re-evaluation, evidence that lapses today."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from evaluation.enums import CertificateStatus as S
from evaluation.enums import DossierKind, NoticeKind, RevocationGround
from evaluation.models import Certificate
from evaluation.services.certificates import (
    certificate_revoke,
    certificates_refresh_statuses,
    evidence_carry_over,
)
from evaluation.tests.factories import DossierFactory
from ocop_portal.testing import factories as f
from support.models import SupportGrant

from .test_certificates_helpers import issue, product_of
from .test_certificates_services import award_setup, evidence_of, revocation_decision

pytestmark = pytest.mark.django_db


# --- the last valid day -------------------------------------------------------------------------


@freeze_time("2026-07-15 03:00")
@pytest.mark.parametrize(
    ("decided_on", "status", "history"),
    [
        # valid until 15/07/2026, today: still in force on its last day
        (datetime.date(2023, 7, 15), S.EXPIRING, [S.VALID, S.EXPIRING]),
        # valid until 14/07/2026: expired since today
        (datetime.date(2023, 7, 14), S.EXPIRED, [S.VALID, S.EXPIRING, S.EXPIRED]),
    ],
)
def test_a_certificate_is_in_force_through_its_last_day(producer_record, decided_on, status, history):
    certificate = issue(product_of(producer_record), on=decided_on)
    assert (certificate.status, list(certificate.events.values_list("to_status", flat=True))) == (status, history)


def _run(day, capture):
    with freeze_time(f"{day.isoformat()} 03:00"), capture(execute=True):
        return certificates_refresh_statuses(day)


def test_a_job_down_until_the_last_valid_day_still_sends_the_30_day_notice(
    producer_record, django_capture_on_commit_callbacks
):
    with freeze_time("2026-07-10 03:00"):
        certificate = issue(product_of(producer_record))
    last_day = certificate.valid_until  # 10/07/2029

    on_last_day = _run(last_day, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert (certificate.status, dict(on_last_day.moved), dict(on_last_day.notices)) == (
        S.EXPIRING,
        {S.EXPIRING: 1},
        {NoticeKind.DAYS_30: 1},
    )

    day_after = _run(last_day + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert (certificate.status, dict(day_after.moved), dict(day_after.notices)) == (
        S.EXPIRED,
        {S.EXPIRED: 1},
        {NoticeKind.EXPIRED: 1},
    )


# --- issuing --------------------------------------------------------------------------------------


@freeze_time("2027-08-20 03:00")
def test_a_new_recognition_supersedes_only_the_certificate_in_force(producer_record, province_staff):
    product = product_of(producer_record)
    revoked = issue(product, on=datetime.date(2026, 7, 10))
    certificate_revoke(
        certificate=revoked,
        decision=revocation_decision(product.province, on=datetime.date(2026, 9, 1)),
        ground=RevocationGround.QUALITY,
        note="",
        by=province_staff,
    )
    expired = issue(product, on=datetime.date(2020, 1, 15))  # expired 16/01/2023, not renewed here

    new = issue(product, stars=4, on=datetime.date(2027, 8, 20))

    revoked.refresh_from_db()
    expired.refresh_from_db()
    assert [(c.status, c.superseded_by) for c in (revoked, expired, new)] == [
        (S.REVOKED, None),
        (S.EXPIRED, None),
        (S.VALID, None),
    ]


@freeze_time("2026-12-20 03:00")
@pytest.mark.parametrize(("stars_before", "stars_after", "amount"), [(3, 3, 20_000_000), (4, 3, 20_000_000)])
def test_a_reevaluation_at_the_same_or_fewer_stars_is_not_an_upgrade(
    producer_record, stars_before, stars_after, amount, django_capture_on_commit_callbacks
):
    award_setup(producer_record.province, reevaluation_3_stars=20_000_000, upgrade_3_stars=90_000_000)
    product = product_of(producer_record)
    # Support proposes the award when the recognition commits (evaluation.signals).
    with django_capture_on_commit_callbacks(execute=True):
        first = issue(product, stars=stars_before, on=datetime.date(2023, 12, 1))
        again = issue(
            product, stars=stars_after, on=datetime.date(2026, 12, 1), kind=DossierKind.REEVALUATION, renews=first
        )

    assert SupportGrant.objects.get(source_key=f"certificate:{again.pk}").amount == amount


# --- revocation ---------------------------------------------------------------------------------


@freeze_time("2026-07-15 03:00")
@pytest.mark.parametrize(
    ("decided_on", "revoked"), [(datetime.date(2026, 7, 10), True), (datetime.date(2026, 7, 9), False)]
)
def test_a_revocation_may_be_dated_on_the_issue_day_not_before(producer_record, province_staff, decided_on, revoked):
    certificate = issue(product_of(producer_record))  # issued 10/07/2026
    decision = revocation_decision(producer_record.province, on=decided_on)
    if revoked:
        certificate_revoke(
            certificate=certificate, decision=decision, ground=RevocationGround.QUALITY, note="", by=province_staff
        )
    else:
        with pytest.raises(ValidationError) as error:
            certificate_revoke(
                certificate=certificate, decision=decision, ground=RevocationGround.QUALITY, note="", by=province_staff
            )
        assert error.value.message_dict == {"decision": ["Ngày quyết định thu hồi trước ngày cấp giấy chứng nhận."]}
    assert Certificate.objects.get(pk=certificate.pk).status == (S.REVOKED if revoked else S.VALID)


@freeze_time("2026-07-15 03:00")
def test_a_revocation_decision_of_another_province_is_refused(producer_record, province_staff):
    certificate = issue(product_of(producer_record))
    other_province = f.ProvinceFactory(code="27", name="Tỉnh Bắc Ninh")
    foreign = revocation_decision(other_province, on=datetime.date(2026, 7, 14), number="9/QĐ-UBND")

    with pytest.raises(ValidationError) as error:
        certificate_revoke(
            certificate=certificate, decision=foreign, ground=RevocationGround.QUALITY, note="", by=province_staff
        )

    assert error.value.message_dict == {"decision": ["Quyết định thu hồi phải của tỉnh đã cấp giấy chứng nhận."]}
    assert Certificate.objects.get(pk=certificate.pk).status == S.VALID


# --- renewal --------------------------------------------------------------------------------------


@freeze_time("2029-05-01 03:00")
def test_evidence_lapsing_today_is_not_carried_over_evidence_lapsing_tomorrow_is(producer_record, producer):
    product = product_of(producer_record)
    old = issue(product, on=datetime.date(2026, 7, 10))
    for name, valid_until in (
        ("het-han-hom-nay.pdf", datetime.date(2029, 5, 1)),
        ("con-mot-ngay.pdf", datetime.date(2029, 5, 2)),
    ):
        evidence_of(old.dossier, name, valid_until, producer)
    renewal = DossierFactory(product=product, kind=DossierKind.REEVALUATION, renews_certificate=old)

    copies = evidence_carry_over(dossier=renewal, by=producer)

    assert [copy.original_name for copy in copies] == ["con-mot-ngay.pdf"]
