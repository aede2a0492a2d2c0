"""Import an ORDS v0.3 CSV file into a venue's repair records.

python manage.py import_ords FILE.csv --venue SLUG

Valid rows are imported; invalid ones are listed with their line number and the
reasons. Rows already imported (same ORDS id at this venue) are skipped, so the
command can be run twice. A file that is not an ORDS CSV is refused whole.
Imported items write no journal activity (see comptoir/repair/importing.py).
"""

import os

from django.core.management.base import BaseCommand, CommandError

from comptoir.repair import ords
from comptoir.repair.importing import import_rows
from comptoir.venues.models import Venue


class Command(BaseCommand):
    help = "Import repair records from an Open Repair Data Standard (ORDS v0.3) CSV file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="ORDS CSV file")
        parser.add_argument("--venue", required=True, help="Slug of the venue")

    def handle(self, *args, **options) -> None:
        try:
            venue = Venue.objects.select_related("network").get(slug=options["venue"])
        except Venue.DoesNotExist as exc:
            raise CommandError(f"No venue {options['venue']!r}.") from exc
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                ords.check_file_size(os.fstat(handle.fileno()).st_size)
                rows = ords.read_rows(handle)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from exc
        except ords.MalformedFile as exc:
            raise CommandError(f"{options['file']}: {exc.message}") from exc
        self.stderr.write(f"Checking and importing {len(rows)} rows into {venue.name}…")
        report = import_rows(actor=None, venue=venue, rows=rows)
        for line, reasons in report.rejected:
            self.stdout.write(f"  line {line} rejected: {'; '.join(reasons)}")
        self.stdout.write(
            f"{report.imported} imported, {report.already_there} already there, "
            f"{len(report.rejected)} rejected ({report.events_created} events created)."
        )
