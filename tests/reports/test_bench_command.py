"""The reports benchmark runs end to end on a tiny journal and cleans up after itself."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comptoir.journal.models import Activity, ActivityTheme, MissedBooking
from comptoir.people.models import Person
from comptoir.venues.models import Network, Venue

# Seeds a realistic journal: left out of make test-quick.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TINY = {"activities": 500, "venues": 3, "people": 40, "repeat": 1, "force": True}
# The reports benchmark (docs/benchmarks.md) is timed by hand on PostgreSQL; this
# only checks that it runs, reports and cleans up.


def run(**options) -> str:
    out = StringIO()
    call_command("bench_reports", stdout=out, **{**TINY, **options})
    return out.getvalue()


def test_prints_the_summary_and_leaves_nothing_behind(venue):
    output = run()

    assert "Summary" in output
    assert "500 activities" in output
    summary = output.split("Summary", 1)[1]
    for case in ("one venue, 12-mois", "network (3 venues), 12-mois", "one venue, annee"):
        line = next(line for line in summary.splitlines() if case in line)
        assert line.count(" ms") == 2, line
    assert "Bench data deleted" in output
    assert not Network.objects.filter(slug="bench-reports").exists()
    assert list(Venue.objects.all()) == [venue]
    assert not Activity.objects.exists()
    assert not Person.objects.exists()
    assert not MissedBooking.objects.exists()
    assert not ActivityTheme.objects.exists()
    assert not Activity.participants.through.objects.exists()


def test_keep_leaves_a_realistic_journal_and_the_next_run_replaces_it():
    run(keep=True)
    run(keep=True, period=["mois"])

    network = Network.objects.get(slug="bench-reports")
    assert network.venues.count() == 3
    activities = Activity.objects.filter(venue__network=network)
    assert activities.count() == 500
    assert Person.objects.filter(venue__network=network).count() == 40
    collective = activities.filter(type="collectif")
    assert 60 < collective.count() < 190  # about a quarter
    assert not collective.filter(head_count__lt=3).exists()
    assert Activity.participants.through.objects.filter(activity__in=collective).exists()
    assert activities.filter(type="individuel", person__isnull=False).exists()
    assert activities.filter(type="individuel", person__isnull=True).exists()
    assert ActivityTheme.objects.filter(activity__in=activities, kind="procedure").exists()
    assert not activities.filter(themes__isnull=True).exists()
    assert MissedBooking.objects.filter(venue__network=network).count() == 10
    reused = run(reuse=True, period=["mois"])
    assert "rows reused" in reused
    assert activities.count() == 500
    # Bench people and activities did not take ids the application will hand out.
    person = Person.objects.create(venue=network.venues.first(), first_name="Après")
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk


def test_refuses_a_production_database_without_force(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        run(force=False)

    assert not Network.objects.filter(slug="bench-reports").exists()
