"""A decision (quyết định) of a People's Committee as an A4 PDF in the official layout
(NĐ 30/2020): header with the committee, number and place/date line; "QUYẾT ĐỊNH" and what it is
about; the articles, with the recognised products (or revoked certificates) listed; the signature
block and "Nơi nhận". Built from the recorded decision and its items only."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ocop_portal.core.official import (
    OfficialDocument,
    date_line,
    number_line,
    place_name,
    recipient_lines,
    signer_lines,
)
from ocop_portal.core.pdf import pdf_document

from ..enums import DecisionKind
from ..models import Certificate, Decision

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONTS = (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"))
VALIDITY_MONTHS = 36
# NĐ 30/2020: a People's Committee's decision is signed on its behalf (TM.) by the chairman, or by
# a vice-chairman for him (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH) as the decision records.
COMMITTEE_SIGNS = "TM. ỦY BAN NHÂN DÂN"
DEFAULT_SIGNER_TITLE = "CHỦ TỊCH"


def decision_summary(decision: Decision) -> str:
    if decision.kind == DecisionKind.REVOCATION:
        return "Về việc thu hồi Giấy chứng nhận sản phẩm đạt tiêu chuẩn OCOP"
    return f"Về việc công nhận sản phẩm đạt tiêu chuẩn OCOP năm {decision.date.year}"


def decision_frame(decision: Decision) -> OfficialDocument:
    unit = decision.issuer_unit
    return OfficialDocument(
        governing_body="",
        issuer=f"ỦY BAN NHÂN DÂN {unit.name.upper()}",
        number=number_line(decision.number, "QĐ-UBND"),
        date_line=date_line(place_name(unit.name), decision.date),
        kind="QUYẾT ĐỊNH",
        summary=decision_summary(decision),
        signer=[COMMITTEE_SIGNS, *signer_lines(decision.signer_title or DEFAULT_SIGNER_TITLE)],
        signer_name=decision.signer,
        recipients=recipient_lines(["Như Điều 3", "Sở Nông nghiệp và Môi trường", "Lưu: VT"]),
    )


def decision_rows(decision: Decision, items, revoked) -> list[dict]:
    """One row per recognised product (with its certificate) or per revoked certificate; `items`
    and `revoked` are what the reader may see of the decision (the page's own scope)."""
    if decision.kind == DecisionKind.REVOCATION:
        return [
            {
                "product": c.product.name,
                "producer": c.producer.name,
                "stars": c.stars,
                "certificate": c.number,
                "note": c.get_revocation_ground_display(),
            }
            for c in revoked.select_related("product", "producer").order_by("number")
        ]
    numbers = dict(Certificate.objects.filter(decision=decision).values_list("dossier_id", "number"))
    return [
        {
            "product": item.dossier.product.name,
            "producer": item.dossier.product.producer.name,
            "stars": item.recognised_stars,
            "certificate": numbers.get(item.dossier_id, ""),
            "note": "",
        }
        for item in items
    ]


def decision_context(decision: Decision, items, revoked) -> dict:
    rows = decision_rows(decision, items, revoked)
    return {
        "doc": decision_frame(decision).as_context(),
        "decision": decision,
        "authority": decision.authority.upper(),
        "revocation": decision.kind == DecisionKind.REVOCATION,
        "rows": rows,
        "count": len(rows),
        "validity_months": VALIDITY_MONTHS,
        "font_faces": [{"weight": weight, "url": (FONT_DIR / name).as_uri()} for weight, name in FONTS],
    }


def decision_html(decision: Decision, items, revoked) -> str:
    with translation.override("vi"):  # a decision is a Vietnamese administrative document
        return render_to_string("evaluation/decisions/decision_pdf.html", decision_context(decision, items, revoked))


def decision_pdf(decision: Decision, items, revoked) -> bytes:
    return pdf_document(decision_html(decision, items, revoked)).write_pdf()


def decision_docx(decision: Decision, items, revoked) -> bytes:
    """The Word twin of the decision, from the same HTML (ocop_portal.core.docx)."""
    from ocop_portal.core.docx import html_to_docx

    return html_to_docx(decision_html(decision, items, revoked), title=f"Quyết định {decision.number}")
