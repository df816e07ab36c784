"""A small .xlsx that expands hugely: both spreadsheet importers must refuse it, or read it within
bounded time and memory. Each importer runs in a child process with 768 MB of address space and
20 seconds of CPU, so an unbounded importer fails this test instead of the machine. The bound is
CPU time, not wall time: on a loaded machine the child waits for a core without using its budget."""

import json
import resource
import signal
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration

MEMORY_LIMIT = 768 * 1024 * 1024
CPU_SECONDS = 20
# Only a backstop for a child that sleeps instead of computing; the bound that matters is CPU_SECONDS.
WALL_SECONDS = 600

CHILD = """
import json, os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "ocop_portal.settings"
django.setup()
from django.core.exceptions import ValidationError
from hardening.bombs import xlsx_bomb
which = sys.argv[1]
if which == "registry":
    from products.register_file import COLUMNS, read_table
    call = lambda data: read_table(data, "dang-ky.xlsx")
else:
    import io
    from evaluation.sheets.parser import COLUMNS, SheetFileError, read_table
    ValidationError = SheetFileError
    call = lambda data: read_table(io.BytesIO(data))
data = xlsx_bomb(list(COLUMNS))
try:
    rows = call(data)
except ValidationError as error:
    print(json.dumps({"outcome": "refused", "message": str(error)[:300], "size": len(data)}))
else:
    print(json.dumps({"outcome": "read", "rows": len(rows), "size": len(data)}))
"""


def _limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    # SIGXCPU at the soft limit ends the child; the hard limit one second later is SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))


@pytest.mark.parametrize("importer", ["registry", "sheet"])
def test_xlsx_bomb_is_refused_within_bounds(importer):
    # DEBUG said explicitly, as every environment with a DATABASE_URL must (ocop_portal/env.py).
    env = {
        "PYTHONPATH": str(settings.BASE_DIR),
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "sqlite:///:memory:",
        "DEBUG": "true",
    }
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, importer],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=WALL_SECONDS,
            preexec_fn=_limit_child,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the {importer} importer was still reading a 0.5 MB .xlsx bomb after {WALL_SECONDS} s")
    if result.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        pytest.fail(f"the {importer} importer used more than {CPU_SECONDS} s of CPU on a 0.5 MB .xlsx bomb")
    assert result.returncode == 0, f"the {importer} importer crashed on the bomb: {result.stderr[-800:]}"
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["outcome"] in {"refused", "read"}
    assert outcome["size"] < 1024 * 1024
