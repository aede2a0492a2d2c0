"""The load benchmark (`manage.py bench_load`) runs end to end on a small volume:
gunicorn serves every page with no error, the section of docs/benchmarks.md is
written, and nothing is left behind. PostgreSQL only (the command refuses SQLite)."""

import random
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comptoir.appointments.models import Appointment, SlotHold
from comptoir.helpdesk.models import HelpRequest, KioskDevice
from comptoir.journal.models import Activity
from comptoir.loadbench.world import BenchWorld
from comptoir.people.models import Person
from comptoir.venues.models import Network, Venue
from comptoir.workshops.models import Registration, Session

pytestmark = pytest.mark.slow  # starts gunicorn: left out of make test-quick

SMALL = {
    "venues": 2,
    "people": 200,
    "activities": 2000,
    "appointments": 300,
    "registrations": 120,
    "waiting": 4,
    "seconds": 1,
    "warmup": 0.3,
    "concurrency": 2,
    "workers": 2,
    "plain_static": True,
    "force": True,
}
PAGES = [
    "trivial view",
    "/healthz",
    "public booking: reasons",
    "public booking: free slots",
    "public agenda of workshops",
    "kiosk check-in",
    "queue board (page)",
    "queue board (fragment",
    "staff “today”",
    "journal list",
    "network dashboard",
]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="bench_load runs on PostgreSQL only"
)


def test_the_trivial_view_exists_only_in_the_bench_settings(db, client, settings):
    assert client.get("/bench-load/ok").status_code == 404  # production's URLs
    settings.ROOT_URLCONF = "comptoir.loadbench.urls"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench-load/ok")
    assert response.status_code == 200 and response.content == b"ok"
    assert not queries.captured_queries


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for SQLite")
def test_it_refuses_sqlite_and_says_what_to_do(db):
    with pytest.raises(CommandError, match="DATABASE_URL=postgres://"):
        call_command("bench_load", stdout=StringIO(), **SMALL)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_every_page_is_served_without_error_the_section_is_written_and_reuse_works(tmp_path):
    docs = tmp_path / "benchmarks.md"
    docs.write_text(
        "# Benchmarks\n\nBefore.\n\n<!-- bench_load:start -->\nold figures\n"
        "<!-- bench_load:end -->\n\nAfter.\n"
    )
    out = StringIO()
    call_command("bench_load", stdout=out, output=str(docs), keep=True, **SMALL)
    output = out.getvalue()

    summary = output.split("Summary", 1)[1]
    for label in PAGES:
        line = next((line for line in summary.splitlines() if label in line), None)
        assert line is not None, f"no row for {label}:\n{summary}"
        assert line.rstrip().endswith("  0"), f"errors on {label}: {line}"
    assert "2,000 activities" in summary and "300 appointments" in summary

    text = docs.read_text()
    assert text.startswith("# Benchmarks\n\nBefore.\n\n<!-- bench_load:start -->")
    assert text.endswith("<!-- bench_load:end -->\n\nAfter.\n")
    assert "old figures" not in text
    section = text.split("<!-- bench_load:start -->")[1].split("<!-- bench_load:end -->")[0]
    assert "PostgreSQL" in section and " cores" in section
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + len(PAGES)  # the header, then a row per page
    for row in rows[1:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        requests_per_second, queries, errors = float(cells[1]), cells[4], cells[7]
        assert requests_per_second > 0, row
        assert re.fullmatch(r"\d+", queries), row
        assert errors == "0", row
    queries = {row.split("|")[1].strip(): int(row.split("|")[5]) for row in rows[1:]}
    assert queries["trivial view (no database, reference)"] == 0
    assert queries["journal list"] > 0

    # --keep left the data: two networks, the volumes asked for, free slots ahead.
    venues = set(Venue.objects.values_list("pk", flat=True))
    assert len(venues) == 2
    assert Network.objects.filter(slug__in=["bench-reports", "bench-load-b"]).count() == 2
    assert Appointment.objects.count() == 300
    assert Appointment.objects.filter(status="booked").exists()
    assert Registration.objects.count() == 120

    # --reuse measures it again without seeding.
    out = StringIO()
    call_command("bench_load", stdout=out, output="", reuse=True, page=["booking"], **SMALL)
    output = out.getvalue()
    assert "Reusing" in output and "public booking: reasons" in output
    assert "journal list" not in output.split("Summary", 1)[1]
    assert set(Venue.objects.values_list("pk", flat=True)) == venues

    # Cleaning (at the end of a run without --keep) leaves nothing behind.
    BenchWorld(rng=random.Random(1), today=timezone.localdate(), say=lambda text: None).clean()
    assert not Network.objects.filter(slug__in=["bench-reports", "bench-load-b"]).exists()
    assert not Venue.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="bench-load-").exists()
    for model in (Activity, Person, Appointment, SlotHold, Session, Registration, HelpRequest):
        assert not model.objects.exists(), model
    assert not KioskDevice.objects.exists()
