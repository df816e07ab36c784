"""Issuing certificates from a recognition decision: numbering, public codes, supersession, and
the announcement of each recognition (evaluation.signals.recognition_decided) that support
answers with the results-based award proposal."""

import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log
from products.models import Product

from ...enums import CertificateStatus as S
from ...enums import DecisionKind
from ...models import Certificate, CertificateEvent, CertificateSequence, Decision, DecisionItem
from ...signals import announce_recognition_on_commit
from .status import MIN_CERTIFIED_STARS, advance_by_date, certificate_set_status, valid_until_for

DEFAULT_NUMBER_PATTERN = "OCOP-{province}-{year}-{seq:04d}"


def number_pattern() -> str:
    return getattr(settings, "OCOP_CERTIFICATE_NUMBER_PATTERN", DEFAULT_NUMBER_PATTERN)


def certificates_issue_for_decision(*, decision: Decision, by) -> list[Certificate]:
    """Issue a certificate for every item of a recognition decision with ≥ 3 recognised stars.

    Idempotent: an item that already has its certificate is skipped. Meant to be called by the
    decision service inside its transaction, after the DecisionItems exist.

    Side effects, per new certificate: a number taken from CertificateSequence, the Certificate,
    its history (issued, then any calendar boundary already passed), the supersession of the
    product's certificate in force (or of the expired one the dossier renews) with its cached
    public verification pages dropped after commit, audit entries, and, after commit,
    evaluation.signals.recognition_decided (support proposes the results-based award from it;
    an award the support rules refuse is logged and does not touch the recognition).
    """
    if decision.kind != DecisionKind.RECOGNITION:
        raise ValidationError(_("Chỉ quyết định công nhận mới cấp giấy chứng nhận."))
    issued = []
    with transaction.atomic():
        # One issuer at a time per decision, so a concurrent second call finds the first's rows.
        Decision.objects.select_for_update(no_key=True).get(pk=decision.pk)
        items = (
            DecisionItem.objects.filter(decision=decision, recognised_stars__gte=MIN_CERTIFIED_STARS)
            .exclude(Exists(Certificate.objects.filter(decision=decision, dossier=OuterRef("dossier"))))
            .select_related(
                "dossier__product__producer", "dossier__round__framework", "dossier__renews_certificate", "decision"
            )
            .order_by("id")
        )
        for item in items:
            issued.append(_issue_one(item, by=by))
    return issued


def products_lock(product_ids) -> None:
    """The issuing lock of these products (see _issue_one), taken in id order by a service that
    issues for several, before its first audit entry."""
    list(
        Product.objects.select_for_update(no_key=True)
        .filter(pk__in=list(product_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _issue_one(item: DecisionItem, *, by) -> Certificate:
    decision, dossier = item.decision, item.dossier
    product = dossier.product
    today = timezone.localdate()
    # One issue at a time per product: a second recognition of the product made at the same
    # moment waits here, then finds this one's certificate in force and supersedes it.
    Product.objects.select_for_update(no_key=True).only("pk").get(pk=product.pk)
    number = _next_number(province_code=decision.province.code, year=decision.date.year)
    earlier = Certificate.objects.filter(product=product).order_by("-valid_from", "-id").first()
    to_supersede = list(Certificate.objects.filter(product=product, status__in=S.in_force()).order_by("id"))
    renewed = dossier.renews_certificate
    if renewed is not None and renewed.status == S.EXPIRED:  # expired: not among those in force
        to_supersede.append(renewed)
    reason = _("Được thay thế bởi giấy chứng nhận %(number)s") % {"number": number}
    for old in to_supersede:
        certificate_set_status(
            certificate=old, to=S.SUPERSEDED, on=decision.date, reason=reason, decision=decision, by=by
        )

    certificate = Certificate(
        number=number,
        public_code=_new_public_code(),
        product=product,
        producer=product.producer,
        province=decision.province,
        district=dossier.district or product.district,
        stars=item.recognised_stars,
        framework=dossier.round.framework,
        issuing_level=decision.level,
        issuing_authority=decision.authority,
        decision=decision,
        dossier=dossier,
        valid_from=decision.date,
        valid_until=valid_until_for(decision.date),
        status=S.VALID,
    )
    certificate.full_clean()
    certificate.save()
    CertificateEvent.objects.create(
        certificate=certificate,
        date=decision.date,
        from_status="",
        to_status=S.VALID,
        reason=_("Cấp theo quyết định %(decision)s") % {"decision": decision.number},
        decision=decision,
    )
    audit_log(
        actor=by,
        action="certificate.issued",
        obj=certificate,
        changes={"stars": ["", str(certificate.stars)], "valid_until": ["", str(certificate.valid_until)]},
        note=decision.number,
    )
    for old in to_supersede:
        old.superseded_by = certificate
        old.save(update_fields=["superseded_by"])
    advance_by_date(certificate, today, by=by)
    announce_recognition_on_commit(
        certificate=certificate, earlier_stars=earlier.stars if earlier is not None else None, by=by
    )
    return certificate


def _next_number(*, province_code: str, year: int) -> str:
    """The next free number of the province's sequence for `year`; a number is never reused,
    since the sequence only grows and a number already taken (pattern change, manual entry) is
    skipped."""
    pattern = number_pattern()
    CertificateSequence.objects.get_or_create(province_code=province_code, year=year)
    sequence = CertificateSequence.objects.select_for_update(no_key=True).get(province_code=province_code, year=year)
    while True:
        sequence.last_number += 1
        try:
            number = pattern.format(province=province_code, year=year, seq=sequence.last_number)
        except (KeyError, IndexError, ValueError) as error:
            raise ImproperlyConfigured(
                f"OCOP_CERTIFICATE_NUMBER_PATTERN {pattern!r} is not valid: use {{province}}, {{year}} and {{seq}}"
            ) from error
        if not Certificate.objects.filter(number=number).exists():
            break
    sequence.save(update_fields=["last_number"])
    return number


# Lower-case letters and digits without the look-alikes 0/o and 1/l: a code read off a label can
# be typed back, and no "-" or "_" for a line break or a PDF's text layer to mangle.
PUBLIC_CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def _new_public_code() -> str:
    # 12 characters of a 32-letter alphabet: 60 random bits, not guessable, short enough for a QR.
    while True:
        code = "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(12))
        if not Certificate.objects.filter(public_code=code).exists():
            return code
