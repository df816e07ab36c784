"""A ZIP written to a temporary file, with a manifest of every member's SHA-256.

The manifest is written twice: `manifest.json` (what each file is, for people and programs) and
`SHA256SUMS` (the `sha256sum -c` format, so an inspector can check the files with standard
tools). Files are streamed in chunks: evidence can be large.
"""

import datetime
import hashlib
import json
import tempfile
import zipfile
from dataclasses import asdict, dataclass

from django.utils.text import slugify

CHUNK = 1024 * 1024
# Above this the temporary file moves from memory to disk.
IN_MEMORY_BYTES = 16 * 1024 * 1024
MANIFEST_NAME = "manifest.json"
SUMS_NAME = "SHA256SUMS"


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    size: int
    sha256: str
    media_type: str
    title: str


def ascii_slug(text: str, fallback: str) -> str:
    """A file name part from Vietnamese text: "Gà đồi Yên Thế" → "ga-doi-yen-the" (đ has no
    decomposition, so slugify alone would drop it)."""
    return slugify(text.replace("đ", "d").replace("Đ", "D")) or fallback


class BundleWriter:
    """`add_bytes` / `add_file` put members in the archive; `close(metadata)` writes the manifest
    and hands back the open temporary file (positioned at 0) for the caller to store."""

    def __init__(self):
        # Handed to the caller by close(), who stores and closes it (services.jobs.job_run).
        self.file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
        self.zip = zipfile.ZipFile(self.file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.entries: list[ManifestEntry] = []
        self._paths: set[str] = set()

    def _unique(self, path: str) -> str:
        """The same name twice (two evidence files called scan.pdf) gets a number, never overwrites."""
        if path not in self._paths:
            self._paths.add(path)
            return path
        stem, dot, ext = path.rpartition(".")
        if not dot or "/" in ext:
            stem, ext = path, ""
        number = 2
        while f"{stem}-{number}{'.' + ext if ext else ''}" in self._paths:
            number += 1
        unique = f"{stem}-{number}{'.' + ext if ext else ''}"
        self._paths.add(unique)
        return unique

    def add_bytes(self, path: str, content: bytes, *, media_type: str, title: str) -> ManifestEntry:
        path = self._unique(path)
        self.zip.writestr(path, content)
        entry = ManifestEntry(path, len(content), hashlib.sha256(content).hexdigest(), media_type, title)
        self.entries.append(entry)
        return entry

    def add_file(self, path: str, source, *, media_type: str, title: str) -> ManifestEntry:
        """Copy an open binary file into the archive, hashing as it goes."""
        path = self._unique(path)
        digest, size = hashlib.sha256(), 0
        info = zipfile.ZipInfo(path, date_time=_now_tuple())
        info.compress_type = zipfile.ZIP_DEFLATED
        with self.zip.open(info, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
        entry = ManifestEntry(path, size, digest.hexdigest(), media_type, title)
        self.entries.append(entry)
        return entry

    def abort(self) -> None:
        """Drop a half-written archive (a section failed)."""
        self.zip.close()
        self.file.close()

    def close(self, metadata: dict) -> tempfile.SpooledTemporaryFile:
        manifest = {**metadata, "files": [asdict(entry) for entry in self.entries]}
        self.zip.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1))
        self.zip.writestr(SUMS_NAME, "".join(f"{e.sha256}  {e.path}\n" for e in self.entries))
        self.zip.close()
        self.file.seek(0)
        return self.file


def _now_tuple() -> tuple:
    now = datetime.datetime.now()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)
