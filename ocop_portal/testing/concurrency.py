"""Force the interleaving a row lock exists for, on real PostgreSQL connections.

`second_waits_for_first(first, second)` runs `first` in a thread inside a transaction it keeps
open, then `second` in another thread (its own connection), waits until PostgreSQL reports the
second one waiting on a lock (pg_stat_activity), and only then commits the first. So the second
call always starts while the first is done but not committed — the moment a missing
`select_for_update` lets it read a stale row — without relying on timing.

Tests using it need `@pytest.mark.django_db(transaction=True)`: the threads' connections see
only committed data.
"""

import threading
import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction


@dataclass
class Outcome:
    kind: str  # "ok", "refused" (ValidationError/PermissionDenied) or "error"
    value: object = None

    @property
    def messages(self) -> list[str]:
        return self.value.messages if isinstance(self.value, ValidationError) else [str(self.value)]


def _run(call) -> Outcome:
    try:
        return Outcome("ok", call())
    except (ValidationError, PermissionDenied) as error:
        return Outcome("refused", error)
    except Exception as error:  # any other failure is reported to the test, not swallowed
        return Outcome("error", error)


def _a_backend_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock')"
        )
        return cursor.fetchone()[0]


def second_waits_for_first(first, second, *, timeout: float = 20.0) -> tuple[Outcome, Outcome]:
    """Run `first` and hold its transaction open until `second` (started after `first` returned)
    is blocked on a lock or has finished; then commit `first`. Returns both outcomes."""
    first_done = threading.Event()
    release_first = threading.Event()
    outcomes: dict[str, Outcome] = {}

    def run_first():
        try:
            with transaction.atomic():
                outcomes["first"] = _run(first)
                first_done.set()
                release_first.wait(timeout)
        finally:
            first_done.set()
            connection.close()

    def run_second():
        try:
            outcomes["second"] = _run(second)
        finally:
            connection.close()

    first_thread = threading.Thread(target=run_first)
    first_thread.start()
    first_done.wait(timeout)
    second_thread = threading.Thread(target=run_second)
    second_thread.start()
    deadline = time.monotonic() + timeout
    try:
        while second_thread.is_alive() and time.monotonic() < deadline:
            if _a_backend_waits_on_a_lock():
                break
            time.sleep(0.02)
    finally:
        release_first.set()
        first_thread.join(timeout)
        second_thread.join(timeout)
    return outcomes["first"], outcomes["second"]


def run_while_held(hold, other, *, wait: str = "2s") -> tuple[str, object]:
    """Run `hold` in a transaction kept open; meanwhile run `other` on another connection that
    gives up after `wait` on a lock (a lock strength test: `other` must not be held back).
    Returns `other`'s outcome: ("ok", value) or ("error", the exception, the lock timeout's)."""
    held, release, outcome = threading.Event(), threading.Event(), {}

    def holder():
        try:
            with transaction.atomic():
                hold()
                held.set()
                release.wait(20)
        finally:
            held.set()
            connection.close()

    def second():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{wait}'")
                outcome["result"] = ("ok", other())
        except Exception as error:  # the lock timeout, reported to the test
            outcome["result"] = ("error", error)
        finally:
            connection.close()

    first = threading.Thread(target=holder)
    first.start()
    held.wait(20)
    thread = threading.Thread(target=second)
    thread.start()
    thread.join(20)
    release.set()
    first.join(20)
    return outcome["result"]
