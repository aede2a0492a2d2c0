"""Write a venue's (or a whole network's) repair records as an ORDS v0.3 CSV file.

python manage.py export_ords --output FILE.csv [--venue SLUG | --network SLUG]
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from comptoir.repair import ords
from comptoir.venues.models import Network, Venue

PROGRESS_EVERY = 1000


class Command(BaseCommand):
    help = "Export repair records in the Open Repair Data Standard (ORDS v0.3) CSV format."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help="CSV file to write ('-' for stdout)")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--venue", help="Slug of one venue")
        scope.add_argument("--network", help="Slug of a network (all its venues)")

    def handle(self, *args, **options) -> None:
        if options["venue"]:
            venues = Venue.objects.filter(slug=options["venue"])
            if not venues.exists():
                raise CommandError(f"No venue {options['venue']!r}.")
        elif options["network"]:
            if not Network.objects.filter(slug=options["network"]).exists():
                raise CommandError(f"No network {options['network']!r}.")
            venues = Venue.objects.filter(network__slug=options["network"])
        else:
            venues = Venue.objects.all()
        items = ords.exportable_items(venues)
        total = items.count()
        self.stderr.write(f"Exporting {total} repair records…")
        invalid = 0

        def rows():
            nonlocal invalid
            for done, row in enumerate(ords.export_rows(items.iterator(chunk_size=500)), 1):
                if ords.validate_row(row):
                    invalid += 1
                if done % PROGRESS_EVERY == 0:
                    self.stderr.write(f"  {done}/{total}")
                yield row

        if options["output"] == "-":
            for line in ords.iter_csv_lines(rows()):
                sys.stdout.write(line)
        else:
            try:
                with open(options["output"], "w", newline="", encoding="utf-8") as out:
                    for line in ords.iter_csv_lines(rows()):
                        out.write(line)
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from exc
        summary = f"{total} records written to {options['output']}."
        if invalid:
            summary += f" {invalid} do not pass the ORDS rules: check them."
        self.stdout.write(self.style.SUCCESS(summary) if not invalid else summary)
