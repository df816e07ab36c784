"""Load the demo province (Bắc Giang) where every persona finds work waiting. Idempotent.

Refuses to run with DEBUG off, so a production database never gets demo accounts. The data is made
through the services, as users would make it; what each part contains is described in the demo
package's modules (evaluation.py, certificates.py, support.py).
"""

import io
import logging
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit, Notification
from ocop_portal.demo.certificates import revocation_load, statuses_refresh
from ocop_portal.demo.context import PROVINCE_CODE, Calendar, Demo
from ocop_portal.demo.evaluation import evaluation_load
from ocop_portal.demo.people import users_load
from ocop_portal.demo.registry import registry_load
from ocop_portal.demo.summary import summary_lines
from ocop_portal.demo.support import support_load
from reports.historical import build_bac_giang_2021


class Command(BaseCommand):
    help = "Load the demo province and persona accounts (refused when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to load demo data with DEBUG off: demo accounts must never reach production.")
        base = Path(settings.BASE_DIR)
        quiet = io.StringIO()
        call_command("load_admin_units", str(base / "data/admin-units/bac-giang-2021.csv"), stdout=quiet)
        # Product sets, frameworks and the shipped score sheets (published where they add up).
        call_command("load_score_sheets", stdout=quiet)
        with _quiet_task_log(), transaction.atomic():
            last_notification = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
            province = AdministrativeUnit.objects.get(level=UnitLevel.PROVINCE, code=PROVINCE_CODE, valid_from=None)
            districts = {
                unit.code: unit
                for unit in AdministrativeUnit.objects.filter(
                    parent=province, level=UnitLevel.DISTRICT, valid_from=None
                )
            }
            build_bac_giang_2021(province)
            demo = Demo(calendar=Calendar(timezone.localdate()), province=province, districts=districts)
            demo.products = registry_load(province=province, districts=districts)
            demo.users = users_load(province=province, districts=districts)
            support_load(demo)
            evaluation_load(demo)
            revocation_load(demo)
            statuses_refresh(demo)
            # The demo's own history is shown in the portal's notification lists; mailing it all
            # to the console on every `make run` would only bury the server's output.
            Notification.objects.filter(pk__gt=last_notification, email_pending=True).update(email_pending=False)
        self.stdout.write("Demo province ready.")
        for line in summary_lines(demo):
            self.stdout.write(line)


@contextmanager
def _quiet_task_log():
    """Eager Celery logs one line per notification task run when the transaction commits."""
    logger = logging.getLogger("celery.app.trace")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
