"""The council's minutes (biên bản) for one dossier as an A4 PDF: members present, recusals,
members who did not submit, each member's totals (original and revised), the mean, the stars,
forwarding and gate failures — in the official layout (NĐ 30/2020: header, place and date,
signatures of the secretary and the presiding member), decimals with a comma.

Built only from the stored result of a closed assignment, so the minutes always say what the
council decided even if the sheet or the council changes later.
"""

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ocop_portal.core.official import OfficialDocument, date_line, number_line, people_committee, place_name, vn_decimal
from ocop_portal.core.pdf import pdf_document

from ..enums import Level, MemberRole, Outcome
from ..models import CouncilAssignment

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONTS = (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"))
MINUTES_SYMBOL = "BB-HĐ"


def _presiding_title(role: str) -> list[str]:
    return ["CHỦ TỌA", "PHÓ CHỦ TỊCH HỘI ĐỒNG"] if role == MemberRole.VICE_CHAIR else ["CHỦ TỊCH HỘI ĐỒNG"]


def minutes_number(assignment: CouncilAssignment) -> str:
    """'07/BB-HĐ': the council's minutes are numbered in the order its meetings closed within the
    year (the portal holds every closed meeting of the council); blank before the meeting closes."""
    if not assignment.closed_at:
        return ""
    year = timezone.localdate(assignment.closed_at).year
    earlier = (
        CouncilAssignment.objects.filter(council_id=assignment.council_id, closed_at__isnull=False)
        .filter(closed_at__year=year)
        .filter(
            models.Q(closed_at__lt=assignment.closed_at)
            | models.Q(closed_at=assignment.closed_at, pk__lt=assignment.pk)
        )
        .count()
    )
    return f"{earlier + 1:02d}/{MINUTES_SYMBOL}"


def minutes_frame(assignment: CouncilAssignment, members: list[dict]) -> OfficialDocument:
    """Header, place/date and the two signatures (secretary, presiding member) of the minutes."""
    council, result = assignment.council, assignment.result
    jurisdiction = council.jurisdiction
    presiding_id = (result.get("quorum") or {}).get("presiding")
    presiding = next((m for m in members if m["member"] == presiding_id), None)
    secretary = next((m for m in members if m["role"] == MemberRole.SECRETARY), None)
    closed_on = timezone.localdate(assignment.closed_at) if assignment.closed_at else None
    return OfficialDocument(
        governing_body=people_committee(jurisdiction.name),
        issuer=council.name.upper(),
        number=number_line(minutes_number(assignment), MINUTES_SYMBOL),
        date_line=date_line(place_name(jurisdiction.name), closed_on),
        kind="BIÊN BẢN",
        summary=f"Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP: {assignment.dossier.product.name}",
        signer=_presiding_title(presiding["role"]) if presiding else ["CHỦ TỊCH HỘI ĐỒNG"],
        signer_name=presiding["name"] if presiding else "",
        co_signers=[(["THƯ KÝ"], secretary["name"] if secretary else "")],
    )


def minutes_context(assignment: CouncilAssignment) -> dict:
    result = assignment.result
    roles = dict(MemberRole.choices)
    members = [
        {
            **row,
            "role_label": roles.get(row["role"], row["role"]),
            "original": vn_decimal(row["totals"].get("1")),
            "revisions": [
                (rev, vn_decimal(total))
                for rev, total in sorted(row["totals"].items(), key=lambda kv: int(kv[0]))
                if rev != "1"
            ],
            "counted_text": vn_decimal(row["counted"]),
        }
        for row in result.get("members", [])
    ]
    return {
        "doc": minutes_frame(assignment, members).as_context(),
        "assignment": assignment,
        "dossier": assignment.dossier,
        "council": assignment.council,
        "result": result,
        "members": members,
        "present": [m for m in members if m["present"]],
        "absent": [m for m in members if not m["present"]],
        "mean": vn_decimal(result.get("mean")),
        "spread": vn_decimal(result.get("spread")),
        "max_spread": vn_decimal(result.get("max_spread")),
        "failures": [
            {**failure, "score": vn_decimal(failure["score"]), "required": vn_decimal(failure["required"])}
            for failure in result.get("failures", [])
        ],
        "outcome_label": Outcome(result["outcome"]).label if result.get("outcome") else "",
        "route_level_label": Level(result["route_level"]).label if result.get("route_level") else "",
        "font_faces": [{"weight": weight, "url": (FONT_DIR / name).as_uri()} for weight, name in FONTS],
    }


def minutes_html(assignment: CouncilAssignment) -> str:
    with translation.override("vi"):  # the minutes are a Vietnamese administrative record
        return render_to_string("evaluation/councils/minutes_pdf.html", minutes_context(assignment))


def minutes_pdf(assignment: CouncilAssignment) -> bytes:
    return pdf_document(minutes_html(assignment)).write_pdf()


def minutes_docx(assignment: CouncilAssignment) -> bytes:
    """The Word twin of the minutes, from the same HTML (ocop_portal.core.docx)."""
    from ocop_portal.core.docx import html_to_docx

    return html_to_docx(minutes_html(assignment), title="Biên bản họp Hội đồng")
