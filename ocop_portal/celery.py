"""The Celery application.

With no CELERY_BROKER_URL (the newcomer's `make run`) tasks run eagerly in the web process, so
everything works without Redis; production and the integration tests set a Redis broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop_portal.settings")

app = Celery("ocop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
