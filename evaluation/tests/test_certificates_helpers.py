"""Shared builders for the certificate tests (no tests here): a certificate is made the way the
portal makes it — a recognition Decision with a DecisionItem for a dossier, then the issuing
service."""

import datetime
import itertools

from evaluation.enums import DecisionKind, DossierKind, DossierState, Level
from evaluation.models import Certificate, Decision, DecisionItem
from evaluation.services.certificates import certificates_issue_for_decision
from evaluation.tests.factories import DossierFactory
from ocop_portal.testing import factories as f

DECIDED_ON = datetime.date(2026, 7, 10)
_numbers = itertools.count(1)


def recognition_decision(*, province, issuer_unit=None, on=DECIDED_ON, level=Level.DISTRICT, by=None) -> Decision:
    n = next(_numbers)
    return Decision.objects.create(
        province=province,
        issuer_unit=issuer_unit or province,
        level=level,
        kind=DecisionKind.RECOGNITION,
        number=f"{n}/QĐ-UBND",
        date=on,
        signer="Nguyễn Văn Ký",
        authority="Ủy ban nhân dân huyện Yên Thế",
        created_by=by or f.UserFactory(),
    )


def recognition_item(decision: Decision, product, *, stars=3, kind=DossierKind.NEW, renews=None) -> DecisionItem:
    dossier = DossierFactory(product=product, kind=kind, renews_certificate=renews, state=DossierState.DECIDED)
    return DecisionItem.objects.create(decision=decision, dossier=dossier, recognised_stars=stars)


def issue(product, *, stars=3, on=DECIDED_ON, kind=DossierKind.NEW, renews=None, by=None, level=Level.DISTRICT):
    """One certificate for `product` from a fresh decision dated `on`."""
    decision = recognition_decision(province=product.province, issuer_unit=product.district, on=on, level=level)
    recognition_item(decision, product, stars=stars, kind=kind, renews=renews)
    certificates = certificates_issue_for_decision(decision=decision, by=by or decision.created_by)
    assert len(certificates) == 1
    return Certificate.objects.get(pk=certificates[0].pk)


def product_of(producer_record, name="Gà đồi Yên Thế"):
    return f.ProductFactory(producer=producer_record, name=name)
