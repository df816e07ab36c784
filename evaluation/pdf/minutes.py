"""The council's minutes (biên bản) for one dossier as an A4 PDF: members present, recusals,
each member's totals (original and revised), the mean, the stars, forwarding and gate failures.

Built only from the stored result of a closed assignment, so the minutes always say what the
council decided even if the sheet or the council changes later.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ..enums import Level, MemberRole, Outcome
from ..models import CouncilAssignment

FONT_DIR = settings.BASE_DIR / "static" / "fonts"
FONTS = (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"))


def minutes_context(assignment: CouncilAssignment) -> dict:
    result = assignment.result
    roles = dict(MemberRole.choices)
    members = [
        {
            **row,
            "role_label": roles.get(row["role"], row["role"]),
            "original": row["totals"].get("1"),
            "revisions": [
                (rev, total) for rev, total in sorted(row["totals"].items(), key=lambda kv: int(kv[0])) if rev != "1"
            ],
        }
        for row in result.get("members", [])
    ]
    return {
        "assignment": assignment,
        "dossier": assignment.dossier,
        "council": assignment.council,
        "result": result,
        "members": members,
        "present": [m for m in members if m["present"]],
        "outcome_label": Outcome(result["outcome"]).label if result.get("outcome") else "",
        "route_level_label": Level(result["route_level"]).label if result.get("route_level") else "",
        "font_faces": [{"weight": weight, "url": (FONT_DIR / name).as_uri()} for weight, name in FONTS],
    }


def minutes_pdf(assignment: CouncilAssignment) -> bytes:
    from weasyprint import HTML

    with translation.override("vi"):  # the minutes are a Vietnamese administrative record
        html = render_to_string("evaluation/councils/minutes_pdf.html", minutes_context(assignment))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
