"""Query budgets of the key pages hold at ten times the data.

One world with a bit of everything at a venue and a partner venue of the same
network (people, a journal, appointments today and tomorrow, reasons booked
online, workshop sessions and registrations, the café numérique queue, a
repair café with its items, reuse devices). Each page is counted once, then
the data is multiplied by ten and the page is counted again: the count must
not change (a count that grows with the data is an N+1) and must stay within
the page's budget — the budgets of the pages' own tests where they have one.
"""

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from comptoir.helpdesk.models import DeviceKind
from comptoir.journal.cra import ActivityType, Theme
from comptoir.journal.models import Activity, ActivityTheme
from comptoir.repair import actions as repair_actions
from comptoir.repair.outcome import record_outcome
from comptoir.reuse.models import DeviceState
from comptoir.venues.roles import Role
from comptoir.workshops.models import RegistrationStatus
from tests.appointments.factories import every_day, local, make_appointment, mediator_at
from tests.appointments.factories_public import BookableTypeFactory
from tests.conftest import client_for
from tests.factories import (
    MembershipFactory,
    PersonFactory,
    UserFactory,
    VenueFactory,
)
from tests.helpdesk.factories import HelpRequestFactory, enabled_device_client
from tests.repair.helpers import make_event
from tests.reuse.factories import DeviceFactory, DonationFactory
from tests.workshops.public_helpers import make_session
from tests.workshops.staff_helpers import seat

# Builds a world, then ten times more: left out of make test-quick.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BASE = 6  # units of data in the small world; the large one has ten times as many
MEDIATORS = 6
# The year so far: session, user, venues; then, for this year and the same dates last
# year, the monthly figures and the current month read live (rollup.py: 12 or 13
# queries each when the month has known people and collective sessions); then the
# export rights. 29 measured.
REPORT_YEAR_BUDGET = 30


@dataclass
class World:
    venue: object
    partner: object
    coordinator: object
    mediator: object
    viewer: object
    team: list
    reason: object
    session: object
    event: object
    clients: dict
    units: itertools.count


def build_world(venue, coordinator, mediator) -> World:
    partner = VenueFactory(network=venue.network, name="Médiathèque", slug="mediatheque")
    viewer = UserFactory(username="financeur")
    for place in (venue, partner):
        MembershipFactory(user=viewer, venue=place, role=Role.VIEWER)
    team = [mediator_at(venue, f"mediateur-{n}") for n in range(MEDIATORS)]
    for user in team:
        every_day(venue, user)
    reason = BookableTypeFactory(venue=venue, mediators=team[:2])
    session = make_session(venue, days=5, capacity=200)
    event = make_event(venue, mediator)
    kiosk, _device = enabled_device_client(venue, DeviceKind.KIOSK)
    board, _device = enabled_device_client(venue, DeviceKind.BOARD)
    clients = {
        "anonymous": Client(),
        "kiosk": kiosk,
        "board": board,
        "mediator": client_for(mediator),
        "coordinator": client_for(coordinator),
        "viewer": client_for(viewer),
    }
    return World(
        venue,
        partner,
        coordinator,
        mediator,
        viewer,
        team,
        reason,
        session,
        event,
        clients,
        itertools.count(),
    )


JOURNAL_DAYS = range(0, 120, 15)  # today, and every fortnight for four months


def record(world: World, place, person, n: int) -> None:
    """Activities of unit `n` at `place`: one per day of JOURNAL_DAYS, a third of
    them collective (with the person among the participants)."""
    today = timezone.localdate()
    for k, days in enumerate(JOURNAL_DAYS):
        collective = (n + k) % 3 == 0
        activity = Activity.objects.create(
            venue=place,
            mediator=world.mediator,
            type=ActivityType.COLLECTIVE if collective else ActivityType.INDIVIDUAL,
            head_count=6 if collective else 1,
            workshop_title="Atelier" if collective else "",
            person=None if collective else person,
            date=today - datetime.timedelta(days=days),
            duration_minutes=30,
        )
        ActivityTheme.objects.bulk_create(
            [ActivityTheme(activity=activity, code=code) for code in (Theme.EMAIL, Theme.HEALTH)]
        )
        if collective and person is not None:
            activity.participants.add(person)


def grow(world: World, units: int) -> None:
    """Add `units` of every kind of data the pages show."""
    venue, today = world.venue, timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    for _ in range(units):
        n = next(world.units)
        person = PersonFactory(venue=venue, first_name=f"Personne {n}")
        # The journal, here and at the partner venue (the network's figures), on
        # the same days whatever the scale (a month with no activity skips queries).
        for place, who in ((venue, person), (world.partner, None)):
            record(world, place, who, n)
        # Appointments today and tomorrow, and one more reason booked online.
        mediator = world.team[n % MEDIATORS]
        for day in (today, tomorrow):
            start = local(day, 8) + datetime.timedelta(minutes=45 * (n // MEDIATORS))
            make_appointment(world.reason, mediator, start, first_name=f"Rdv {n}", person=person)
        BookableTypeFactory(venue=venue, mediators=[mediator])
        # Workshops: a session today or later with a registration, and a seat at the big one.
        other = make_session(venue, days=0 if n % 2 else 2 + n % 30, hour=9 + n % 8)
        seat(other, first_name=f"Inscrite {n}")
        waitlisted = n % 5 == 4
        seat(
            world.session,
            person=person,
            first_name=person.first_name,
            status=RegistrationStatus.WAITLISTED if waitlisted else None,
        )
        # The café numérique: one more waiting, one helped earlier.
        HelpRequestFactory(venue=venue, first_name=f"Visiteur {n}")
        HelpRequestFactory(venue=venue, closed=True, mediator=mediator)
        # The repair café: an item at the door, every other one repaired.
        item = repair_actions.intake_item(
            actor=world.mediator,
            event=world.event,
            category_id=16 if n % 2 else 19,
            problem="Ne démarre plus",
            person=person,
        )
        if n % 2:
            repair_actions.start_repair(actor=world.mediator, item=item)
            record_outcome(actor=world.mediator, item=item, repair_status="fixed")
        # One more venue in the network every third unit, with its journal: the
        # funder sees it on the network dashboard and in their venues.
        if n % 3 == 0:
            place = VenueFactory(network=venue.network)
            MembershipFactory(user=world.viewer, venue=place, role=Role.VIEWER)
            record(world, place, None, n)
        # Reuse: a donated device.
        DeviceFactory(
            venue=venue,
            donation=DonationFactory(venue=venue) if n % 2 else None,
            state=DeviceState.READY if n % 2 else DeviceState.RECEIVED,
        )


@dataclass(frozen=True)
class Case:
    who: str
    budget: int
    url: Callable[[World], str]


def _today() -> datetime.date:
    return timezone.localdate()


CASES = {
    # The seven pages of the load benchmark (docs/benchmarks.md).
    "public booking": Case(
        "anonymous", 3, lambda w: reverse("appointments:public_start", args=[w.venue.slug])
    ),
    "public booking, free slots": Case(
        "anonymous",
        10,
        lambda w: (
            reverse("appointments:public_slots", args=[w.venue.slug, w.reason.pk])
            + "?"
            + urlencode({"day": (_today() + datetime.timedelta(days=2)).isoformat()})
        ),
    ),
    "public agenda": Case(
        "anonymous", 3, lambda w: reverse("workshops:agenda", args=[w.venue.slug])
    ),
    "kiosk check-in": Case("kiosk", 3, lambda w: reverse("helpdesk:kiosk", args=[w.venue.slug])),
    "queue board": Case("board", 4, lambda w: reverse("helpdesk:board", args=[w.venue.slug])),
    "staff today (a mediator's venue home)": Case(
        "mediator", 14, lambda w: reverse("venues:home", args=[w.venue.slug])
    ),
    "journal list": Case("mediator", 9, lambda w: reverse("journal:list", args=[w.venue.slug])),
    "network dashboard (last month)": Case(
        "viewer",
        12,
        lambda w: (
            reverse("reports:dashboard")
            + "?"
            + urlencode({"reseau": w.venue.network.slug, "periode": "mois-dernier"})
        ),
    ),
    "network dashboard (this year, the default)": Case(
        "viewer",
        REPORT_YEAR_BUDGET,
        lambda w: reverse("reports:dashboard") + "?" + urlencode({"reseau": w.venue.network.slug}),
    ),
    # The other key pages.
    "venue home (coordinator)": Case(
        "coordinator", 14, lambda w: reverse("venues:home", args=[w.venue.slug])
    ),
    "my venues (a funder of the network)": Case("viewer", 3, lambda w: reverse("venues:dashboard")),
    "people list": Case("mediator", 6, lambda w: reverse("people:list", args=[w.venue.slug])),
    "appointments agenda, day view": Case(
        "mediator",
        9,
        lambda w: (
            reverse("appointments:agenda", args=[w.venue.slug])
            + "?"
            + urlencode(
                {"view": "day", "date": (_today() + datetime.timedelta(days=1)).isoformat()}
            )
        ),
    ),
    "workshop session page (staff)": Case(
        "mediator", 8, lambda w: reverse("workshops:session", args=[w.venue.slug, w.session.pk])
    ),
    "workshop session page (public)": Case(
        "anonymous",
        4,
        lambda w: reverse("workshops:public_session", args=[w.venue.slug, w.session.pk]),
    ),
    "repair event page": Case(
        "mediator", 12, lambda w: reverse("repair:event", args=[w.venue.slug, w.event.pk])
    ),
    "reuse device list": Case(
        "mediator", 8, lambda w: reverse("reuse:device_list", args=[w.venue.slug])
    ),
    "reports dashboard (one venue)": Case(
        "coordinator",
        12,
        lambda w: (
            reverse("reports:dashboard")
            + "?"
            + urlencode({"lieu": w.venue.slug, "periode": "mois-dernier"})
        ),
    ),
}


def count(world: World, case: Case) -> tuple[int, list[str]]:
    client, url = world.clients[case.who], case.url(world)
    # The first request may write once (a device's "last seen", a month of report
    # figures to compute again); the second is the one that counts.
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker) -> dict[str, tuple]:
    """Every page counted in the small world, then at ten times the data.

    Built once for the module (it takes a while) inside a transaction that is
    rolled back at the end, like a test's."""
    results = {}
    with django_db_blocker.unblock(), transaction.atomic():
        venue = VenueFactory(name="Café du Port", slug="cafe-du-port")
        coordinator = UserFactory(username="coordination")
        MembershipFactory(user=coordinator, venue=venue, role=Role.COORDINATOR)
        mediator = UserFactory(username="mediation", first_name="Dominique")
        MembershipFactory(user=mediator, venue=venue, role=Role.MEDIATOR)
        world = build_world(venue, coordinator, mediator)
        grow(world, BASE)
        small = {name: count(world, case) for name, case in CASES.items()}
        grow(world, 9 * BASE)
        large = {name: count(world, case) for name, case in CASES.items()}
        transaction.set_rollback(True)
    for name in CASES:
        results[name] = (small[name][0], large[name][0], large[name][1])
    width = max(map(len, CASES))
    print(f"\n{'page':<{width}}  1×  10×  budget")
    for name, case in CASES.items():
        print(f"{name:<{width}}  {results[name][0]:>2}  {results[name][1]:>3}  {case.budget:>6}")
    return results


@pytest.mark.parametrize("name", list(CASES))
def test_the_query_count_is_the_same_at_ten_times_the_data(name, counts):
    small, large, queries = counts[name]
    listing = "\n".join(f"{i + 1}. {sql[:300]}" for i, sql in enumerate(queries))
    assert large == small, f"{name}: {small} queries, then {large} with 10× the data:\n{listing}"
    assert large <= CASES[name].budget, (
        f"{name}: {large} queries, budget {CASES[name].budget}:\n{listing}"
    )
