"""Gunicorn settings every deployment shares. Gunicorn reads ./gunicorn.conf.py from its working
directory by itself (the systemd unit, scripts/prod-smoke.sh and the benchmark all start it from
the project root); options given on the command line still take precedence.

Workers: one per CPU plus one, unless WEB_CONCURRENCY says otherwise. The portal's requests are
CPU work in Python and PostgreSQL on the same machine (slow clients are buffered by nginx, reports
run in Celery), so one worker per CPU keeps them busy and the one more covers a request waiting
on I/O. On the 2-CPU bench machine, 3 and 4 workers served the pages alike: repeated
`python -m bench.run --no-build --only … --workers N` runs differed by less than the machine's
own run-to-run noise (bench/analysis.md).

The garbage collector leaves alone what a worker loaded at start-up: ~150.000 long-lived objects
(Django, the URL conf, the templates) that every full collection would otherwise walk again. The
gain is small: the collector costs about 0,65 ms of a list-page request either way, of which full
collections were 0,05-0,15 ms (`python -m bench.profile products_p1 --gc [--tuned]`). A larger
young-generation threshold was tried and dropped: it saved nothing measurable.
"""

import gc
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)


def post_worker_init(worker):
    """After the worker has imported the application: what is loaded now lives as long as the
    worker, so it is moved out of the collector's sight (gc.freeze) and never walked again."""
    gc.freeze()
