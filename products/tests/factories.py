"""Registry test data beyond the shared factories: proposals, images and register files."""

import csv
import io
import unicodedata

import factory
import openpyxl
from PIL import Image

from ocop_portal.testing.factories import ProducerFactory, UserFactory
from products.enums import ProposalState
from products.models import EditProposal
from products.register_file import COLUMNS


class EditProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditProposal

    producer = factory.SubFactory(ProducerFactory)
    proposed_by = factory.SubFactory(UserFactory)
    changes = factory.LazyAttribute(
        lambda proposal: {
            "fields": {"phone": [proposal.producer.phone, "0912 345 678"]},
            "base_version": proposal.producer.version,
            "note": "Đổi số điện thoại",
        }
    )
    state = ProposalState.PENDING


def image_bytes(image_format: str = "PNG", size=(8, 8)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(output, format=image_format)
    return output.getvalue()


def register_row(**overrides) -> dict:
    """One row of a register file in the documented layout (products/IMPORT.md)."""
    row = {
        "ma_huyen": "215",
        "ma_xa": "07243",
        "ten_chu_the": "HTX Gà đồi Đồng Tiến",
        "loai_hinh": "HTX",
        "so_dkkd": "2401000901",
        "ma_so_thue": "2400999001",
        "nguoi_dai_dien": "Nguyễn Thị Bình",
        "dien_thoai": "0204 3871 001",
        "email": "dongtien@example.vn",
        "dia_chi": "Thôn Đồng Vương",
        "ten_san_pham": "Gà đồi Đồng Tiến",
        "ma_bo_san_pham": "02",
        "mo_ta": "Gà thả đồi",
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows: list[dict], columns=COLUMNS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows: list[dict], encoding: str = "utf-8", columns=COLUMNS, delimiter: str = ",") -> bytes:
    output = io.StringIO(newline="")
    writer = csv.writer(output, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    text = output.getvalue()
    return windows_1258(text) if encoding == "cp1258" else text.encode(encoding)


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does for Vietnamese: precomposed â/ê/ô/ơ/ư/ă plus a combining tone mark."""
    modifiers = "\u0302\u0306\u031b"  # circumflex, breve, horn: these have precomposed letters in cp1258
    encoded = bytearray()
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", decomposed[0] + "".join(m for m in decomposed[1:] if m in modifiers))
        tones = "".join(m for m in decomposed[1:] if m not in modifiers)
        encoded += (base + tones).encode("cp1258")
    return bytes(encoded)
