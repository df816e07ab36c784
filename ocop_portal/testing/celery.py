"""Pointing the Celery app at another broker inside a test process.

Celery 5.7 takes a producer from the app's pool even for eager tasks, and kombu keeps a global
registry of producer pools keyed by connection. Closing the app's pool while that registry still
holds a producer pool built on it makes every later send fail with "Acquire on closed pool", so
both are dropped together, here and only here.
"""

import time

from kombu import pools

from ocop_portal.celery import app


def reset_broker_connections() -> None:
    pools.reset()
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


def wait_until_settled(instance, *, settled: tuple, seconds: float = 120):
    """Refresh `instance` until its state is one of `settled` (a worker finished it) or the time
    is up; the caller asserts on the state it ends in."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        instance.refresh_from_db()
        if instance.state in settled:
            return instance
        time.sleep(0.5)
    return instance
