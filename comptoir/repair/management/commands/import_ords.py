"""Import an ORDS v0.3 CSV file into a venue's repair records.

python manage.py import_ords FILE.csv --venue SLUG [--batch-size 500]

Valid rows are imported; invalid ones are listed with their line number and the
reasons. Rows already imported (same ORDS id at this venue) are skipped, so the
command can be run twice. A file that is not an ORDS CSV is refused whole.
Rows are written in batches of 500, one transaction each (the site stays usable
meanwhile); progress goes to stderr after each batch. An import that stopped
midway is finished by running the same command again.
Imported items write no journal activity (see comptoir/repair/importing.py).
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from comptoir.repair import ords
from comptoir.repair.importing import BATCH_SIZE, ImportReport, import_rows
from comptoir.venues.models import Venue

PROGRESS_EVERY = 5000


class Command(BaseCommand):
    help = "Import repair records from an Open Repair Data Standard (ORDS v0.3) CSV file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="ORDS CSV file")
        parser.add_argument("--venue", required=True, help="Slug of the venue")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Rows written per transaction (default {BATCH_SIZE})",
        )

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
        started = time.monotonic()
        self.reported = 0
        report = import_rows(
            actor=None,
            venue=venue,
            rows=rows,
            batch_size=max(1, options["batch_size"]),
            progress=self.progress,
        )
        for line, reasons in report.rejected:
            self.stdout.write(f"  line {line} rejected: {'; '.join(reasons)}")
        self.stdout.write(
            f"{report.imported} imported, {report.already_there} already there, "
            f"{len(report.rejected)} rejected ({report.events_created} events created) "
            f"in {time.monotonic() - started:.1f} s."
        )

    def progress(self, done: int, total: int, report: ImportReport) -> None:
        # A line after every PROGRESS_EVERY rows or more, and at the end.
        if done // PROGRESS_EVERY == self.reported and done != total:
            return
        self.reported = done // PROGRESS_EVERY
        self.stderr.write(
            f"  {done}/{total} rows checked: {report.imported} imported, "
            f"{report.already_there} already there, {len(report.rejected)} rejected"
        )
