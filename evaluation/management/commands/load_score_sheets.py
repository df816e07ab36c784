from django.core.management.base import BaseCommand

from evaluation.reference import load_frameworks
from evaluation.sheets.loader import load_shipped_sheets
from products.reference import load_shipped_product_sets


class Command(BaseCommand):
    help = (
        "Load the shipped score sheets (data/ocop-criteria/sheets.csv) for frameworks 148 and 1048. "
        "Sheets that pass every check are published; the others stay drafts with their check report. "
        "Idempotent: a product set that already has a sheet is left unchanged."
    )

    def handle(self, *args, **options):
        load_shipped_product_sets()
        load_frameworks()
        counts: dict[str, int] = {}
        for outcome in load_shipped_sheets():
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
            style = self.style.WARNING if outcome.status in ("draft", "skipped") else self.style.SUCCESS
            line = f"[{outcome.framework} · {outcome.set_code}] {outcome.file}: {outcome.message}"
            self.stdout.write(style(line) if outcome.status != "exists" else line)
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))
        self.stdout.write(summary)
