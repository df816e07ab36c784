"""Bad files at every upload point: each gets a clear error and leaves nothing behind.

Upload points: a product photo, a dossier's evidence (page and API), an inspection finding's
evidence, the registry import and the score-sheet import. Bad files: one that lies about its type,
a decompression bomb, an SVG with a script, a 0-byte file and an over-size one. "Nothing behind"
means no new row and no new file anywhere under MEDIA_ROOT. A 500 counts as a failure, not as a
refusal.
"""

import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.models import EvidenceFile, InspectionFinding, ScoreSheet
from products.models import ProductPhoto, RegistryImport
from products.tests.factories import register_row, xlsx_bytes

pytestmark = pytest.mark.integration


@pytest.fixture
def scenario(producer_record, district_officer, province_staff):
    """Lighter than the shared scenario: only what the upload points need."""
    from evaluation.tests.factories import DossierFactory, RoundFactory
    from ocop_portal.testing import factories as f

    product = f.ProductFactory(producer=producer_record, name="Gà đồi Yên Thế")
    round_obj = RoundFactory(province=producer_record.province, year=2026, number=1)
    draft = DossierFactory(product=product, round=round_obj, created_by=district_officer)
    return {
        "product": product,
        "draft": draft,
        "round": round_obj,
        "sheet": draft.sheet,
        "inspection": _inspection(producer_record, province_staff),
    }


def _inspection(producer_record, staff):
    """An open inspection of a certified product: its findings take evidence files."""
    import datetime

    from evaluation.services.inspections import inspection_create
    from evaluation.tests.test_certificates_helpers import issue, product_of

    return inspection_create(
        certificate=issue(product_of(producer_record, "Mật ong Yên Thế")),
        kind="ad_hoc",
        planned_on=datetime.date(2026, 9, 1),
        lead="Văn phòng Điều phối OCOP tỉnh",
        by=staff,
    )


SMALL_LIMIT = 4096
HTML_WITH_SCRIPT = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(width: int = 40_000, height: int = 40_000) -> bytes:
    """A 100-byte PNG that claims 1.6 billion pixels (decoding it would need ~5 GB)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )


def padded(prefix: bytes, size: int) -> bytes:
    return prefix + b"\0" * (size - len(prefix))


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


# upload point → (persona, url, form data without the file, file field, model whose rows must not grow,
#                 real file of the right kind for the over-size case, its name)
def _points(scenario):
    return {
        "product_photo": (
            "district_officer",
            reverse("products:product_photo_add", args=[scenario["product"].pk]),
            {"caption": "Ảnh thử"},
            "image",
            ProductPhoto,
            "anh.png",
        ),
        "evidence": (
            "district_officer",
            reverse("evaluation:dossier_evidence", args=[scenario["draft"].pk]),
            {"evidence_type": "lab_test"},
            "file",
            EvidenceFile,
            "kiem-nghiem.pdf",
        ),
        "registry_import": (
            "province_staff",
            reverse("products:import_upload"),
            {},
            "file",
            RegistryImport,
            "dang-ky.xlsx",
        ),
        "inspection_finding": (
            "province_staff",
            reverse("evaluation:inspection_finding_add", args=[scenario["inspection"].pk]),
            {"subject": "mark", "description": "Ảnh hiện trường"},
            "files",
            InspectionFinding,
            "bien-ban.pdf",
        ),
        "sheet_import": (
            "national_editor",
            reverse("evaluation:sheet_import"),
            {
                "framework": scenario["round"].framework_id,
                "product_set": scenario["product"].product_set_id,
                "title": "Phiếu thử",
            },
            "file",
            ScoreSheet,
            "phieu.xlsx",
        ),
    }


def _bad_files(point: str, right_name: str) -> dict[str, tuple[str, bytes]]:
    stem, extension = right_name.rsplit(".", 1)
    over_size = {
        "product_photo": padded(b"\x89PNG\r\n\x1a\n", SMALL_LIMIT + 1),
        "evidence": padded(b"%PDF-1.4\n", SMALL_LIMIT + 1),
        "inspection_finding": padded(b"%PDF-1.4\n", SMALL_LIMIT + 1),
        "registry_import": xlsx_bytes([register_row(mo_ta="x" * 200, so_dkkd=f"24{n:08d}") for n in range(60)]),
        # the sheet importer has its own fixed 5 MB limit (evaluation/sheets/parser.py)
        "sheet_import": padded(b"PK\x03\x04", 5 * 1024 * 1024 + 1),
    }[point]
    return {
        "lies_about_type": (right_name, HTML_WITH_SCRIPT),
        "svg_with_script": (f"{stem}.svg", SVG_WITH_SCRIPT),
        "svg_named_as_allowed": (right_name, SVG_WITH_SCRIPT),
        "empty": (right_name, b""),
        "over_size": (right_name, over_size),
        "png_bomb": (f"{stem}.png" if extension in {"png", "pdf"} else right_name, png_bomb()),
    }


def _errors(response) -> list[str]:
    context = response.context or {}
    found = []
    form = context.get("form")
    if form is not None:
        found += [str(message) for messages in form.errors.values() for message in messages]
    found += [str(error) for error in context.get("row_errors") or []]
    return found


CASES = ["lies_about_type", "svg_with_script", "svg_named_as_allowed", "empty", "over_size", "png_bomb"]
POINTS = ["product_photo", "evidence", "inspection_finding", "registry_import", "sheet_import"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("point", POINTS)
def test_bad_upload_is_refused_with_a_message_and_leaves_nothing(scenario, persona, client, settings, point, case):
    settings.OCOP_MAX_UPLOAD_BYTES = SMALL_LIMIT
    who, url, data, field, model, right_name = _points(scenario)[point]
    name, content = _bad_files(point, right_name)[case]
    client.raise_request_exception = False
    client.force_login(persona(who))
    rows_before, files_before = model.objects.count(), media_files()

    response = client.post(url, {**data, field: SimpleUploadedFile(name, content)})

    assert (response.status_code in (200, 400), bool(_errors(response))) == (True, True), (
        response.status_code,
        response.content[:300],
    )
    assert (model.objects.count(), media_files()) == (rows_before, files_before)


@pytest.mark.parametrize("case", ["lies_about_type", "svg_named_as_allowed", "empty", "png_bomb"])
def test_api_evidence_upload_refuses_bad_files(scenario, district_officer, settings, case):
    from rest_framework.test import APIClient

    settings.OCOP_MAX_UPLOAD_BYTES = SMALL_LIMIT
    name, content = _bad_files("evidence", "kiem-nghiem.pdf")[case]
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(district_officer)
    rows_before, files_before = EvidenceFile.objects.count(), media_files()
    response = client.post(
        reverse("api:dossier-evidence", args=[scenario["draft"].pk]),
        {"evidence_type": "lab_test", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert (EvidenceFile.objects.count(), media_files()) == (rows_before, files_before)


def test_a_good_upload_still_works_at_every_point(scenario, persona, client, tmp_path):
    """The control: the same posts with a good file are accepted (so the refusals above are real)."""
    from evaluation.tests.test_sheets_views import upload_rows
    from products.tests.factories import image_bytes

    from .conftest import PDF_BYTES

    good = {
        "product_photo": ("anh.png", image_bytes()),
        "evidence": ("kiem-nghiem.pdf", PDF_BYTES),
        "inspection_finding": ("bien-ban.pdf", PDF_BYTES),
        "registry_import": ("dang-ky.xlsx", xlsx_bytes([register_row()])),
        "sheet_import": ("phieu.csv", upload_rows(scenario["sheet"]).encode("utf-8")),
    }
    answers = {}
    for point, (who, url, data, field, model, _right) in _points(scenario).items():
        client.force_login(persona(who))
        before = model.objects.count()
        name, content = good[point]
        response = client.post(url, {**data, field: SimpleUploadedFile(name, content)})
        answers[point] = (response.status_code, model.objects.count() - before)
    assert answers == dict.fromkeys(POINTS, (302, 1))
