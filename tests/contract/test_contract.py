"""The contract between the services and the shared code (issue 14): a service that
exists only in these tests declares itself (tests/contract/dummy_service/service.py)
and appears in the navigation, the role table, the permission matrix's inventory and
the journal, without any shared file naming it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from comptoir.journal.actions import record_activity
from comptoir.journal.cra import ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.kernel import services
from comptoir.venues.roles import ROLE_CAPABILITIES, Role, role_allows
from tests.conftest import client_for
from tests.contract.dummy_service.service import SERVICE, SOURCE, DummyCapability
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dummy(settings):
    settings.ROOT_URLCONF = "tests.contract.urls"  # what its urls.py gives a real app
    with services.registered(SERVICE):
        yield SERVICE


def _activity(source: str) -> Activity:
    return Activity(
        type=ActivityType.INDIVIDUAL,
        place_type=PlaceType.VENUE,
        date=timezone.localdate(),
        duration_minutes=20,
        source=source,
    )


def test_its_capability_goes_to_the_roles_it_names_and_to_the_coordinator(dummy):
    holders = {role for role in Role.values if role_allows(role, DummyCapability.USE_DUMMY)}
    assert holders == {Role.COORDINATOR, Role.MEDIATOR, Role.VOLUNTEER}


def test_it_leaves_the_role_table_as_it_was_once_unregistered(dummy):
    with_it = dict(ROLE_CAPABILITIES)
    services.unregister(SERVICE.key)
    without = dict(ROLE_CAPABILITIES)
    assert not any(DummyCapability.USE_DUMMY in caps for caps in without.values())
    assert {role: caps - {DummyCapability.USE_DUMMY} for role, caps in with_it.items()} == without


def test_its_entry_is_in_the_navigation_of_the_roles_holding_its_capability(
    dummy, venue, mediator, facilitator
):
    home = reverse("venues:home", args=[venue.slug])
    link = reverse("dummy:index", args=[venue.slug])
    page = client_for(mediator).get(home).content.decode()
    assert f'<a href="{link}" >Service factice</a>' in page
    # In the declared order: after the workshops, before the repair café.
    assert page.index("Ateliers") < page.index("Service factice") < page.index("Repair café")
    assert link not in client_for(facilitator).get(home).content.decode()


def test_its_page_answers_under_the_venue(dummy, venue, mediator):
    link = reverse("dummy:index", args=[venue.slug])
    assert client_for(mediator).get(link).content.decode() == "Service factice de Café du Port"


def test_the_permission_matrix_finds_its_page_and_answers_each_persona_by_its_capability(
    dummy, venue, other_venue, client
):
    from tests import test_permission_matrix as matrix

    route = matrix._routes()["dummy:index"]
    assert route.takes_venue and not route.public
    assert route.view.required_capability == DummyCapability.USE_DUMMY
    url = reverse("dummy:index", args=[venue.slug])
    for role in Role.values:
        user = UserFactory(username=f"contract-{role}")
        MembershipFactory(user=user, venue=venue, role=role)
        expected = 200 if role_allows(role, route.view.required_capability) else 403
        assert client_for(user).get(url).status_code == expected, role
    intruder = UserFactory(username="contract-intruder")
    MembershipFactory(user=intruder, venue=other_venue, role=Role.COORDINATOR)
    assert client_for(intruder).get(url).status_code == 403
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_the_journal_takes_its_source_and_labels_it(dummy, venue, mediator):
    activity = record_activity(
        actor=mediator,
        venue=venue,
        activity=_activity(SOURCE),
        themes=[Theme.GETTING_STARTED],
    )
    activity.refresh_from_db()
    assert activity.source == Source.DUMMY == "dummy"
    assert activity.source_label == "Service factice"
    keys = [key for key, _label in Source.choices]
    assert keys.index("workshop") < keys.index("dummy") < keys.index("outreach")


def test_the_journal_refuses_a_source_no_app_declared(venue, mediator):
    with pytest.raises(ValidationError):
        record_activity(
            actor=mediator, venue=venue, activity=_activity(SOURCE), themes=[Theme.GETTING_STARTED]
        )
    with pytest.raises(AttributeError):
        Source.DUMMY  # noqa: B018
    assert not Activity.objects.exists()


def test_a_person_page_of_a_venue_still_works_with_it(dummy, venue, mediator):
    person = PersonFactory(venue=venue)
    response = client_for(mediator).get(reverse("people:detail", args=[venue.slug, person.pk]))
    assert response.status_code == 200
