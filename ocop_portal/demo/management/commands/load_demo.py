"""Load the demo province (Bắc Giang, 2021) with one user per persona. Idempotent.

Refuses to run with DEBUG off, so a production database never gets demo accounts.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ocop_portal.accounts.models import User
from ocop_portal.core.models import AdministrativeUnit
from ocop_portal.demo.registry import PRODUCERS
from products.models import Producer, ProducerMembership, Product, ProductSet

DEMO_PASSWORD = "ocop-demo-2021"


class Command(BaseCommand):
    help = "Load the demo province and persona accounts (refused when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to load demo data with DEBUG off: demo accounts must never reach production.")
        base = Path(settings.BASE_DIR)
        call_command("load_admin_units", str(base / "data/admin-units/bac-giang-2021.csv"), verbosity=0)
        call_command("load_product_sets", verbosity=0)
        with transaction.atomic():
            self._registry()
            self._users()
        self.stdout.write(f"Demo province ready. Persona password: {DEMO_PASSWORD}")

    def _registry(self):
        units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=_codes())}
        province = AdministrativeUnit.objects.get(level="province", code="24", valid_from=None)
        sets = {s.code: s for s in ProductSet.objects.filter(framework_code="148")}
        for district_code, commune_code, kind, name, reg_no, rep, products in PRODUCERS:
            commune = units[commune_code]
            producer, _ = Producer.objects.get_or_create(
                province=province,
                registration_number=reg_no,
                defaults={
                    "kind": kind,
                    "name": name,
                    "representative": rep,
                    "commune": commune,
                    "district": units[district_code],
                    "address": commune.name,
                    "phone": "0204 3" + reg_no[-6:],
                },
            )
            for product_name, set_code in products:
                Product.objects.get_or_create(
                    producer=producer,
                    name=product_name,
                    defaults={
                        "product_set": sets[set_code],
                        "commune": commune,
                        "district": producer.district,
                        "province": province,
                    },
                )

    def _users(self):
        province = AdministrativeUnit.objects.get(level="province", code="24", valid_from=None)
        yen_the = AdministrativeUnit.objects.get(level="district", code="215")
        luc_ngan = AdministrativeUnit.objects.get(level="district", code="219")
        personas = [
            ("admin", "Quản trị hệ thống", {"is_superuser": True, "is_staff": True}),
            ("so_nnptnt", "Nguyễn Thị Thanh (Sở NN&PTNT)", {"staff_province": province}),
            ("huyen_yenthe", "Trần Văn Hùng (UBND huyện Yên Thế)", {"officer_district": yen_the}),
            ("huyen_lucngan", "Lê Thị Hà (UBND huyện Lục Ngạn)", {"officer_district": luc_ngan}),
            ("hoidong", "Phạm Văn Đức (thành viên Hội đồng)", {}),
            ("chuthe", "Nguyễn Văn Tiến (HTX Gà đồi Yên Thế)", {}),
        ]
        for username, full_name, fields in personas:
            user, created = User.objects.get_or_create(
                username=username, defaults={"full_name": full_name, "email": f"{username}@demo.ocop.vn", **fields}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
        producer = Producer.objects.get(registration_number="2401000101")
        ProducerMembership.objects.get_or_create(
            user=User.objects.get(username="chuthe"), defaults={"producer": producer}
        )


def _codes():
    codes = set()
    for district_code, commune_code, *_ in PRODUCERS:
        codes.update({district_code, commune_code})
    return codes
