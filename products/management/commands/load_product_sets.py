from django.core.management.base import BaseCommand

from products.reference import CRITERIA_DIR, SHIPPED_SET_FILES, load_product_sets


class Command(BaseCommand):
    help = "Load the OCOP product groups and sets (QĐ 148 and QĐ 1048) shipped in data/ocop-criteria/."

    def handle(self, *args, **options):
        for framework_code, file_name in SHIPPED_SET_FILES.items():
            groups, sets = load_product_sets(CRITERIA_DIR / file_name, framework_code)
            self.stdout.write(f"QĐ {framework_code}: {groups} groups, {sets} product sets.")
