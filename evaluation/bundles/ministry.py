"""The 5★ dossier the province sends to the Ministry (QĐ 26/2026 Art. 6.3) as one ZIP with a
SHA-256 manifest: the province's letter, the chairman's approval and the advisory team's report
with the extra tests (one PDF of the province's documents), the council's report (minutes), the
producer's dossier with its evidence, and the record of the dossier's path — the inspector
bundle's sections plus the province's own."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import AdvisoryKind
from ..models import Dossier, Job
from ..services.jobs import JobOutput
from .archive import ascii_slug
from .documents import _render
from .dossier_bundle import (
    BundleContext,
    build_dossier_bundle,
    section_dossier,
    section_evidence,
    section_minutes,
    section_record,
)


def section_province_documents(context: BundleContext) -> None:
    dossier = context.dossier
    submission = dossier.ministry_submission
    records = list(dossier.advisory_records.select_related("by", "answers").order_by("on", "id"))
    content = _render(
        "evaluation/bundles/ministry_pdf.html",
        {
            "dossier": dossier,
            "submission": submission,
            "reports": [r for r in records if r.kind == AdvisoryKind.REPORT],
            "records": [r for r in records if r.kind != AdvisoryKind.REPORT],
        },
    )
    context.writer.add_bytes(
        "0-cong-van-phe-duyet-bao-cao-to-tu-van/van-ban-cua-tinh.pdf",
        content,
        media_type="application/pdf",
        title=_("Công văn đề nghị, quyết định phê duyệt, báo cáo của tổ tư vấn và kết quả kiểm nghiệm bổ sung"),
    )


MINISTRY_PACKAGE_SECTIONS = (
    section_province_documents,
    section_dossier,
    section_evidence,
    section_minutes,
    section_record,
)


def ministry_package_build(job: Job, on_progress) -> JobOutput:
    dossier = Dossier.objects.select_related(
        "product__producer", "round__framework", "sheet", "province", "ministry_submission"
    ).get(pk=job.dossier_id)
    archive, metadata, entries = build_dossier_bundle(
        dossier, sections=MINISTRY_PACKAGE_SECTIONS, on_progress=on_progress, kind="ministry_package"
    )
    name = (
        f"de-nghi-5-sao-{dossier.pk}-{ascii_slug(dossier.product.name, 'san-pham')}-{timezone.localdate():%Y%m%d}.zip"
    )
    return JobOutput(result={"files": len(entries), "warnings": metadata["warnings"]}, file_name=name, file=archive)
