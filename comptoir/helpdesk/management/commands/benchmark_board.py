"""Benchmark the queue board: SQL queries and time per render, for 5 and 50 people waiting.

    python manage.py benchmark_board [--runs 50]

Everything is created in a transaction that is rolled back: the database is left as it was.
"""

import datetime
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comptoir.helpdesk import actions
from comptoir.helpdesk.models import DeviceKind, HelpRequest, Outcome, Status
from comptoir.helpdesk.permissions import COOKIE_NAMES, COOKIE_SALT
from comptoir.helpdesk.topics import Topic
from comptoir.venues.models import Network, Venue


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Measure the queue board (queries, milliseconds) with 5 and 50 people waiting."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=50)

    def handle(self, *args, runs: int, **options) -> None:
        try:
            with transaction.atomic():
                self._run(runs)
                raise Rollback
        except Rollback:
            pass

    def _run(self, runs: int) -> None:
        from django.core import signing

        network = Network.objects.create(name="Benchmark", slug="benchmark-helpdesk")
        venue = Venue.objects.create(
            network=network,
            name="Benchmark",
            slug="benchmark-helpdesk",
            address="1 rue du Test",
            postal_code="69001",
            commune="Lyon",
        )
        now = timezone.now()
        # A fortnight of history for the estimated wait.
        HelpRequest.objects.bulk_create(
            [
                HelpRequest(
                    venue=venue,
                    day=timezone.localdate(now - datetime.timedelta(hours=i + 1)),
                    ticket=1000 + i,
                    topic=Topic.EMAIL,
                    status=Status.CLOSED,
                    outcome=Outcome.SOLVED,
                    arrived_at=now - datetime.timedelta(hours=i + 1, minutes=30),
                    started_at=now - datetime.timedelta(hours=i + 1, minutes=20),
                    ended_at=now - datetime.timedelta(hours=i + 1, minutes=20 - 8 - i % 10),
                )
                for i in range(200)
            ]
        )
        _device, token = actions.enable_device(
            venue=venue, kind=DeviceKind.BOARD, name="Benchmark", actor=None
        )
        host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
        client = Client(headers={"host": host})
        kind = DeviceKind.BOARD
        client.cookies[COOKIE_NAMES[kind]] = signing.get_cookie_signer(
            salt=COOKIE_NAMES[kind] + COOKIE_SALT
        ).sign(token)
        url = reverse("helpdesk:board", args=[venue.slug])
        waiting = 0
        for target in (5, 50):
            for i in range(waiting, target):
                actions.check_in_walk_in(
                    venue=venue,
                    topic=Topic.values[i % len(Topic.values)],
                    first_name=f"Personne {i}",
                    now=now - datetime.timedelta(minutes=target - i),
                )
            waiting = target
            client.get(url)  # warm up (and the device's "last seen")
            for label, headers in (("page", {}), ("htmx fragment", {"HX-Request": "true"})):
                timings = []
                reset_queries()  # the log keeps 9,000 queries at most: start afresh
                with CaptureQueriesContext(connection) as queries:
                    client.get(url, headers=headers)
                for _ in range(runs):
                    start = time.perf_counter()
                    response = client.get(url, headers=headers)
                    timings.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"The board answered {response.status_code}.")
                self.stdout.write(
                    f"board, {target:>2} waiting, {label:<13}: "
                    f"{len(queries.captured_queries)} queries, "
                    f"median {statistics.median(timings):.1f} ms, "
                    f"max {max(timings):.1f} ms over {runs} runs"
                )
