"""Test data for the API tests: certificates (with their decision) and the arranged world in
which every persona has something of its own and something that must not leak to it."""

import datetime
import secrets

from evaluation.enums import AssignmentState, CertificateStatus, Level, MemberRole, Outcome
from evaluation.models import Certificate, CouncilAssignment, Decision
from evaluation.tests.factories import CouncilFactory, CouncilMemberFactory, framework
from ocop_portal.testing import factories as f


def make_certificate(product, *, stars=3, number=None, status=CertificateStatus.VALID, created_by=None):
    """A certificate in force with its recognition decision; states set directly to arrange tests."""
    issuer = product.district
    decision = Decision.objects.create(
        province=product.province,
        issuer_unit=issuer,
        level=Level.DISTRICT,
        number=number or f"{secrets.token_hex(3)}/QĐ-UBND",
        date=datetime.date(2026, 3, 2),
        signer="Nguyễn Văn Ký",
        authority=f"UBND {issuer.name}",
        created_by=created_by or f.UserFactory(),
    )
    return Certificate.objects.create(
        number=f"OCOP-24-2026-{Certificate.objects.count() + 1:04d}",
        public_code=secrets.token_urlsafe(8),
        product=product,
        producer=product.producer,
        province=product.province,
        district=product.district,
        stars=stars,
        framework=framework(),
        issuing_level=Level.DISTRICT,
        issuing_authority=decision.authority,
        decision=decision,
        valid_from=decision.date,
        valid_until=datetime.date(2029, 3, 1),
        status=status,
    )


def council_with_member(*, province, district, user):
    council = CouncilFactory(province=province, jurisdiction=district, level=Level.DISTRICT, name="Hội đồng Yên Thế")
    CouncilMemberFactory(council=council, user=user, role=MemberRole.CHAIR)
    return council


def closed_assignment(*, council, dossier):
    """A council result as closing stores it (values arranged directly)."""
    return CouncilAssignment.objects.create(
        council=council,
        dossier=dossier,
        level=Level.DISTRICT,
        state=AssignmentState.CLOSED,
        mean_score="62.50",
        band_stars=3,
        final_stars=3,
        outcome=Outcome.RECOGNISE,
        result={"mean": "62.50", "final_stars": 3},
    )
