"""Write the venues as open data in the national schema of digital-mediation places.

python manage.py export_opendata --output FILE.csv|FILE.json [--format csv|json] [--network SLUG]

Without --network: every network's venues in one file (said in the output). The bytes
are those of /donnees-ouvertes/<network>/lieux.csv|json (both use `build_export()`).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comptoir.reports.opendata import FORMATS, SCHEMA_VERSION, build_export, opendata_venues
from comptoir.venues.models import Network


class Command(BaseCommand):
    help = (
        "Export the venues as open data (CSV or JSON) in the national schema of "
        f"digital-mediation places v{SCHEMA_VERSION}."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", required=True, help="File to write, .csv or .json ('-': stdout, CSV)"
        )
        parser.add_argument(
            "--format", choices=sorted(FORMATS), help="csv or json (default: from --output)"
        )
        parser.add_argument("--network", help="Slug of one network (default: all networks)")

    def handle(self, *args, **options) -> None:
        output = options["output"]
        fmt = options["format"] or (
            "csv" if output == "-" else Path(output).suffix.lower().lstrip(".")
        )
        if fmt not in FORMATS:
            raise CommandError(
                f"Cannot tell the format of {output!r}: name it .csv or .json, or pass --format."
            )
        # The summary goes to stderr when the file itself goes to stdout.
        report = self.stderr if output == "-" else self.stdout

        if options["network"]:
            network = Network.objects.filter(slug=options["network"]).first()
            if network is None:
                raise CommandError(f"No network {options['network']!r}.")
            venues = opendata_venues(network)
            self.stderr.write(f"Network {network.name} ({network.slug}).")
        else:
            names = list(
                Network.objects.filter(venues__isnull=False)
                .distinct()
                .values_list("name", flat=True)
            )
            venues = opendata_venues()
            if len(names) > 1:
                self.stderr.write(f"All networks ({len(names)}): {', '.join(names)}.")
            elif names:
                self.stderr.write(f"Network {names[0]}.")
        self.stderr.write(f"Reading venues ({fmt.upper()}, schema v{SCHEMA_VERSION})…")

        export = build_export(venues, fmt)

        if output == "-":
            sys.stdout.buffer.write(export.content)
            sys.stdout.flush()
        else:
            try:
                with open(output, "wb") as out:
                    out.write(export.content)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc

        summary = (
            f"{export.written} venue(s) written to {output} "
            f"(national schema of digital-mediation places v{SCHEMA_VERSION})."
        )
        report.write(self.style.SUCCESS(summary) if not export.skipped else summary)
        if export.skipped:
            report.write(
                self.style.WARNING(
                    f"{len(export.skipped)} venue(s) skipped, missing what the schema requires:"
                )
            )
            for venue, reasons in export.skipped:
                report.write(f"  - {venue.name} ({venue.slug}): {'; '.join(reasons)}")
