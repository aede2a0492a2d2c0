"""Benchmark: the reports on a large journal (not a timed test).

Seeds a throw-away network of venues with a realistic journal (two years of
activities, known and anonymous people, collective sessions with known
participants, themes, referrals, missed bookings), then times the dashboard's
figures (`build_report`, which also computes the previous period) for the
biggest venue and for the whole network, and the open-data export, and counts
their SQL queries.

    python manage.py bench_reports                         # 1,000,000 activities, 20 venues
    python manage.py bench_reports --activities 200000 --repeat 3
    python manage.py bench_reports --period 12-mois --period mois-dernier

The data is written for real (committed), not in a rolled-back transaction:
the timings must see what a live database sees, with statistics and the
visibility map up to date (VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite,
as autovacuum would). On PostgreSQL rows go through COPY. Everything the bench
wrote, found by its network (slug `bench-reports`), is deleted at the end —
also after an error or Ctrl-C — unless --keep; a run starts by deleting what
an earlier --keep left. Refuses to run with DEBUG off (a production server)
unless --force: it writes millions of rows.
"""

import random
import statistics
import time
from functools import partial

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.journal.models import Activity
from comptoir.reports.benchdata import NETWORK_SLUG, BenchJournal
from comptoir.reports.figures import build_report
from comptoir.reports.filters import PRESETS, preset_period
from comptoir.reports.opendata import build_export, opendata_venues
from comptoir.reports.scope import Scope
from comptoir.venues.models import Venue


class Command(BaseCommand):
    help = "Seed a large journal in a throw-away network and time the reports."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--activities", type=int, default=1_000_000)
        parser.add_argument("--venues", type=int, default=20)
        parser.add_argument("--people", type=int, default=60_000, help="Known people.")
        parser.add_argument("--repeat", type=int, default=5, help="Runs of each timing.")
        parser.add_argument(
            "--period",
            action="append",
            choices=list(PRESETS),
            help="Period preset of the dashboard (repeatable; default 12-mois and annee).",
        )
        parser.add_argument("--seed", type=int, default=2024, help="Random seed.")
        parser.add_argument("--keep", action="store_true", help="Keep the seeded data.")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Time the data an earlier --keep run left, without seeding (implies --keep).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (production)."
        )

    def say(self, text: str = "") -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this may be a production database. The bench writes "
                "millions of rows; run it on a copy, with DEBUG=true, or pass --force."
            )
        if options["activities"] < 1 or options["venues"] < 1 or options["people"] < 0:
            raise CommandError("--activities and --venues must be positive.")
        self.today = timezone.localdate()
        journal = BenchJournal(rng=random.Random(options["seed"]), today=self.today, say=self.say)
        if options["reuse"]:
            options["keep"] = True
            seeded = journal.reuse()
            timings = self.time_reports(options, seeded)
            self.summary(options, seeded, timings)
            return
        journal.clean(announce=True)
        try:
            seeded = journal.seed(options)
            timings = self.time_reports(options, seeded)
            self.summary(options, seeded, timings)
        finally:
            if options["keep"]:
                self.say(f"Bench data kept (network “{NETWORK_SLUG}”).")
            else:
                journal.clean()

    # --- Timing.

    def time_reports(self, options, seeded) -> list[dict]:
        repeat = max(options["repeat"], 1)
        venue_ids = seeded["venue_ids"]
        counts = dict(
            Activity.objects.filter(venue_id__in=venue_ids)
            .values_list("venue_id")
            .order_by()
            .annotate(n=Count("pk"))
        )
        biggest = max(venue_ids, key=lambda pk: counts.get(pk, 0))
        cases = []
        for preset in options["period"] or ["12-mois", "annee"]:
            period = preset_period(preset, self.today)
            label = f"{preset} ({period.start:%d/%m/%Y}–{period.end:%d/%m/%Y})"
            cases.append(
                (
                    f"one venue, {label}",
                    f"{counts.get(biggest, 0):,} activities in all",
                    partial(build_report, Scope((biggest,), period), exact=True),
                )
            )
            cases.append(
                (
                    f"network ({len(venue_ids)} venues), {label}",
                    f"{sum(counts.values()):,} activities in all",
                    partial(build_report, Scope(tuple(venue_ids), period), exact=True),
                )
            )
        cases.append(self.export_case(seeded["network"]))
        results = []
        for name, detail, run in cases:
            self.say(f"Timing {name}, {repeat} runs…")
            seconds, queries = [], set()
            for _run in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    run()
                    seconds.append(time.perf_counter() - started)
                queries.add(len(captured.captured_queries))
            results.append({"name": name, "detail": detail, "seconds": seconds, "queries": queries})
        return results

    def export_case(self, network):
        """The open-data file of the network's venues, as its public URL builds it."""
        count = Venue.objects.filter(network=network).count()

        def run():
            return build_export(opendata_venues(network), "csv")

        return (f"open-data export ({count} venues, CSV)", "venues only", run)

    def summary(self, options, seeded, timings) -> None:
        counts = seeded["counts"]
        self.say()
        self.say(f"Summary ({connection.vendor})")
        took = "reused" if seeded["seconds"] is None else f"in {seeded['seconds']:.1f} s"
        self.say(
            f"  seeded:  {sum(counts.values()):,} rows {took} — "
            + ", ".join(f"{n:,} {name}" for name, n in counts.items())
        )
        self.say(f"  analyse: {seeded['analysed']:.1f} s")
        months, seconds = seeded["monthly"]
        self.say(f"  monthly figures: {months:,} venue-months computed in {seconds:.1f} s")
        width = max(len(row["name"]) for row in timings) if timings else 10
        self.say()
        self.say(f"  {'case':<{width}}  {'queries':>7}  {'median':>9}  {'max':>9}")
        for row in timings:
            seconds = row["seconds"]
            queries = "/".join(str(n) for n in sorted(row["queries"]))
            self.say(
                f"  {row['name']:<{width}}  {queries:>7}  "
                f"{statistics.median(seconds) * 1000:>6.0f} ms  {max(seconds) * 1000:>6.0f} ms"
                f"   ({row['detail']})"
            )
