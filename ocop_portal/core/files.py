"""Checks shared by every upload of a spreadsheet."""

import io
import zipfile


class ArchiveTooLarge(ValueError):
    pass


def check_xlsx_expanded_size(data: bytes, *, limit: int) -> None:
    """Refuse an .xlsx (a zip) whose members would expand past `limit` bytes.

    openpyxl parses every cell of a row however wide, so a small file with a huge sheet (a "zip
    bomb") costs minutes and gigabytes before any row limit applies. The sizes the zip declares
    are read from its directory without inflating anything. Not a zip: left to the reader, which
    reports its own error.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        return
    if expanded > limit:
        raise ArchiveTooLarge(expanded)
