"""The inspector / Ministry bundle: one ZIP per dossier with everything an inspection or the
Ministry asks for, and a manifest of SHA-256 checksums (`manifest.json` and `SHA256SUMS`).

The bundle is a list of sections. Each section is a function `(context) -> None` that adds files
through `context.writer` (and may note warnings); `DOSSIER_BUNDLE_SECTIONS` is the inspector's
bundle. Another bundle (the 5★ package of QĐ 26/2026 Art. 6.3: letter, advisory team report,
council report, approval decision, dossier, extra tests) is the same sections plus its own,
built with `build_dossier_bundle(dossier, sections=…)`.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import JobKind
from ..models import CouncilAssignment, Dossier, Job, Scorecard
from ..pdf.minutes import minutes_pdf
from ..rules.fairness import sees_member_fairness
from ..services.jobs import JobOutput, job_request
from .archive import BundleWriter, ascii_slug
from .documents import decision_items, dossier_certificates, dossier_pdf, open_evidence, record_pdf, scorecard_pdf

BUNDLE_FORMAT = "ocop-dossier-bundle/1"


@dataclass
class BundleContext:
    dossier: Dossier
    writer: BundleWriter
    warnings: list[str] = field(default_factory=list)
    on_progress: Callable[[int], None] = lambda _value: None


Section = Callable[[BundleContext], None]


def dossier_bundle_target(dossier_id: int) -> str:
    return f"dossier:{dossier_id}"


def dossier_bundle_request(*, dossier: Dossier, by) -> Job:
    """Queue the bundle of `dossier` (or return the one being built): province staff of its
    province only. Side effects: a Job row, an audit entry, the task after commit."""
    if not sees_member_fairness(by, dossier.province_id):
        raise PermissionDenied(_("Chỉ cán bộ Sở của tỉnh lập được bộ hồ sơ cho thanh tra, Bộ."))
    return job_request(
        kind=JobKind.DOSSIER_BUNDLE,
        target=dossier_bundle_target(dossier.pk),
        province=dossier.province,
        dossier=dossier,
        by=by,
    )


# --- the sections ---------------------------------------------------------------------------------


def section_dossier(context: BundleContext) -> None:
    content, _appended = dossier_pdf(context.dossier, append_evidence=False)
    context.writer.add_bytes(
        "1-ho-so/phieu-dang-ky-tu-danh-gia.pdf",
        content,
        media_type="application/pdf",
        title=_("Phiếu đăng ký, báo cáo tự đánh giá và danh mục minh chứng"),
    )


def section_evidence(context: BundleContext) -> None:
    """Each evidence file as uploaded; a file whose bytes no longer match the checksum taken at
    upload is still included, and named in the warnings."""
    for evidence in context.dossier.evidence.order_by("evidence_type", "uploaded_at", "id"):
        with open_evidence(evidence) as handle:
            entry = context.writer.add_file(
                f"2-minh-chung/{evidence.evidence_type}/{evidence.original_name}",
                handle,
                media_type=evidence.content_type,
                title=evidence.get_evidence_type_display(),
            )
        if evidence.sha256 and entry.sha256 != evidence.sha256:
            context.warnings.append(
                _("Tệp minh chứng “%(name)s” không khớp mã SHA-256 ghi lúc tải lên (%(stored)s).")
                % {"name": evidence.original_name, "stored": evidence.sha256}
            )


def _assignments(dossier: Dossier) -> list[CouncilAssignment]:
    return list(dossier.assignments.select_related("council", "dossier__product__producer").order_by("opened_at", "id"))


def section_scorecards(context: BundleContext) -> None:
    """Every card of every council, every revision, drafts included (marked so on the card)."""
    for assignment in _assignments(context.dossier):
        cards = (
            Scorecard.objects.filter(assignment=assignment)
            .select_related("member__user", "sheet")
            .order_by("member__order", "member_id", "revision")
        )
        for card in cards:
            card.assignment = assignment
            name = ascii_slug(card.member.user.display_name, f"thanh-vien-{card.member_id}")
            context.writer.add_bytes(
                f"3-phieu-cham/{assignment.level}/{name}-lan-{card.revision}.pdf",
                scorecard_pdf(card),
                media_type="application/pdf",
                title=_("Phiếu chấm của %(member)s, lần %(revision)s")
                % {"member": card.member.user.display_name, "revision": card.revision},
            )


def section_minutes(context: BundleContext) -> None:
    for assignment in _assignments(context.dossier):
        if assignment.result:
            context.writer.add_bytes(
                f"4-bien-ban/bien-ban-{assignment.level}.pdf",
                minutes_pdf(assignment),
                media_type="application/pdf",
                title=_("Biên bản họp Hội đồng %(council)s") % {"council": assignment.council.name},
            )


def section_record(context: BundleContext) -> None:
    """The path, decisions and certificates as a PDF for people and a JSON for programs."""
    dossier = context.dossier
    context.writer.add_bytes(
        "5-quyet-dinh-giay-chung-nhan/qua-trinh-quyet-dinh-giay-chung-nhan.pdf",
        record_pdf(dossier),
        media_type="application/pdf",
        title=_("Quá trình xử lý, quyết định, giấy chứng nhận và lịch sử trạng thái"),
    )
    context.writer.add_bytes(
        "5-quyet-dinh-giay-chung-nhan/du-lieu.json",
        json.dumps(record_data(dossier), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode("utf-8"),
        media_type="application/json",
        title=_("Dữ liệu hồ sơ, kết quả chấm, quyết định và giấy chứng nhận (JSON)"),
    )


def record_data(dossier: Dossier) -> dict:
    items = decision_items(dossier)
    certificates = dossier_certificates(dossier)
    return {
        "dossier": {
            "id": dossier.pk,
            "product": dossier.product.name,
            "producer": dossier.product.producer.name,
            "round": str(dossier.round),
            "kind": dossier.kind,
            "state": dossier.state,
            "registration": dossier.registration,
        },
        "transitions": list(dossier.transitions.order_by("at", "id").values("from_state", "to_state", "level", "at")),
        "council_results": [
            {"council": a.council.name, "level": a.level, "state": a.state, "result": a.result}
            for a in _assignments(dossier)
        ],
        "decisions": [
            {
                "number": item.decision.number,
                "date": item.decision.date,
                "authority": item.decision.authority,
                "signer": item.decision.signer,
                "kind": item.decision.kind,
                "recognised_stars": item.recognised_stars,
            }
            for item in items
        ],
        "certificates": [
            {
                "number": c.number,
                "stars": c.stars,
                "valid_from": c.valid_from,
                "valid_until": c.valid_until,
                "status": c.status,
                "revocation_ground": c.revocation_ground,
                "history": [
                    {"date": e.date, "from": e.from_status, "to": e.to_status, "reason": e.reason}
                    for e in c.events.all()
                ],
            }
            for c in certificates
        ],
    }


DOSSIER_BUNDLE_SECTIONS: tuple[Section, ...] = (
    section_dossier,
    section_evidence,
    section_scorecards,
    section_minutes,
    section_record,
)


def build_dossier_bundle(
    dossier: Dossier, *, sections: Sequence[Section] = DOSSIER_BUNDLE_SECTIONS, on_progress=None, kind: str = ""
):
    """(the ZIP as an open temporary file, the manifest's metadata). Raises ValidationError with
    the reason when a section cannot be built (an evidence file gone from storage)."""
    context = BundleContext(dossier=dossier, writer=BundleWriter())
    try:
        for index, section in enumerate(sections, start=1):
            section(context)
            if on_progress:
                on_progress(int(90 * index / len(sections)))
    except BaseException:
        context.writer.abort()
        raise
    metadata = {
        "format": BUNDLE_FORMAT,
        "kind": kind or "dossier_bundle",
        "dossier": dossier.pk,
        "product": dossier.product.name,
        "producer": dossier.product.producer.name,
        "generated_at": timezone.localtime().isoformat(),
        "warnings": context.warnings,
    }
    return context.writer.close(metadata), metadata, context.writer.entries


def dossier_bundle_build(job: Job, on_progress) -> JobOutput:
    dossier = (
        Dossier.objects.select_related("product__producer", "round__framework", "sheet", "province")
        .filter(pk=job.dossier_id)
        .first()
    )
    archive, metadata, entries = build_dossier_bundle(dossier, on_progress=on_progress)
    name = f"ho-so-{dossier.pk}-{ascii_slug(dossier.product.name, 'san-pham')}-{timezone.localdate():%Y%m%d}.zip"
    return JobOutput(result={"files": len(entries), "warnings": metadata["warnings"]}, file_name=name, file=archive)
