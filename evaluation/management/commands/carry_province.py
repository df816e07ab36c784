from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from evaluation.services.carry import carry_province


def _choice(text: str) -> tuple[str, int]:
    key, _sep, unit = text.partition("=")
    if not unit.isdigit():
        raise ValueError(text)
    return key, int(unit)


class Command(BaseCommand):
    help = (
        "Carry a pre-2025 province's producers, products, dossiers and certificates into its merged successor "
        "(the crosswalk must be loaded). A dry run unless --commit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="GSO code of the former province, e.g. 24")
        parser.add_argument("--commit", action="store_true", help="write the changes (all or nothing)")
        parser.add_argument(
            "--commune", action="append", type=_choice, default=[], help="OLD_CODE=NEW_UNIT_ID for a split commune"
        )
        parser.add_argument(
            "--record",
            action="append",
            type=_choice,
            default=[],
            help="producer:ID=NEW_UNIT_ID or product:ID=NEW_UNIT_ID for one record of a split commune",
        )

    def handle(self, *args, province, commit, commune, record, **options):
        by_record = {}
        for key, unit in record:
            kind, _sep, pk = key.partition(":")
            if kind not in ("producer", "product") or not pk.isdigit():
                raise CommandError(f"--record {key}={unit}: expected producer:ID or product:ID")
            by_record[(kind, int(pk))] = unit
        try:
            report = carry_province(
                code=province, by=None, commit=commit, by_commune=dict(commune), by_record=by_record
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        self.stdout.write(f"{report.predecessor} → {report.successor}")
        for kind, count in report.counts.items():
            self.stdout.write(f"  {kind}: {count}")
        for split in report.splits:
            candidates = ", ".join(f"{unit.pk} {unit.name}" for unit in split.candidates)
            self.stdout.write(f"  split {split.old_code} {split.old_name} → {candidates}")
            for kind, pk, name in split.records:
                self.stdout.write(f"    unresolved {kind}:{pk} {name}")
        self.stdout.write(f"committed, {report.moved} changes." if report.committed else "dry run, nothing written.")
