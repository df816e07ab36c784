"""The PDFs the bundles carry (WeasyPrint, Vietnamese, the DejaVu fonts shipped in static/):

- `dossier_pdf`: registration, self-assessment and the evidence list, with the evidence itself
  appended (PDF pages as they are, with pypdf; photos and scans one per A4 page, with Pillow);
- `scorecard_pdf`: one member's card of one council, every criterion with the option, points
  and comment;
- `record_pdf`: the dossier's path (transitions), its decisions, and each certificate with its
  status history.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ocop_portal.core.pdf import pdf_document

from ..models import Certificate, DecisionItem, Dossier, EvidenceFile, Scorecard, SelfAssessmentAnswer
from ..services.dossiers import REGISTRATION_FIELDS
from ..services.scorecards import sheet_criteria

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONTS = (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"))
# A4 in inches: an image is scaled to fit the page at the resolution that makes it fit.
A4_INCHES = (8.27, 11.69)
# Large photos are reduced first: a council pack is printed, not zoomed into.
MAX_IMAGE_PIXELS_SIDE = 2400


def _font_faces() -> list[dict]:
    return [{"weight": weight, "url": (FONT_DIR / name).as_uri()} for weight, name in FONTS]


def _render(template: str, context: dict) -> bytes:
    with translation.override("vi"):  # Vietnamese administrative records
        html = render_to_string(template, {**context, "font_faces": _font_faces()})
    return pdf_document(html).write_pdf()


@dataclass(frozen=True)
class AppendedEvidence:
    evidence: EvidenceFile
    pages: int
    note: str = ""


def open_evidence(evidence: EvidenceFile):
    try:
        return evidence.file.open("rb")
    except FileNotFoundError:
        raise ValidationError(
            _("Tệp minh chứng “%(name)s” (%(type)s) không còn trên máy chủ: hãy tải lên lại rồi thử lại.")
            % {"name": evidence.original_name, "type": evidence.get_evidence_type_display()}
        ) from None


def _image_pdf(handle) -> bytes:
    from PIL import Image

    with Image.open(handle) as image:
        image.thumbnail((MAX_IMAGE_PIXELS_SIDE, MAX_IMAGE_PIXELS_SIDE))
        page = image.convert("RGB")
        resolution = max(page.width / A4_INCHES[0], page.height / A4_INCHES[1], 72)
        output = io.BytesIO()
        page.save(output, "PDF", resolution=resolution)
    return output.getvalue()


def _appended(evidence: EvidenceFile) -> tuple[bytes | None, str]:
    """The evidence as PDF pages, or (None, why not) when it cannot be read as one."""
    from pypdf.errors import PdfReadError

    with open_evidence(evidence) as handle:
        if evidence.content_type == "application/pdf":
            content = handle.read()
            try:
                from pypdf import PdfReader

                reader = PdfReader(io.BytesIO(content))
                if reader.is_encrypted:
                    return None, _("tệp PDF có mật khẩu, không ghép được: xem tệp gốc")
                return content, ""
            except (PdfReadError, ValueError, KeyError):
                return None, _("tệp PDF bị lỗi, không ghép được: xem tệp gốc")
        if evidence.content_type.startswith("image/"):
            return _image_pdf(handle), ""
    return None, _("định dạng không ghép được vào PDF: xem tệp gốc")


def dossier_context(dossier: Dossier) -> dict:
    answers = {a.criterion_id: a for a in SelfAssessmentAnswer.objects.filter(dossier=dossier).select_related("option")}
    criteria = sheet_criteria(dossier, dossier.sheet)
    rows = [(c, answers.get(c.id)) for c in criteria]
    registration = dossier.registration or {}
    return {
        "dossier": dossier,
        "product": dossier.product,
        "producer": dossier.product.producer,
        "registration": [(spec.label, registration.get(key, "")) for key, spec in REGISTRATION_FIELDS.items()],
        "self_assessment": rows,
        "self_assessment_total": sum((a.option.points for _c, a in rows if a is not None), 0),
        "evidence": list(dossier.evidence.order_by("evidence_type", "uploaded_at", "id")),
    }


def dossier_pdf(dossier: Dossier, *, append_evidence: bool) -> tuple[bytes, list[AppendedEvidence]]:
    """The dossier's PDF and, when `append_evidence`, what was appended (or why not) per file."""
    from pypdf import PdfReader, PdfWriter

    context = dossier_context(dossier)
    appended: list[AppendedEvidence] = []
    parts: list[bytes] = []
    if append_evidence:
        for evidence in context["evidence"]:
            content, note = _appended(evidence)
            pages = len(PdfReader(io.BytesIO(content)).pages) if content else 0
            appended.append(AppendedEvidence(evidence, pages, note))
            if content:
                parts.append(content)
    by_evidence = {item.evidence.pk: item for item in appended}
    context["evidence_rows"] = [(evidence, by_evidence.get(evidence.pk)) for evidence in context["evidence"]]
    front = _render("evaluation/bundles/dossier_pdf.html", context)
    if not parts:
        return front, appended
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)))
    for content in parts:
        writer.append(PdfReader(io.BytesIO(content)))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), appended


def scorecard_pdf(card: Scorecard) -> bytes:
    assignment = card.assignment
    answers = {a.criterion_id: a for a in card.answers.select_related("option")}
    criteria = sheet_criteria(assignment.dossier, card.sheet)
    return _render(
        "evaluation/bundles/scorecard_pdf.html",
        {"card": card, "assignment": assignment, "rows": [(c, answers.get(c.id)) for c in criteria]},
    )


def dossier_certificates(dossier: Dossier):
    """The certificates the dossier led to, and the one it renewed or upgraded."""
    return (
        Certificate.objects.filter(Q(dossier=dossier) | Q(pk=dossier.renews_certificate_id))
        .prefetch_related("events")
        .order_by("valid_from", "id")
    )


def decision_items(dossier: Dossier):
    return DecisionItem.objects.filter(dossier=dossier).select_related("decision").order_by("decision__date", "id")


def record_pdf(dossier: Dossier) -> bytes:
    items = decision_items(dossier)
    certificates = dossier_certificates(dossier)
    return _render(
        "evaluation/bundles/record_pdf.html",
        {
            "dossier": dossier,
            "transitions": dossier.transitions.select_related("by").order_by("at", "id"),
            "items": items,
            "certificates": certificates,
        },
    )
