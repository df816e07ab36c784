"""Revocation by decision, one by one or in bulk (all or nothing).

The grounds are the framework's data: those of the certificate's framework and of the one in force
on the decision's date (QĐ 26/2026 Art. 8 (a)–(e)). Competence follows the stars: the province
revokes 3★/4★, a 5★ revocation is the Ministry's decision, recorded here. Under a framework with a
revocation clock (15 days), an Art. 8 revocation must be decided within it of the conclusion it
rests on."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop_portal.core.jurisdiction import covers
from ocop_portal.core.services import audit_log, notify

from ...enums import CertificateStatus as S
from ...enums import DecisionKind, Level, RevocationGround
from ...models import Certificate, Decision
from ...rules.certificates import can_revoke_certificate
from .notices import recipients_by_certificate
from .status import certificate_set_status, detail_url, format_date


def revocation_decision_record(
    *, province, number: str, date: datetime.date, signer: str, authority: str, by, level: str = Level.PROVINCE
) -> Decision:
    """The province's revocation decision with this number: the existing one, or a new one.

    Side effects: at most one Decision row and its audit entry.
    """
    number = number.strip()
    existing = Decision.objects.filter(issuer_unit=province, number=number).first()
    if existing is not None:
        if existing.kind != DecisionKind.REVOCATION or existing.date != date or existing.level != level:
            raise ValidationError(
                {"decision_number": _("Số quyết định này đã được dùng cho một quyết định khác (ngày hoặc loại khác).")}
            )
        return existing
    decision = Decision(
        province=province,
        issuer_unit=province,
        level=level,
        kind=DecisionKind.REVOCATION,
        number=number,
        date=date,
        signer=signer,
        authority=authority,
        created_by=by,
    )
    decision.full_clean()
    decision.save()
    audit_log(actor=by, action="decision.revocation", obj=decision, changes={"number": ["", number]})
    return decision


def certificate_revoke(
    *,
    certificate: Certificate,
    decision: Decision,
    ground: str,
    note: str,
    by,
    concluded_on: datetime.date | None = None,
) -> Certificate:
    """Revoke one certificate by a revocation decision, on one of the legal grounds.

    Side effects: the status change (event dated on the decision, audit entry), the revocation
    fields, and a notification to the producer's users and the district officers after commit.
    Raises PermissionDenied when `by` may not revoke it, ValidationError for a bad ground,
    decision or status.
    """
    if not can_revoke_certificate.test(by, certificate):
        raise PermissionDenied(_("Bạn không có quyền thu hồi giấy chứng nhận này."))
    _validate_revocation(certificate, decision, ground, concluded_on)
    with transaction.atomic():
        certificate_set_status(
            certificate=certificate,
            to=S.REVOKED,
            on=decision.date,
            reason=_("Thu hồi: %(ground)s") % {"ground": RevocationGround(ground).label},
            decision=decision,
            by=by,
            revocation_decision=decision,
            revocation_ground=ground,
            revocation_note=note,
        )
        _notify_revocation(certificate, decision)
    return certificate


def certificates_revoke_bulk(
    *,
    certificates: Iterable[Certificate],
    decision: Decision,
    ground: str,
    note: str,
    by,
    concluded_on: datetime.date | None = None,
) -> list[Certificate]:
    """Revoke several certificates by one decision: all of them or, on any refusal, none.

    Side effects: those of certificate_revoke for each. A ValidationError names the certificate
    that was refused; nothing is written then.
    """
    revoked = []
    certificates = list(certificates)
    with transaction.atomic():
        _lock(certificates)
        for certificate in sorted(certificates, key=lambda c: c.pk):  # one lock order for every caller
            try:
                revoked.append(
                    certificate_revoke(
                        certificate=certificate,
                        decision=decision,
                        ground=ground,
                        note=note,
                        by=by,
                        concluded_on=concluded_on,
                    )
                )
            except ValidationError as error:
                raise _naming(certificate, error) from error
    return revoked


def certificates_revoke_by_decision(
    *,
    certificates: list[Certificate],
    decision_number: str,
    decision_date: datetime.date,
    decision_signer: str,
    decision_authority: str,
    ground: str,
    note: str,
    by,
    concluded_on: datetime.date | None = None,
) -> list[Certificate]:
    """Record the province's revocation decision (or reuse the one with that number) and revoke
    `certificates` by it, all or nothing. What the revoke pages call.

    Side effects: those of revocation_decision_record and certificates_revoke_bulk.
    """
    provinces = {certificate.province_id for certificate in certificates}
    if len(provinces) != 1:
        raise ValidationError(_("Chọn ít nhất một giấy chứng nhận, tất cả của cùng một tỉnh."))
    levels = {revoking_level(certificate) for certificate in certificates}
    if len(levels) != 1:
        raise ValidationError(
            _("Giấy chứng nhận 5 sao do Bộ thu hồi, 3–4 sao do tỉnh: hãy ghi nhận riêng từng quyết định.")
        )
    with transaction.atomic():
        _lock(certificates)
        # A carried certificate keeps its predecessor province; the merged province decides now.
        province = certificates[0].province
        decision = revocation_decision_record(
            province=province.carried_into if province.carried_into_id else province,
            number=decision_number,
            date=decision_date,
            signer=decision_signer,
            authority=decision_authority,
            by=by,
            level=levels.pop(),
        )
        return certificates_revoke_bulk(
            certificates=certificates, decision=decision, ground=ground, note=note, by=by, concluded_on=concluded_on
        )


def _naming(certificate: Certificate, error: ValidationError) -> ValidationError:
    """`error` with each message prefixed by the certificate's number, on the same fields, so a
    page or an API client can show it beside the input it is about (e.g. the conclusion date)."""

    def named(messages):
        return [_("%(number)s: %(error)s") % {"number": certificate.number, "error": message} for message in messages]

    if hasattr(error, "error_dict"):
        return ValidationError(
            {field: named(ValidationError(errors).messages) for field, errors in error.error_dict.items()}
        )
    return ValidationError(named(error.messages))


def _lock(certificates) -> None:
    """Every certificate's row, in id order, before the first audit entry: taken one by one after
    the previous revocation's entry, a lock would be waited for while holding the audit log's
    lock (docs/architecture.md, Concurrency)."""
    list(
        Certificate.objects.select_for_update(no_key=True)
        .filter(pk__in=[c.pk for c in certificates])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def revoking_level(certificate: Certificate) -> str:
    """Who decides: the Ministry for 5★ (its decision recorded here), the province otherwise."""
    return Level.CENTRAL if certificate.stars >= 5 else Level.PROVINCE


def grounds_for(certificate: Certificate, day: datetime.date) -> list[str]:
    """Ground codes open to a revocation decided on `day`: the certificate's framework's and the
    framework in force that day's (every known ground where neither lists any)."""
    from ...reference import framework_in_force

    frameworks = [certificate.framework, framework_in_force(day)]
    codes = [g["code"] for framework in frameworks if framework for g in framework.revocation_grounds or []]
    return list(dict.fromkeys(codes)) or list(RevocationGround.values)


def revocation_clock_days(ground: str, day: datetime.date) -> int | None:
    """The days an Art. 8 revocation has from its conclusion (the framework's clock), else None."""
    from ...reference import framework_in_force

    framework = framework_in_force(day)
    if framework is None or ground not in {g["code"] for g in framework.revocation_grounds or []}:
        return None
    return framework.clock("revocation_days")


def _validate_revocation(
    certificate: Certificate, decision: Decision, ground: str, concluded_on: datetime.date | None = None
) -> None:
    if ground not in RevocationGround.values or ground not in grounds_for(certificate, decision.date):
        raise ValidationError({"ground": _("Căn cứ thu hồi không hợp lệ.")})
    if decision.level != revoking_level(certificate):
        if certificate.stars >= 5:
            message = _("Giấy chứng nhận 5 sao do Bộ Nông nghiệp và Môi trường thu hồi: ghi nhận quyết định của Bộ.")
        else:
            message = _("Giấy chứng nhận 3–4 sao do Chủ tịch UBND tỉnh thu hồi.")
        raise ValidationError({"decision": message})
    days = revocation_clock_days(ground, decision.date)
    if days is not None:
        if concluded_on is None:
            raise ValidationError({"concluded_on": _("Hãy ghi ngày có kết luận làm căn cứ thu hồi.")})
        if not concluded_on <= decision.date <= concluded_on + datetime.timedelta(days=days):
            raise ValidationError(
                {
                    "concluded_on": _(
                        "Quyết định thu hồi phải ban hành trong %(days)s ngày kể từ ngày có kết luận "
                        "(%(start)s – %(end)s)."
                    )
                    % {
                        "days": days,
                        "start": format_date(concluded_on),
                        "end": format_date(concluded_on + datetime.timedelta(days=days)),
                    }
                }
            )
    if decision.kind != DecisionKind.REVOCATION:
        raise ValidationError({"decision": _("Cần một quyết định thu hồi.")})
    if not covers(decision.province_id, certificate.province_id):
        raise ValidationError({"decision": _("Quyết định thu hồi phải của tỉnh đã cấp giấy chứng nhận.")})
    if decision.date < certificate.valid_from:
        raise ValidationError({"decision": _("Ngày quyết định thu hồi trước ngày cấp giấy chứng nhận.")})


def _notify_revocation(certificate: Certificate, decision: Decision) -> None:
    subject = _("Giấy chứng nhận OCOP %(number)s đã bị thu hồi") % {"number": certificate.number}
    body = _("Sản phẩm %(product)s: thu hồi theo quyết định %(decision)s. Căn cứ: %(ground)s.") % {
        "product": certificate.product.name,
        "decision": str(decision),
        "ground": RevocationGround(certificate.revocation_ground).label,
    }
    recipients = recipients_by_certificate([certificate], include_province_staff=False)[certificate.pk]
    notify(recipients=recipients, subject=subject, body=body, url=detail_url(certificate))
