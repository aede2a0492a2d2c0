"""Compute the monthly figures the reports read (see comptoir/reports/rollup.py).

Reports compute what they need on the fly; run this after a bulk import that
bypassed the application (`--all`), or at night so that the first report of
the morning does not wait.
"""

import time

from django.core.management.base import BaseCommand

from comptoir.reports import rollup


class Command(BaseCommand):
    help = "Compute the monthly figures behind the reports (the months whose journal changed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Mark every month holding journal data as changed first (after a bulk load).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["all"]:
            marked = rollup.touch_all()
            self.stdout.write(f"{marked} venue-months marked to compute.")
        done = rollup.refresh_stale(
            progress=lambda n: self.stdout.write(f"  {n} venue-months computed…")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{done} venue-months computed in {time.monotonic() - started:.1f} s."
            )
        )
