"""Gunicorn settings every deployment shares. Gunicorn reads ./gunicorn.conf.py from its working
directory by itself (the systemd unit, scripts/prod-smoke.sh and the benchmark all start it from
the project root); options given on the command line still take precedence.

Workers: one per CPU plus one, unless WEB_CONCURRENCY says otherwise. The portal's requests are
CPU work in Python and PostgreSQL on the same machine (slow clients are buffered by nginx, reports
run in Celery). On the 2-CPU bench machine 3 workers served the list pages with 15-20 % less CPU
per request than 4, which spent it switching between workers and their database backends
(bench/analysis.md).

The garbage collector is tuned too. A worker holds ~150.000 long-lived objects once Django,
the URL conf and the templates are loaded, and a request allocates tens of thousands of short-lived
ones. With Python's defaults the collector spent about 1 ms of every list-page request walking
(0,25 ms young, 0,45 ms middle, 0,3 ms full collections; bench/analysis.md).
"""

import gc
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)

# Young collections every 2.000 allocations instead of 700, and the middle generation examined
# half as often: the objects of one request mostly die together when the response is sent.
GC_THRESHOLDS = (2000, 20, 100)


def post_worker_init(worker):
    """After the worker has imported the application: what is loaded now lives as long as the
    worker, so it is moved out of the collector's sight (gc.freeze) and never walked again."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
