"""Load the demo province where every persona finds work waiting. Idempotent.

Tỉnh Bắc Ninh as it stands today (the 2025 unit, code 24) carrying former Bắc Giang's history: the
2021 seed year, Bắc Giang's rounds under QĐ 148, the merger's carry through the crosswalk, then
Bắc Ninh's rounds on QĐ 26/2026's commune chain up to the open round of the current year.

Refuses to run with DEBUG off, so a production database never gets demo accounts. The data is made
through the services, as users would make it; what each part contains is described in the demo
package's modules (context.py, evaluation.py, certificates.py, support.py).
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

from demo.certificates import carry_load, extension_load, revocation_load, statuses_refresh
from demo.context import PROVINCE_CODE, Calendar, Demo
from demo.evaluation import evaluation_load, evaluation_loaded, history_load
from demo.people import users_load
from demo.registry import registry_load
from demo.summary import summary_lines
from demo.support import support_load
from ocop_portal.core.admin_units import REFORM_DAY
from ocop_portal.core.enums import UnitLevel
from ocop_portal.core.models import AdministrativeUnit, Notification
from reports.historical import build_bac_giang_2021


class Command(BaseCommand):
    help = "Load the demo province and persona accounts (refused when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to load demo data with DEBUG off: demo accounts must never reach production.")
        base = Path(settings.BASE_DIR) / "data/admin-units"
        quiet = io.StringIO()
        # Former Bắc Giang (its 2021 units and the official list of its last months, whose
        # communes the crosswalk names), Tỉnh Bắc Ninh on the 2025 map, and the crosswalk.
        call_command("load_admin_units", str(base / "bac-giang-2021.csv"), stdout=quiet)
        call_command("load_admin_units", str(base / "units-2024.csv"), province=PROVINCE_CODE, stdout=quiet)
        call_command("load_admin_units", str(base / "units-2025.csv"), province=PROVINCE_CODE, stdout=quiet)
        call_command("load_crosswalk", str(base / "mapping-2025.csv"), old_province=PROVINCE_CODE, stdout=quiet)
        # Product sets, frameworks and the shipped score sheets (published where they add up).
        call_command("load_score_sheets", stdout=quiet)
        with _quiet_task_log(), transaction.atomic():
            last_notification = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
            units = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE, code=PROVINCE_CODE)
            former = units.get(valid_from=None)
            province = units.get(valid_from=REFORM_DAY)
            districts = {
                unit.code: unit
                for unit in AdministrativeUnit.objects.filter(parent=former, level=UnitLevel.DISTRICT, valid_from=None)
            }
            communes = {
                unit.code: unit for unit in AdministrativeUnit.objects.filter(parent=province, level=UnitLevel.COMMUNE)
            }
            build_bac_giang_2021(former)
            demo = Demo(
                calendar=Calendar(timezone.localdate()),
                former=former,
                province=province,
                districts=districts,
                communes=communes,
            )
            demo.products = registry_load(province=former, districts=districts, successor=province)
            demo.users = users_load(province=province, districts=districts, communes=communes)
            fresh = not evaluation_loaded(demo)
            if fresh:
                demo.before_merger = True
                history_load(demo)
                demo.before_merger = False
            carry_load(demo)
            support_load(demo)
            if fresh:
                evaluation_load(demo)
                revocation_load(demo)
                statuses_refresh(demo)
                extension_load(demo)
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
