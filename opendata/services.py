"""Publishing the register as open data: CSV (English and Vietnamese column labels), JSON and a
Data Package descriptor (datapackage.json, Frictionless Table Schema), validated with the
frictionless library before anything is published.

The files hold nothing that changes between two builds for the same date (no build time, rows
and keys in a fixed order), so a snapshot can be rebuilt and compared byte for byte.
"""

import csv
import datetime
import hashlib
import io
import json
import logging
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop_portal.core.services import audit_log
from ocop_portal.core.spreadsheet import csv_cell

from .models import RegisterSnapshot
from .register import COLUMNS, IN_FORCE, SCHEMA_VERSION, register_rows

logger = logging.getLogger(__name__)

CSV_EN = "ocop-register.csv"
CSV_VI = "so-dang-ky-ocop.csv"
JSON_NAME = "ocop-register.json"
DATAPACKAGE_NAME = "datapackage.json"


def _csv(rows: list[dict], header: list[str], *, for_spreadsheets: bool) -> bytes:
    """The English file is for programs: values as they are. The Vietnamese one is for people
    opening it in a spreadsheet: a BOM so Excel reads UTF-8, and text that a spreadsheet would run
    as a formula written as text (the registry export's rule)."""
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        values = [row[column.name] for column in COLUMNS]
        writer.writerow([csv_cell(value) for value in values] if for_spreadsheets else values)
    bom = for_spreadsheets
    return (("\ufeff" if bom else "") + output.getvalue()).encode("utf-8")


def _field(column, *, name: str, title: str, description: str) -> dict:
    field = {"name": name, "title": title, "description": description, "type": column.type}
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    if column.type == "date":
        field["format"] = "default"  # ISO 8601, YYYY-MM-DD
    return field


def _resource(name: str, path: str, content: bytes, **extra) -> dict:
    return {
        "name": name,
        "path": path,
        "bytes": len(content),
        "hash": f"sha256:{hashlib.sha256(content).hexdigest()}",
        **extra,
    }


def build_files(day: datetime.date) -> tuple[dict[str, bytes], int, int]:
    """({file name: bytes}, records, records in force) for the register as of `day`."""
    with translation.override("vi"):  # labels in the rows (kinds, grounds) are the Vietnamese ones
        rows = register_rows(day)
    csv_en = _csv(rows, [c.name for c in COLUMNS], for_spreadsheets=False)
    csv_vi = _csv(rows, [c.title_vi for c in COLUMNS], for_spreadsheets=True)
    json_bytes = json.dumps(
        {"as_of": day.isoformat(), "schema_version": SCHEMA_VERSION, "records": rows},
        ensure_ascii=False,
        indent=1,
    ).encode("utf-8")
    descriptor = {
        "name": f"ocop-register-{day:%Y-%m-%d}",
        "title": (
            f"Sổ đăng ký sản phẩm OCOP đến ngày {day:%d/%m/%Y} · OCOP certified-product register as of {day:%Y-%m-%d}"
        ),
        "description": (
            "Mọi giấy chứng nhận OCOP đã cấp đến ngày số liệu, với trạng thái tại ngày đó (còn hiệu lực, sắp hết hạn, "
            "hết hạn, đã thu hồi, đã được thay thế). Every OCOP certificate issued up to the snapshot date, with its "
            "status on that date."
        ),
        "version": SCHEMA_VERSION,
        "keywords": ["OCOP", "Mỗi xã một sản phẩm", "One Commune One Product"],
        "resources": [
            _resource(
                "ocop-register",
                CSV_EN,
                csv_en,
                title="OCOP register (English column names)",
                format="csv",
                mediatype="text/csv",
                encoding="utf-8",
                schema={
                    "fields": [_field(c, name=c.name, title=c.title_en, description=c.title_vi) for c in COLUMNS],
                    "primaryKey": ["certificate_number"],
                },
            ),
            _resource(
                "so-dang-ky-ocop",
                CSV_VI,
                csv_vi,
                title="Sổ đăng ký OCOP (tên cột tiếng Việt)",
                format="csv",
                mediatype="text/csv",
                encoding="utf-8-sig",
                schema={
                    "fields": [_field(c, name=c.title_vi, title=c.title_en, description=c.name) for c in COLUMNS],
                    "primaryKey": [COLUMNS[0].title_vi],
                },
            ),
            _resource(
                "ocop-register-json",
                JSON_NAME,
                json_bytes,
                title="OCOP register (JSON, English keys)",
                format="json",
                mediatype="application/json",
                encoding="utf-8",
            ),
        ],
    }
    files = {CSV_EN: csv_en, CSV_VI: csv_vi, JSON_NAME: json_bytes}
    files[DATAPACKAGE_NAME] = json.dumps(descriptor, ensure_ascii=False, indent=1).encode("utf-8")
    in_force = sum(1 for row in rows if row["status"] in IN_FORCE)
    return files, len(rows), in_force


def validation_errors(files: dict[str, bytes]) -> list[str]:
    """What frictionless finds wrong with the package (descriptor, schemas, rows, sizes and
    checksums), checked on the files as they will be published; [] when valid."""
    from frictionless import validate

    with tempfile.TemporaryDirectory(prefix="ocop-opendata-") as folder:
        for name, content in files.items():
            Path(folder, name).write_bytes(content)
        report = validate(str(Path(folder, DATAPACKAGE_NAME)))
    return [f"{error.type}: {error.note}" for task in report.tasks for error in task.errors] + [
        f"{error.type}: {error.note}" for error in report.errors
    ]


def snapshot_publish(*, day: datetime.date, by=None) -> RegisterSnapshot:
    """Publish the register as of `day`, or return the snapshot already published for it.

    Side effects: the four files under MEDIA_ROOT/opendata/<date>/, one RegisterSnapshot row with
    their checksums, an audit entry. Raises ValidationError (nothing published) when the package
    does not validate, or for a date in the future.
    """
    existing = RegisterSnapshot.objects.filter(as_of=day).first()
    if existing is not None:
        return existing
    if day > timezone.localdate():
        raise ValidationError(_("Không lập được số liệu cho một ngày trong tương lai."))
    files, records, in_force = build_files(day)
    errors = validation_errors(files)
    if errors:
        logger.error("open-data snapshot %s does not validate: %s", day, errors)
        raise ValidationError(_("Gói dữ liệu không hợp lệ: %(errors)s") % {"errors": "; ".join(errors[:5])})
    snapshot = RegisterSnapshot(
        as_of=day,
        schema_version=SCHEMA_VERSION,
        records=records,
        in_force=in_force,
        checksums={name: hashlib.sha256(content).hexdigest() for name, content in files.items()},
    )
    try:
        with transaction.atomic():
            for field, name in (
                ("csv_en", CSV_EN),
                ("csv_vi", CSV_VI),
                ("json", JSON_NAME),
                ("datapackage", DATAPACKAGE_NAME),
            ):
                getattr(snapshot, field).save(name, ContentFile(files[name]), save=False)
            snapshot.save()
            audit_log(actor=by, action="opendata.published", obj=snapshot, changes={"records": records})
    except IntegrityError:
        # Published meanwhile by another run for the same date: that one stands.
        for field in ("csv_en", "csv_vi", "json", "datapackage"):
            getattr(snapshot, field).delete(save=False)
        return RegisterSnapshot.objects.get(as_of=day)
    return snapshot
