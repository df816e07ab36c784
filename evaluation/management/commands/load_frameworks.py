from django.core.management.base import BaseCommand

from evaluation.reference import load_frameworks


class Command(BaseCommand):
    help = "Load the legal frameworks (QĐ 148, QĐ 148 + 1489, QĐ 1048) with their star bands and level chains."

    def handle(self, *args, **options):
        for framework in load_frameworks():
            self.stdout.write(f"{framework.code}: {framework.name}")
