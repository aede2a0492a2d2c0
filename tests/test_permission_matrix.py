"""Every staff URL, every role, plus an intruder from another venue and a visitor.

The expected outcome comes from the role table in comptoir/venues/roles.py and
the `required_capability` each staff view declares. A staff view added without
a capability, or without an entry in URL_ARGS, makes this test fail.

Each service adds its URLs in tests/<app>/matrix.py: `URL_ARGS` (url name →
function of the world giving the URL's extra arguments), `POST_ONLY` (names),
and `build_world(venue) -> dict` creating the objects its URLs need.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from comptoir.audit.models import AuditEntry
from comptoir.journal.models import Activity
from comptoir.venues.models import Invitation, Membership
from comptoir.venues.roles import Role, role_allows
from tests.conftest import client_for
from tests.factories import ActivityFactory, MembershipFactory, PersonFactory, UserFactory

# Views that only accept POST (they change something).
POST_ONLY = {"venues:member_update", "venues:invitation_revoke", "journal:delete"}


def _staff_patterns():
    """(url name, view) for every URL that takes a venue slug."""
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif (
                isinstance(entry, URLPattern)
                and "venue_slug" in entry.pattern.regex.groupindex
                # Public pages (login_not_required) have their own tests.
                and getattr(entry.callback, "login_required", True)
            ):
                found.append((f"{namespace}:{entry.name}", entry.callback))

    walk(get_resolver().url_patterns, None)
    return found


STAFF_PATTERNS = _staff_patterns()


def _service_matrices():
    import tests

    modules = []
    for info in pkgutil.iter_modules(tests.__path__):
        if info.ispkg:
            try:
                modules.append(importlib.import_module(f"tests.{info.name}.matrix"))
            except ModuleNotFoundError:
                continue
    return modules


SERVICE_MATRICES = _service_matrices()
for _module in SERVICE_MATRICES:
    POST_ONLY |= set(getattr(_module, "POST_ONLY", ()))


@pytest.fixture
def world(venue):
    """One object of each kind at the venue, for URLs that need an id."""
    volunteer = UserFactory(username="volunteer-target")
    person = PersonFactory(venue=venue)
    extra = {}
    for module in SERVICE_MATRICES:
        extra.update(module.build_world(venue))
    return extra | {
        "person": person,
        "activity": ActivityFactory(venue=venue, person=person),
        "membership": MembershipFactory(venue=venue, user=volunteer, role=Role.VOLUNTEER),
        "invitation": Invitation.objects.create(
            venue=venue, email="new@example.org", role=Role.MEDIATOR
        ),
    }


URL_ARGS = {
    "venues:home": lambda w: [],
    "venues:edit": lambda w: [],
    "venues:hours": lambda w: [],
    "venues:team": lambda w: [],
    "venues:member_update": lambda w: [w["membership"].pk],
    "venues:invitation_revoke": lambda w: [w["invitation"].pk],
    "people:list": lambda w: [],
    "people:create": lambda w: [],
    "people:detail": lambda w: [w["person"].pk],
    "people:edit": lambda w: [w["person"].pk],
    "journal:list": lambda w: [],
    "journal:export": lambda w: [],
    "journal:create": lambda w: [],
    "journal:detail": lambda w: [w["activity"].pk],
    "journal:edit": lambda w: [w["activity"].pk],
    "journal:delete": lambda w: [w["activity"].pk],
    "audit:list": lambda w: [],
}
for _module in SERVICE_MATRICES:
    URL_ARGS.update(_module.URL_ARGS)


def test_every_staff_view_declares_a_capability_and_is_in_the_matrix():
    names = {name for name, _view in STAFF_PATTERNS}
    assert names == set(URL_ARGS), "Add new staff URLs to URL_ARGS (and give them a capability)"
    for name, view in STAFF_PATTERNS:
        assert hasattr(view, "required_capability"), f"{name} is not wrapped in venue_view()"


CASES = [(name, role) for name, _view in STAFF_PATTERNS for role in Role.values]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), CASES)
def test_each_role_gets_exactly_what_its_capabilities_allow(name, role, venue, world):
    user = UserFactory(username=f"matrix-{role}")
    MembershipFactory(user=user, venue=venue, role=role)
    view = dict(STAFF_PATTERNS)[name]
    allowed = role_allows(role, view.required_capability)
    url = reverse(name, args=[venue.slug, *URL_ARGS[name](world)])
    client = client_for(user)

    if name in POST_ONLY:
        response = client.post(url)
        assert response.status_code == (302 if allowed else 403), url
    else:
        response = client.get(url)
        assert response.status_code == (200 if allowed else 403), url


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(URL_ARGS))
def test_staff_of_another_venue_is_refused_and_changes_nothing(name, venue, world, intruder_client):
    url = reverse(name, args=[venue.slug, *URL_ARGS[name](world)])
    before = (Activity.objects.count(), Membership.objects.count(), Invitation.objects.count())
    response = intruder_client.post(url) if name in POST_ONLY else intruder_client.get(url)
    assert response.status_code == 403
    assert world["person"].first_name not in response.content.decode()
    after = (Activity.objects.count(), Membership.objects.count(), Invitation.objects.count())
    assert after == before
    assert not AuditEntry.objects.filter(venue=venue).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(URL_ARGS))
def test_a_visitor_without_login_is_sent_to_the_login_page(name, venue, world, client):
    url = reverse(name, args=[venue.slug, *URL_ARGS[name](world)])
    response = client.post(url) if name in POST_ONLY else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in URL_ARGS if n not in POST_ONLY])
def test_an_unknown_venue_is_a_404(name, coordinator_client, world):
    url = reverse(name, args=["no-such-venue", *URL_ARGS[name](world)])
    assert coordinator_client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_object_of_another_venue_is_a_404_even_for_a_coordinator(
    coordinator_client, venue, other_venue
):
    foreign_person = PersonFactory(venue=other_venue)
    foreign_activity = ActivityFactory(venue=other_venue)
    for url in [
        reverse("people:detail", args=[venue.slug, foreign_person.pk]),
        reverse("people:edit", args=[venue.slug, foreign_person.pk]),
        reverse("journal:detail", args=[venue.slug, foreign_activity.pk]),
        reverse("journal:edit", args=[venue.slug, foreign_activity.pk]),
    ]:
        assert coordinator_client.get(url).status_code == 404, url
    response = coordinator_client.post(
        reverse("journal:delete", args=[venue.slug, foreign_activity.pk])
    )
    assert response.status_code == 404
    assert Activity.objects.filter(pk=foreign_activity.pk).exists()
