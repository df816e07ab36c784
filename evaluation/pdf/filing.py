"""Forms 01, 02 and 03 of QĐ 26/2026 (Annex III) as A4 PDFs, in the printed forms' order.

Forms 01 and 02 print what was filed: the latest submitted copy once the dossier is out of the
producer's hands (with its registration number and SHA-256), else the draft as it stands,
marked as a draft. Form 03 prints the commune's report. Vietnamese documents whatever the
interface language."""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ocop_portal.core.official import date_line, place_name
from ocop_portal.core.pdf import pdf_document

from ..enums import DossierState
from ..models import Dossier
from ..services import filing

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONTS = (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"))
TEMPLATES = {"01": "evaluation/filing/form01_pdf.html", "02": "evaluation/filing/form02_pdf.html"}


def _rows(spec: dict, values: dict) -> list[dict]:
    return [
        {"key": key, "label": str(field.label), "kind": field.kind, "value": values.get(key, "")}
        for key, field in spec.items()
    ]


def filed_content(dossier: Dossier) -> tuple[dict, str, bool]:
    """(content, sha256, is_draft): the latest submitted copy unless the producer may still edit."""
    copy = filing.latest_copy(dossier)
    if copy is not None and dossier.state not in DossierState.editable_states():
        return copy.content, copy.sha256, False
    content = filing.filing_content(dossier)
    content["form01"] = filing.form_values(dossier, "01")
    content["form02"] = filing.form_values(dossier, "02")
    return content, "", True


def filing_context(dossier: Dossier, form_no: str) -> dict:
    content, sha256, draft = filed_content(dossier)
    context = {
        "content": content,
        "sha256": sha256,
        "draft": draft,
        "province_name": content["province"]["name"],
        "year": content["round"]["year"],
        "attempt": content["kind"],
        "attempts": [("new", "Lần đầu"), ("upgrade", "Nâng hạng"), ("reevaluation", "Đánh giá lại")],
        "font_faces": [{"weight": weight, "url": (FONT_DIR / name).as_uri()} for weight, name in FONTS],
    }
    submitted = content.get("submitted_at")
    received = timezone.localtime(datetime.datetime.fromisoformat(submitted)).date() if submitted else None
    context["received"] = received
    if form_no == "01":
        values = content["form01"]
        context["rows"] = _rows(filing.FORM01_FIELDS, values)
        context["values"] = values
        context["date_line"] = date_line(values.get("place") or place_name(content["commune"]["name"]), received)
    elif form_no == "02":
        values = content["form02"]
        context["values"] = values
        context["part1"] = [
            r for r in _rows(filing.FORM02_FIELDS, values) if r["key"] not in ("business_results", "business_plan")
        ]
        context["topics"] = filing.evidence_by_topic(content["evidence"])
        context["total"] = sum((float(a["points"]) for a in content["self_assessment"]), 0.0)
        context["date_line"] = date_line(place_name(content["commune"]["name"]), received)
    else:
        forms = filing.forms_of(dossier)
        context["form03"] = _rows(filing.FORM03_FIELDS, forms.form03)
        context["form02"] = content["form02"]
        context["written_at"] = timezone.localtime(forms.form03_at).date() if forms.form03_at else None
        context["date_line"] = date_line(place_name(content["commune"]["name"]), context["written_at"])
        context["commune_name"] = content["commune"]["name"]
    return context


def filing_html(dossier: Dossier, form_no: str) -> str:
    template = TEMPLATES.get(form_no, "evaluation/filing/form03_pdf.html")
    with translation.override("vi"):
        return render_to_string(template, filing_context(dossier, form_no))


def filing_pdf(dossier: Dossier, form_no: str) -> bytes:
    return pdf_document(filing_html(dossier, form_no)).write_pdf()
