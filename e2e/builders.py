"""State for the browser journeys, built with the apps' own services and factories.

A journey drives in the browser only the steps it is about; everything before them is arranged
here, the way the portal itself would have made it (state changes through the services, never by
writing `state` fields), so the pages see real data.
"""

import io
from dataclasses import dataclass

from django.utils import timezone
from PIL import Image

from evaluation.enums import DossierState, Level, SheetState
from evaluation.models import Certificate, CouncilAssignment, Dossier, Round, ScoreSheet
from evaluation.services.councils import assignment_close, council_assign
from evaluation.services.decisions import decision_record
from evaluation.services.transitions import dossier_transition
from evaluation.tests.factories import DossierFactory, RoundFactory, build_sheet, framework
from evaluation.tests.test_councils import make_council, score
from evaluation.tests.test_dossiers_fixtures import make_complete
from ocop_portal.testing import factories as f

# Points per criterion of MINI_SHEET (evaluation/tests/factories.py): parts A 40 / B 25 / C 35.
# 55 points is a 3-star result, recognised by the district; 75 is 20 points away (spread rule).
P55 = {"1.1": 10, "4.1": 25, "6.1": 20}
P75 = {"1.1": 40, "4.1": 15, "6.1": 20}


def pdf_bytes() -> bytes:
    """A small but real one-page PDF (the upload check reads the content, not the name)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (11, 94, 54)).save(buffer, format="PNG")
    return buffer.getvalue()


def open_round(province):
    """The province's open 2026 round on QĐ 148 (made once), with a published sheet for the
    default product set."""
    framework_148 = framework("148")
    round_obj = Round.objects.filter(province=province, year=2026, number=1).first() or RoundFactory(
        province=province, framework=framework_148, year=2026, number=1
    )
    product_set = f.ProductSetFactory()
    if not ScoreSheet.objects.filter(product_set=product_set, state=SheetState.PUBLISHED).exists():
        build_sheet(framework_obj=framework_148, product_set=product_set)
    return round_obj


@dataclass
class Scoring:
    council: object
    members: list  # CouncilMember rows: chair, vice-chair, member, member
    dossier: Dossier
    assignment: CouncilAssignment


def dossier_in_scoring(*, province, district, product, checker, round_obj=None) -> Scoring:
    """A complete dossier for `product`, submitted, accepted and assigned to a new district
    council of four (chair, vice-chair, two members), nobody has scored yet."""
    round_obj = round_obj or open_round(province)
    dossier = DossierFactory(product=product, round=round_obj, created_by=checker)
    make_complete(dossier, checker)
    dossier_transition(dossier, DossierState.SUBMITTED, by=checker)
    dossier_transition(dossier, DossierState.ACCEPTED, by=checker)
    council, members = make_council(province=province, jurisdiction=district)
    assignment = council_assign(council=council, dossiers=[dossier], by=checker)[0]
    return Scoring(council=council, members=members, dossier=dossier, assignment=assignment)


def certified(*, province, district, product, officer) -> Certificate:
    """`product` scored 55 by its district council and recognised 3★ by today's district
    decision: the certificate the portal issues for it."""
    scoring = dossier_in_scoring(province=province, district=district, product=product, checker=officer)
    for member in scoring.members[:3]:
        score(scoring.assignment, member, P55)
    assignment_close(assignment=scoring.assignment, by=scoring.members[0].user)
    decision_record(
        province=province,
        issuer_unit=district,
        level=Level.DISTRICT,
        number="45/QĐ-UBND",
        date=timezone.localdate(),
        signer="Nguyễn Văn Ký",
        authority="Ủy ban nhân dân huyện Yên Thế",
        items=[(scoring.dossier, 3)],
        by=officer,
    )
    return Certificate.objects.get(dossier=scoring.dossier)
