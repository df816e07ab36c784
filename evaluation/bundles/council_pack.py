"""The council pack: before a session, one PDF per dossier before the council (registration,
self-assessment, evidence list, the evidence appended) and one ZIP of them all, for members who
print or read offline. Built by a Celery job (evaluation.services.jobs) with progress."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop_portal.core.collation import vi_order

from ..enums import AssignmentState, JobKind
from ..models import Council, CouncilAssignment, Job
from ..rules.councils import manages_council, sits_on_council
from ..services.jobs import JobOutput, job_request
from .archive import BundleWriter, ascii_slug
from .documents import dossier_pdf

PACK_STATES = (AssignmentState.SCORING, AssignmentState.RECONCILIATION)


def council_pack_target(council_id: int) -> str:
    return f"council:{council_id}"


def pack_assignments(council_id: int):
    """The dossiers the pack covers: those the council is scoring now, by product name."""
    return (
        CouncilAssignment.objects.filter(council_id=council_id, state__in=PACK_STATES)
        .select_related("dossier__product__producer", "dossier__round__framework", "dossier__sheet")
        .order_by(*vi_order("dossier__product__name"), "id")
    )


def council_pack_request(*, council: Council, by) -> Job:
    """Queue the pack of `council` (or return the one being built). Side effects: a Job row, an
    audit entry, the task after commit. Raises PermissionDenied unless `by` manages the council
    or sits on it, ValidationError when no dossier is before it."""
    if not (manages_council(by, council) or sits_on_council(by, council)):
        raise PermissionDenied(_("Bạn không thuộc Hội đồng này."))
    if not pack_assignments(council.pk).exists():
        raise ValidationError(_("Hội đồng chưa có hồ sơ nào đang chấm: không có gì để đóng gói."))
    return job_request(
        kind=JobKind.COUNCIL_PACK,
        target=council_pack_target(council.pk),
        province=council.province,
        council=council,
        by=by,
    )


def _file_stem(index: int, assignment: CouncilAssignment) -> str:
    product = assignment.dossier.product
    return f"{index:02d}-{ascii_slug(product.name, 'san-pham')}-{assignment.dossier_id}"


def _progressing(assignments, on_progress):
    for index, assignment in enumerate(assignments, start=1):
        yield index, assignment
        on_progress(int(90 * index / len(assignments)))


def _add_dossier(writer: BundleWriter, index: int, assignment: CouncilAssignment) -> dict:
    dossier = assignment.dossier
    content, appended = dossier_pdf(dossier, append_evidence=True)
    entry = writer.add_bytes(
        f"{_file_stem(index, assignment)}.pdf",
        content,
        media_type="application/pdf",
        title=f"{dossier.product.name} — {dossier.product.producer.name}",
    )
    return {
        "dossier": dossier.pk,
        "product": dossier.product.name,
        "file": entry.path,
        "not_appended": [
            {"file": item.evidence.original_name, "why": item.note} for item in appended if not item.pages
        ],
    }


def council_pack_build(job: Job, on_progress) -> JobOutput:
    """One PDF per dossier, then the ZIP with its manifest (SHA-256 of every PDF)."""
    assignments = list(pack_assignments(job.council_id))
    if not assignments:
        raise ValidationError(_("Hội đồng không còn hồ sơ nào đang chấm: không có gì để đóng gói."))
    writer = BundleWriter()
    try:
        dossiers = [
            _add_dossier(writer, index, assignment) for index, assignment in _progressing(assignments, on_progress)
        ]
    except BaseException:
        writer.abort()
        raise
    council = job.council
    stamp = timezone.localtime()
    archive = writer.close(
        {
            "kind": "council_pack",
            "council": council.name,
            "generated_at": stamp.isoformat(),
            "dossiers": dossiers,
        }
    )
    name = f"bo-ho-so-{ascii_slug(council.name, 'hoi-dong')}-{stamp:%Y%m%d-%H%M}.zip"
    return JobOutput(result={"dossiers": dossiers, "files": len(writer.entries)}, file_name=name, file=archive)
