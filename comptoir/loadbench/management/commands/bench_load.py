"""Benchmark: the key pages under load, served by gunicorn on PostgreSQL.

Seeds a realistic volume (by default 20 venues in 2 networks, 200,000 people,
1,000,000 journal activities, 50,000 appointments, 20,000 workshop
registrations, today's café numérique queue), starts gunicorn as production
runs it, and drives each page from a second process for a bounded time with a
fixed concurrency. Prints, per page: requests per second, p50 and p95 latency,
SQL queries per request, and its throughput divided by that of a trivial view
served by the same server in the same run. Writes the same into
docs/benchmarks.md between `<!-- bench_load:start -->` and `<!-- bench_load:end -->`.

    DEBUG=true python manage.py bench_load                      # full volume (make bench)
    DEBUG=true python manage.py bench_load --keep               # keep the data…
    DEBUG=true python manage.py bench_load --reuse --seconds 20 # …and measure again
    DEBUG=true python manage.py bench_load --delete             # …then delete it
    DEBUG=true python manage.py bench_load --people 2000 --activities 20000 --seconds 2

PostgreSQL only: SQLite with several gunicorn workers measures nothing useful.
The data is committed (the server's processes must see it) and deleted at the
end, also after an error, unless --keep. Refuses DEBUG off unless --force.
"""

import os
import random
import secrets
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.sessions.models import Session as DjangoSession
from django.core import signing
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from comptoir.helpdesk import actions as helpdesk_actions
from comptoir.helpdesk.models import DeviceKind
from comptoir.helpdesk.permissions import COOKIE_NAMES, COOKIE_SALT
from comptoir.loadbench import report, server
from comptoir.loadbench.pages import TRIVIAL, pages_for
from comptoir.loadbench.queries import count_queries
from comptoir.loadbench.world import BenchWorld


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Serve the key pages with gunicorn on a large PostgreSQL database and measure them."

    def add_arguments(self, parser) -> None:
        volume = parser.add_argument_group("volumes")
        volume.add_argument("--venues", type=int, default=20)
        volume.add_argument("--people", type=int, default=200_000)
        volume.add_argument("--activities", type=int, default=1_000_000)
        volume.add_argument("--appointments", type=int, default=50_000)
        volume.add_argument("--registrations", type=int, default=20_000)
        volume.add_argument(
            "--waiting", type=int, default=12, help="People waiting at each café numérique."
        )
        load = parser.add_argument_group("load")
        load.add_argument("--seconds", type=float, default=10.0, help="Measured time per page.")
        load.add_argument("--warmup", type=float, default=2.0, help="Unmeasured time per page.")
        load.add_argument("--concurrency", type=int, default=8, help="Requests at once.")
        load.add_argument(
            "--workers", type=int, default=default_workers(), help="gunicorn workers (2 × cores)."
        )
        load.add_argument(
            "--conn-max-age",
            type=int,
            default=0,
            help="DATABASE_CONN_MAX_AGE of the server (0, the default of docs/environment.md).",
        )
        load.add_argument(
            "--page", action="append", help="Measure only this page (its key; repeatable)."
        )
        load.add_argument(
            "--plain-static",
            action="store_true",
            help="Serve the static files from the source folders (no collectstatic: quicker, "
            "for a trial run; the pages measured are HTML only).",
        )
        parser.add_argument("--seed", type=int, default=2024, help="Random seed.")
        parser.add_argument("--keep", action="store_true", help="Keep the seeded data.")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Measure the data an earlier --keep run left, without seeding (implies --keep).",
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Delete the data an earlier --keep run left, and measure nothing.",
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"),
            help="Markdown file whose bench_load section is written ('' for none).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (production)."
        )

    def say(self, text: str = "") -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_load measures the pages on PostgreSQL, as production serves them: "
                "SQLite with several gunicorn workers would measure its write lock. Set "
                "DATABASE_URL=postgres://user:password@host:5432/name (a database you can fill "
                "with millions of rows) and run it again."
            )
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this may be a production database. The bench writes "
                "millions of rows; run it on a copy, with DEBUG=true, or pass --force."
            )
        if options["venues"] < 1 or options["activities"] < 1 or options["people"] < 1:
            raise CommandError("--venues, --activities and --people must be positive.")
        started = time.perf_counter()
        bench = BenchWorld(
            rng=random.Random(options["seed"]), today=timezone.localdate(), say=self.say
        )
        if options["delete"]:
            bench.clean(announce=True)
            return
        if options["reuse"]:
            options["keep"] = True
            world = bench.reuse()
        else:
            bench.clean(announce=True)
        try:
            if not options["reuse"]:
                world = bench.seed(options)
            rows, context = self.measure(world, options)
            context["duration"] = time.perf_counter() - started
            self.summary(rows, context, options)
        finally:
            if options["keep"]:
                self.say("Bench data kept (networks bench-reports and bench-load-b).")
            else:
                bench.clean()

    # --- Measuring -------------------------------------------------------------------------------

    def measure(self, world, options) -> tuple[list[dict], dict]:
        # Cookies signed here must be valid for the server, which has DEBUG off.
        with override_settings(SECRET_KEY=server.served_secret_key()):
            return self._measure(world, options)

    def _measure(self, world, options) -> tuple[list[dict], dict]:
        pages = pages_for(world)
        if options["page"]:
            unknown = set(options["page"]) - {page.key for page in pages}
            if unknown:
                keys = ", ".join(page.key for page in pages)
                raise CommandError(f"Unknown page {', '.join(sorted(unknown))}; pages: {keys}.")
            pages = [page for page in pages if page.key in options["page"] or page.key == TRIVIAL]
        venue = world.venue
        devices, device_cookies = [], {}
        for kind in (DeviceKind.KIOSK, DeviceKind.BOARD):
            device, token = helpdesk_actions.enable_device(
                venue=venue, kind=kind, name=f"Banc d’essai ({kind})", actor=None
            )
            devices.append(device)
            device_cookies[kind] = signing.get_cookie_signer(
                salt=COOKIE_NAMES[kind] + COOKIE_SALT
            ).sign(token)
        users = {"staff": world.mediator, "network": world.network_viewer}
        password = secrets.token_urlsafe(16)
        # Hashed with the production hasher whatever this process's settings say
        # (the test suite's MD5 is unknown to the server).
        hasher = Argon2PasswordHasher()
        for user in users.values():
            user.password = hasher.encode(password, hasher.salt())
            user.save(update_fields=["password"])

        self.say(f"Counting the SQL queries of each page ({venue.name}, in this process)…")
        queries = count_queries(pages, users=users, device_cookies=device_cookies)

        session_keys = []
        load_before = report.load_average()
        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            folder = Path(folder)
            env = server.server_env(
                folder / "static", options["conn_max_age"], plain_static=options["plain_static"]
            )
            if not options["plain_static"]:
                self.say("Collecting the static files for the server…")
                server.collect_static(env)
            self.say(f"Starting gunicorn ({options['workers']} workers, DEBUG off)…")
            with server.Gunicorn(env, options["workers"], folder / "gunicorn.log") as gunicorn:
                cookies = {
                    "anonymous": "",
                    DeviceKind.KIOSK: f"{COOKIE_NAMES[DeviceKind.KIOSK]}={device_cookies[DeviceKind.KIOSK]}",
                    DeviceKind.BOARD: f"{COOKIE_NAMES[DeviceKind.BOARD]}={device_cookies[DeviceKind.BOARD]}",
                }
                for who, user in users.items():
                    key = server.log_in(gunicorn.port, user.username, password, reverse("login"))
                    session_keys.append(key)
                    cookies[who] = f"{settings.SESSION_COOKIE_NAME}={key}"
                self.say(
                    f"Serving on 127.0.0.1:{gunicorn.port}; {options['concurrency']} requests at "
                    f"once, {options['seconds']:g} s per page after {options['warmup']:g} s of warm-up."
                )
                rows = []
                for page in pages:
                    self.say(f"  {page.label}: {page.path}")
                    row = server.load(
                        gunicorn.port,
                        page.path,
                        seconds=options["seconds"],
                        concurrency=options["concurrency"],
                        warmup=options["warmup"],
                        cookie=cookies[page.who],
                        headers=page.headers,
                    )
                    row.update(
                        key=page.key,
                        label=page.label,
                        queries=queries[page.key],
                        key_page=page.key_page,
                    )
                    self.say(
                        f"    {row['rps']:.1f} req/s, p50 {row['p50_ms']:.0f} ms, "
                        f"p95 {row['p95_ms']:.0f} ms, {row['queries']} queries, "
                        f"{row['error_count']} errors"
                    )
                    rows.append(row)
                log_tail = gunicorn.log_tail().strip()
        DjangoSession.objects.filter(session_key__in=session_keys).delete()
        for device in devices:
            helpdesk_actions.revoke_device(device=device, actor=None)
        if log_tail:
            self.say("gunicorn said:\n" + log_tail)
        context = {
            "date": report.now(),
            "machine": report.machine(),
            "counts": world.counts,
            "venues": len(world.venue_ids),
            "networks": len(world.networks),
            "venue": venue.slug,
            "workers": options["workers"],
            "conn_max_age": options["conn_max_age"],
            "static": "from the source folders"
            if options["plain_static"]
            else ("collected (WhiteNoise's compressed manifest)"),
            "concurrency": options["concurrency"],
            "seconds": options["seconds"],
            "warmup": options["warmup"],
            "load_before": load_before,
            "load_after": report.load_average(),
            "timings": world.timings,
        }
        return rows, context

    def summary(self, rows: list[dict], context: dict, options) -> None:
        trivial = next((row for row in rows if row["key"] == TRIVIAL), None)
        self.say()
        self.say(f"Summary (PostgreSQL {context['machine']['PostgreSQL']}, {context['venue']})")
        self.say(
            "  data: "
            + ", ".join(f"{n:,} {name}" for name, n in context["counts"].items())
            + " — "
            + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in context["timings"].items())
        )
        for line in report.console_table(rows, trivial):
            self.say(line)
        errors = sum(row["error_count"] for row in rows)
        if errors:
            self.say(f"  {errors} requests failed: see the errors column.")
        if options["output"]:
            path = Path(options["output"])
            report.write_section(path, report.markdown(rows, trivial, context))
            self.say(f"Written to {path}.")
