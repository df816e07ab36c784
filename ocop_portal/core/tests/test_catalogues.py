"""The catalogues are complete and match the code: every UI string has its English and
Vietnamese entry, none fuzzy, and the compiled .mo files are the ones the .po files give."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
IGNORE = [".venv/*", "staticfiles/*", "*/tests/*", "e2e/*", "hardening/*", "bench/*", "artifacts/*"]


def msgids(po_file: Path) -> set[tuple[str, str]]:
    """(msgctxt, msgid) pairs of a .po file, via msgcat's stable output."""
    out = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", str(po_file)], capture_output=True, text=True, check=True
    ).stdout
    entries, context, current, field = set(), "", None, None
    for line in [*out.splitlines(), ""]:
        if line.startswith("msgctxt "):
            context, field = line[8:], "ctx"
        elif line.startswith("msgid "):
            current, field = line[6:], "id"
        elif line.startswith('"') and field == "id":
            current += line
        elif line.startswith('"') and field == "ctx":
            context += line
        elif line.startswith(("msgid_plural", "msgstr")) or not line:
            if current is not None and current != '""':
                entries.add((context, current))
            if line.startswith("msgstr") or not line:
                current, context, field = None, "", None
    return entries


@pytest.mark.parametrize("language", ["en", "vi"])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po_file = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize("language", ["en", "vi"])
def test_compiled_catalogue_matches_its_source(language, tmp_path):
    folder = LOCALE / language / "LC_MESSAGES"
    subprocess.run(["msgfmt", "-o", str(tmp_path / "django.mo"), str(folder / "django.po")], check=True)
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes()


def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """Re-extract the strings from a copy of the code; the committed catalogue must have them all."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "artifacts", "locale", "*.pyc"),
    )
    (copy / "locale").mkdir()
    args = ["makemessages", "-l", "en"] + [f"--ignore={pattern}" for pattern in IGNORE]
    subprocess.run([sys.executable, "manage.py", *args], cwd=copy, check=True, capture_output=True)
    extracted = msgids(copy / "locale/en/LC_MESSAGES/django.po")
    for language in ("en", "vi"):
        missing = extracted - msgids(LOCALE / language / "LC_MESSAGES/django.po")
        assert not missing, f"{language}: run `make messages` and translate: {sorted(missing)[:10]}"
