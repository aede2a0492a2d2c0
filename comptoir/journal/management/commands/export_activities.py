"""Export a venue's journal as CSV, one column per national activity-report field.

python manage.py export_activities --venue SLUG --output FILE.csv [--start YYYY-MM-DD] [--end YYYY-MM-DD]
"""

import datetime
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from comptoir.journal import export
from comptoir.journal.models import Activity
from comptoir.venues.models import Venue


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Invalid date {value!r}: expected YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = "Export a venue's accompaniments as a CSV file in the national activity-report (CRA) columns."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--venue", required=True, help="Slug of the venue")
        parser.add_argument("--output", required=True, help="CSV file to write ('-' for stdout)")
        parser.add_argument("--start", help="First day included (YYYY-MM-DD)")
        parser.add_argument("--end", help="Last day included (YYYY-MM-DD)")

    def handle(self, *args, **options) -> None:
        try:
            venue = Venue.objects.get(slug=options["venue"])
        except Venue.DoesNotExist as exc:
            known = ", ".join(Venue.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No venue {options['venue']!r}. Known venues: {known}.") from exc
        activities = Activity.objects.filter(venue=venue)
        if options["start"]:
            activities = activities.filter(date__gte=_date(options["start"]))
        if options["end"]:
            activities = activities.filter(date__lte=_date(options["end"]))
        total = activities.count()
        self.stderr.write(f"Exporting {total} activities of {venue.name}…")
        started = time.monotonic()

        def progress(done: int) -> None:
            self.stderr.write(f"  {done}/{total}")

        roles = export.mediator_roles(venue)
        ordered = activities.order_by("date", "pk")
        if options["output"] == "-":
            count = export.write_csv(ordered, sys.stdout, roles, progress)
        else:
            try:
                with open(options["output"], "w", newline="", encoding="utf-8-sig") as out:
                    count = export.write_csv(ordered, out, roles, progress)
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from exc
        self.stderr.write(
            self.style.SUCCESS(
                f"Wrote {count} activities to {options['output']} in {time.monotonic() - started:.1f} s."
            )
        )
