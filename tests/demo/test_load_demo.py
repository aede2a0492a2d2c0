"""The demo data command: what `make run` loads into a fresh database."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from comptoir.journal.cra import ActivityType
from comptoir.journal.models import Activity
from comptoir.people.models import Person
from comptoir.venues.models import Membership, Network, Venue, VenueKind
from comptoir.venues.roles import Role

pytestmark = pytest.mark.slow  # builds the whole demo: left out of make test-quick

PASSWORD = "comptoir-demo"
CAFE_ROLES = {
    "coordinator": Role.COORDINATOR,
    "mediator": Role.MEDIATOR,
    "facilitator": Role.FACILITATOR,
    "volunteer": Role.VOLUNTEER,
    "viewer": Role.VIEWER,
}


def load_demo(*args: str, force: bool = True) -> str:
    """Run the command; tests run with DEBUG off, hence `--force` by default."""
    out = StringIO()
    call_command("load_demo", *args, *(["--force"] if force else []), stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "users": get_user_model().objects.count(),
        "networks": Network.objects.count(),
        "venues": Venue.objects.count(),
        "memberships": Membership.objects.count(),
        "people": Person.objects.count(),
        "activities": Activity.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_fills_an_empty_database():
    output = load_demo()

    assert "Demo data loaded" in output
    assert PASSWORD in output

    venues = Venue.objects.all()
    assert venues.count() == 2
    assert venues.filter(kind=VenueKind.OUTREACH).count() == 1
    cafe = Venue.objects.get(slug="cafe-du-comptoir")
    assert cafe.kind == VenueKind.TIERS_LIEU
    for venue in venues:
        venue.full_clean()
        assert venue.opening_periods.exists()
        assert venue.closures.exists()

    for username, role in CAFE_ROLES.items():
        user = authenticate(username=username, password=PASSWORD)
        assert user is not None, username
        assert Membership.objects.get(user=user, venue=cafe).role == role
    partner = venues.get(kind=VenueKind.OUTREACH)
    assert set(partner.memberships.values_list("user__username", "role")) == {
        ("coordinator", Role.COORDINATOR),
        ("mediator", Role.MEDIATOR),
    }

    assert 150 <= Person.objects.count() <= 250
    assert Person.objects.filter(venue=partner).exists()
    for person in Person.objects.all():
        person.full_clean()
        assert person.consent_to_contact == bool(person.phone)

    activities = Activity.objects.all()
    months = activities.annotate(month=TruncMonth("date")).values("month").distinct()
    assert months.count() >= 5
    assert not activities.annotate(n=Count("themes")).filter(n=0).exists()
    assert activities.filter(type=ActivityType.COLLECTIVE, head_count__gte=4).exists()
    assert activities.filter(person__isnull=False).exists()
    assert activities.filter(type=ActivityType.INDIVIDUAL, person__isnull=True).exists()
    # Mediators record the accompaniments; at the repair café, a volunteer repairer too.
    assert set(activities.values_list("mediator__username", flat=True)) == {
        "coordinator",
        "mediator",
        "mediator2",
        "volunteer",
    }
    assert set(
        activities.filter(mediator__username="volunteer").values_list("source", flat=True)
    ) == {"repair"}
    # The morning of walk-ins is always "today", so that the queue is alive whenever
    # the demo is loaded; the six months of history respect the venue's closures.
    history = activities.exclude(source="helpdesk")
    for activity in history.filter(date__in={a.date for a in history[:20]}):
        activity.full_clean()
        assert not activity.venue.is_closed_on(activity.date)

    # The services are alive: reasons, hours, upcoming and past appointments, walk-ins.
    from comptoir.appointments.models import Appointment, AppointmentType, WeeklyAvailability
    from comptoir.helpdesk.models import HelpRequest

    assert AppointmentType.objects.filter(venue=cafe, bookable_online=True).count() >= 3
    assert WeeklyAvailability.objects.filter(venue=cafe).exists()
    assert Appointment.objects.filter(status="booked", starts_at__gt=timezone.now()).count() >= 5
    assert Appointment.objects.filter(status="done", activity__isnull=False).exists()
    assert HelpRequest.objects.filter(venue=cafe, status="waiting").exists()
    assert HelpRequest.objects.filter(venue=cafe, status="closed").exists()


@pytest.mark.django_db
def test_load_demo_only_fills_an_empty_database():
    load_demo()
    before = counts()

    with pytest.raises(CommandError, match="already has venues"):
        load_demo()
    assert counts() == before

    output = load_demo("--if-empty")
    assert output.strip() == "Demo data already present, nothing to do."
    assert counts() == before


@pytest.mark.django_db
def test_load_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False

    for args in ((), ("--if-empty",)):
        with pytest.raises(CommandError, match="DEBUG is off") as refused:
            load_demo(*args, force=False)
        assert "--force" in str(refused.value)
        assert PASSWORD in str(refused.value)
    assert counts() == dict.fromkeys(counts(), 0)
