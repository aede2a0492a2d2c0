"""The permission matrix: every URL of the project, with every role, another venue's
staff (the intruder) and an anonymous visitor. Nobody reads or changes what is not theirs.

Every URL pattern must be classified, or the inventory test fails and lists it:

- staff pages under a venue (`venue_slug`, wrapped in `venue_view(capability)`): an
  entry in `URL_ARGS` (url name -> function of the world giving the URL's arguments
  after the venue slug). The expected answer comes from `ROLE_CAPABILITIES` and the
  view's `required_capability`. Views that only take a POST go in `POST_ONLY`.
- public pages (`login_not_required`): an entry in `PUBLIC_URLS` (url name -> function
  of the world giving all the URL's arguments, or `(function, status)` when an
  anonymous GET does not answer 200).
- pages that need a login but no venue (`/rapports/…`, account pages): an entry in
  `ACCOUNT_URLS` (url name -> `(function, expected)`, expected being one status for
  every logged-in persona or a dict persona -> status with a "default" key).

Each app declared in the kernel's registry (its service.py) adds its own in
tests/<key>/matrix.py (`URL_ARGS`, `POST_ONLY`,
`PUBLIC_URLS`, `ACCOUNT_URLS`, and `build_world(venue) -> dict` creating the objects
its URLs need). Only the Django admin is left out: it has its own login, is for
superusers only and lists no venue data outside it.

The world is built once for the module, for two venues: "a" (where the personas
work) and "b" (the intruder's venue, with the same kinds of objects). Every first
name in b's world starts with MARK["b"], in a's with MARK["a"]: a page that must
not show a venue's people must not contain its mark.
"""

import importlib
import importlib.util
import logging
from dataclasses import dataclass, field
from unittest import mock

import pytest
import weasyprint
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from comptoir.venues.models import Invitation
from comptoir.venues.roles import ROLE_CAPABILITIES, Role, role_allows
from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

MARK = {"a": "Qzxa", "b": "Qzxb"}
INTRUDER = "intruder"  # a coordinator of venue b
PERSONAS = [*Role.values, INTRUDER]
# Tables a request may write without changing anything that matters.
NOT_FINGERPRINTED = {"django_session", "django_migrations", "django_content_type", "comptoir_cache"}

# --- What each URL needs ---------------------------------------------------------------------------

# Staff views that only accept POST (they change something).
POST_ONLY = {"venues:member_update", "venues:invitation_revoke", "journal:delete", "logout"}

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
    "people:export": lambda w: [w["person"].pk],
    "people:erase": lambda w: [w["person"].pk],
    "journal:list": lambda w: [],
    "journal:export": lambda w: [],
    "journal:create": lambda w: [],
    "journal:detail": lambda w: [w["activity"].pk],
    "journal:edit": lambda w: [w["activity"].pk],
    "journal:delete": lambda w: [w["activity"].pk],
    "audit:list": lambda w: [],
}

PUBLIC_URLS = {
    "home": lambda w: [],
    "healthz": lambda w: [],
    "login": lambda w: [],
    # A GET only sends back to the page (the switch itself is a POST).
    "set_language": (lambda w: [], 302),
    "venues:public": lambda w: [w["venue"].slug],
    "venues:accept_invitation": lambda w: [w["invitation"].token],
    "people:privacy": lambda w: [],
    "people:privacy_venue": lambda w: [w["venue"].slug],
}

ACCOUNT_URLS = {
    "logout": (lambda w: [], 302),
    "venues:dashboard": (lambda w: [], 200),
}


def _service_matrices():
    """tests/<key>/matrix.py of every app declared in the kernel's registry."""
    from comptoir.kernel import services

    modules = []
    for service in services.services():
        # A matrix module that fails to import must fail the test, not be skipped.
        if importlib.util.find_spec(f"tests.{service.key}") is None:
            continue
        if importlib.util.find_spec(f"tests.{service.key}.matrix") is not None:
            modules.append(importlib.import_module(f"tests.{service.key}.matrix"))
    return modules


SERVICE_MATRICES = _service_matrices()
for _module in SERVICE_MATRICES:
    POST_ONLY |= set(getattr(_module, "POST_ONLY", ()))
    URL_ARGS.update(getattr(_module, "URL_ARGS", {}))
    PUBLIC_URLS.update(getattr(_module, "PUBLIC_URLS", {}))
    ACCOUNT_URLS.update(getattr(_module, "ACCOUNT_URLS", {}))


# --- The inventory of URL patterns ----------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    view: object = field(compare=False)
    takes_venue: bool
    public: bool
    pattern_after_venue: str = ""  # what follows <venue_slug> in the address
    arity: int = 0  # how many arguments the address takes


def _routes() -> dict[str, Route]:
    found: dict[str, Route] = {}

    def walk(patterns, namespace: str, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    continue  # the Django admin: see the module docstring
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                walk(entry.url_patterns, inner, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                label = entry.name or f"<unnamed: /{prefix}{entry.pattern}>"
                name = f"{namespace}:{label}" if namespace else label
                pattern = prefix + str(entry.pattern)
                found[name] = Route(
                    name=name,
                    view=entry.callback,
                    takes_venue="venue_slug" in entry.pattern.regex.groupindex,
                    public=not getattr(entry.callback, "login_required", True),
                    pattern_after_venue=pattern.partition("venue_slug>")[2],
                    arity=len(entry.pattern.regex.groupindex),
                )

    walk(get_resolver().url_patterns, "", "")
    return found


ROUTES = _routes()
STAFF = sorted(name for name, r in ROUTES.items() if r.takes_venue and not r.public)


def test_every_url_of_the_project_is_in_the_matrix():
    classified = set(URL_ARGS) | set(PUBLIC_URLS) | set(ACCOUNT_URLS)
    missing = sorted(set(ROUTES) - classified)
    hints = []
    for name in missing:
        route = ROUTES[name]
        if route.public:
            hints.append(
                f'  PUBLIC_URLS:  "{name}": lambda w: [...],  # or (lambda w: [...], status)'
            )
        elif route.takes_venue:
            hints.append(f'  URL_ARGS:     "{name}": lambda w: [...],  # arguments after the slug')
        else:
            hints.append(
                f'  ACCOUNT_URLS: "{name}": (lambda w: [...], 200),  # or a dict per persona'
            )
    assert not missing, (
        "These URLs are in no permission matrix; classify each in tests/<app>/matrix.py "
        "(or tests/test_permission_matrix.py for the core):\n" + "\n".join(hints)
    )
    stale = sorted(classified - set(ROUTES))
    assert not stale, f"These matrix entries name no URL any more: {stale}"


def test_each_url_is_classified_for_what_it_is():
    for name in URL_ARGS:
        route = ROUTES[name]
        assert route.takes_venue and not route.public, f"{name} is not a staff page of a venue"
        assert hasattr(route.view, "required_capability"), f"{name} is not wrapped in venue_view()"
    for name in PUBLIC_URLS:
        assert ROUTES[name].public, f"{name} needs a login: it belongs in URL_ARGS or ACCOUNT_URLS"
    for name in ACCOUNT_URLS:
        route = ROUTES[name]
        assert not route.public, f"{name} is public (login_not_required): it belongs in PUBLIC_URLS"
        assert not route.takes_venue, f"{name} is under a venue: it belongs in URL_ARGS"
    kinds = [set(URL_ARGS), set(PUBLIC_URLS), set(ACCOUNT_URLS)]
    for i, kind in enumerate(kinds):
        for other in kinds[i + 1 :]:
            assert not kind & other, f"classified twice: {sorted(kind & other)}"


def test_a_persons_export_is_only_for_roles_that_read_all_it_contains():
    """The export holds every app's records about a person (journal notes, messages
    sent…): the roles its view lets in must hold each privacy section's capability."""
    from comptoir.people.privacy import export_capabilities

    capability = ROUTES["people:export"].view.required_capability
    for role in Role.values:
        if role_allows(role, capability):
            missing = sorted(export_capabilities() - ROLE_CAPABILITIES[role])
            assert not missing, f"a {role} may download the export but not read {missing}"


# --- The world, built once for the module ---------------------------------------------------------


@dataclass
class World:
    a: dict
    b: dict
    users: dict  # persona -> user
    sessions: dict = field(default_factory=dict)  # persona -> session cookie, made once
    # One request handler for every client: a new one loads the middleware again, and
    # WhiteNoise then looks at every static file (most of a simple request's time).
    handler: ClientHandler = field(default_factory=lambda: ClientHandler(enforce_csrf_checks=False))

    def client(self, persona: str | None) -> Client:
        client = Client()
        client.handler = self.handler
        if persona is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return client


def _build_venue_world(venue) -> dict:
    world = {"venue": venue}
    for module in SERVICE_MATRICES:
        world.update(module.build_world(venue))
    person = PersonFactory(venue=venue)
    target = UserFactory(username=f"volunteer-target-{venue.slug}")
    return world | {
        "person": person,
        "activity": ActivityFactory(venue=venue, person=person),
        "membership": MembershipFactory(venue=venue, user=target, role=Role.VOLUNTEER),
        "invitation": Invitation.objects.create(
            venue=venue, email=f"new-{venue.slug}@example.org", role=Role.MEDIATOR
        ),
    }


def _mark_first_names(mark: str, personas) -> None:
    """Give every first name not marked yet the mark and its row's id (e.g. Qzxb12).

    The personas keep their names: a page may show its reader's own name.
    """
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields]
        if "first_name" in names and model._meta.managed:
            rows = model._base_manager.exclude(first_name__startswith="Qzx")
            if model is get_user_model():
                rows = rows.exclude(pk__in=[user.pk for user in personas])
            rows.update(first_name=Concat(Value(mark), Cast("pk", output_field=CharField())))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Venue b and its intruder first, marked; then venue a with one user per role, marked."""
    with django_db_blocker.unblock(), transaction.atomic():
        venue_b = VenueFactory(name="Ailleurs", slug="ailleurs")
        intruder = UserFactory(username="matrix-intruder")
        MembershipFactory(user=intruder, venue=venue_b, role=Role.COORDINATOR)
        world_b = _build_venue_world(venue_b)
        _mark_first_names(MARK["b"], [intruder])
        venue_a = VenueFactory(name="Café du Port", slug="cafe-du-port")
        users = {INTRUDER: intruder}
        for role in Role.values:
            users[role] = UserFactory(username=f"matrix-{role}")
            MembershipFactory(user=users[role], venue=venue_a, role=role)
        world_a = _build_venue_world(venue_a)
        _mark_first_names(MARK["a"], users.values())
        world = World(a=world_a, b=world_b, users=users)
        for persona, user in users.items():
            client = Client()
            client.force_login(user)
            world.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        # A refused request is logged as a warning with its traceback: thousands of them
        # only slow the matrix down. Errors (500) are still logged.
        quiet = logging.getLogger("django.request")
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            yield world
        finally:
            quiet.setLevel(level)
            transaction.set_rollback(True)


class _PrintedHtml:
    """Stands for a laid-out weasyprint document: its "PDF" is the HTML it was given."""

    def __init__(self, source: str) -> None:
        self.source = source

    def write_pdf(self, *args, **kwargs) -> bytes:
        return b"%PDF-matrix\n" + self.source.encode()


@pytest.fixture(scope="module", autouse=True)
def pdfs_without_layout():
    """The matrix checks who gets a PDF, not its layout (each app tests its own PDFs):
    laying out a page takes seconds, so the PDF is the HTML that would be printed, in
    which the marks of people are still searched for."""

    def init(self, *args, string=None, **kwargs):
        self._matrix_source = string or ""

    def render(self, *args, **kwargs):
        return _PrintedHtml(self._matrix_source)

    def write_pdf(self, *args, **kwargs):
        return render(self).write_pdf()

    with mock.patch.multiple(weasyprint.HTML, __init__=init, render=render, write_pdf=write_pdf):
        yield


# --- Helpers --------------------------------------------------------------------------------------


def fingerprint() -> list:
    """Every row of every table (but sessions and the like), to compare before and after."""
    rows = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in NOT_FINGERPRINTED:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows.append((table, sorted(map(repr, cursor.fetchall()))))
    return rows


def changed_tables(before: list, after: list) -> list[str]:
    return [table for (table, old), (_t, new) in zip(before, after, strict=True) if old != new]


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def assert_no_mark(response, venue_key: str, url: str) -> None:
    assert MARK[venue_key].encode() not in body(response), (
        f"{url} shows people of venue {venue_key}"
    )


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302, url
    assert response["Location"].startswith(reverse("login")), url


def staff_url(name: str, world: dict, args_from: dict | None = None) -> str:
    return reverse(name, args=[world["venue"].slug, *URL_ARGS[name](args_from or world)])


def public_entry(name: str):
    entry = PUBLIC_URLS[name]
    return entry if isinstance(entry, tuple) else (entry, 200)


def account_expected(name: str, persona: str) -> int:
    _args, expected = ACCOUNT_URLS[name]
    if isinstance(expected, int):
        return expected
    return expected.get(persona, expected["default"])


def request(client: Client, name: str, url: str, post: bool = False):
    return client.post(url) if post or name in POST_ONLY else client.get(url)


def allowed(name: str, role: str) -> bool:
    return role != INTRUDER and role_allows(role, ROUTES[name].view.required_capability)


# --- Staff pages of a venue -----------------------------------------------------------------------

STAFF_CASES = [(name, persona) for name in STAFF for persona in PERSONAS]
# A view that takes no form answers 405 to any POST, whoever sends it: nothing to refuse.
POST_REFUSED = (403, 405)


@pytest.mark.parametrize(("name", "persona"), STAFF_CASES)
def test_each_role_gets_exactly_what_its_capabilities_allow(world, name, persona):
    """Each role at venue a, and the intruder (coordinator at b). A refused persona
    reads nothing (403, no person of a shown) and, sending the form, changes nothing."""
    url = staff_url(name, world.a)
    client = world.client(persona)
    if allowed(name, persona):
        response = request(client, name, url)
        assert response.status_code == (302 if name in POST_ONLY else 200), url
        return
    if name not in POST_ONLY:
        response = client.get(url)
        assert response.status_code == 403, url
        assert_no_mark(response, "a", url)
    before = fingerprint()
    response = client.post(url)
    assert response.status_code in POST_REFUSED, url
    assert_no_mark(response, "a", url)
    assert changed_tables(before, fingerprint()) == [], url


WITH_OBJECTS = [name for name in STAFF if "<" in ROUTES[name].pattern_after_venue]


@pytest.mark.parametrize("name", WITH_OBJECTS)
def test_another_venues_object_is_a_404_under_ones_own_venue(world, name):
    """The intruder, coordinator at b, names a's objects under b's address: 404, nothing written."""
    url = staff_url(name, world.b, args_from=world.a)
    client = world.client(INTRUDER)
    if name not in POST_ONLY:
        response = client.get(url)
        assert response.status_code == 404, url
        assert_no_mark(response, "a", url)
    before = fingerprint()
    response = client.post(url)
    assert response.status_code in (404, 405), url
    assert_no_mark(response, "a", url)
    assert changed_tables(before, fingerprint()) == [], url


@pytest.mark.parametrize("name", STAFF)
def test_a_visitor_without_login_is_sent_to_the_login_page_and_changes_nothing(world, name):
    url = staff_url(name, world.a)
    client = world.client(None)
    if name not in POST_ONLY:
        assert_login_redirect(client.get(url), url)
    before = fingerprint()
    assert_login_redirect(client.post(url), url)
    assert changed_tables(before, fingerprint()) == [], url


@pytest.mark.parametrize("name", [n for n in STAFF if n not in POST_ONLY])
def test_an_unknown_venue_is_a_404(world, name):
    url = reverse(name, args=["no-such-venue", *URL_ARGS[name](world.a)])
    assert world.client(Role.COORDINATOR).get(url).status_code == 404


# --- Public pages ---------------------------------------------------------------------------------

PUBLIC = sorted(name for name, r in ROUTES.items() if r.public and name in PUBLIC_URLS)


@pytest.mark.parametrize("name", PUBLIC)
def test_a_visitor_opens_each_public_page_and_sees_no_other_venues_people(world, name):
    args, status = public_entry(name)
    url = reverse(name, args=args(world.a))
    response = request(world.client(None), name, url)
    assert response.status_code == status, url
    if response.status_code == 302:
        assert not response["Location"].startswith(reverse("login")), url
    assert_no_mark(response, "b", url)
    # Logged in as another venue's staff, one sees no more of a's people than a visitor.
    elsewhere = request(world.client(INTRUDER), name, url)
    assert elsewhere.status_code < 500, url
    if MARK["a"].encode() in body(elsewhere):
        assert MARK["a"].encode() in body(response), f"{url} shows a's people to b's staff"


@pytest.mark.parametrize("name", [name for name in PUBLIC if ROUTES[name].arity > 1])
def test_a_public_address_mixing_two_venues_shows_nothing(world, name):
    """The first argument of a's URL (venue, or signed link) with b's objects after it."""
    args, _status = public_entry(name)
    own, foreign = args(world.a), args(world.b)
    assert own[1:] != foreign[1:], f"{name}: give venue b's world objects of its own"
    url = reverse(name, args=[own[0], *foreign[1:]])
    response = request(world.client(None), name, url)
    assert response.status_code != 200, url
    assert response.status_code < 500, url
    assert_no_mark(response, "b", url)


# --- Pages that need a login but no venue ---------------------------------------------------------

ACCOUNT = sorted(name for name in ACCOUNT_URLS if name in ROUTES)


@pytest.mark.parametrize(("name", "persona"), [(n, p) for n in ACCOUNT for p in PERSONAS])
def test_pages_without_a_venue_answer_each_persona_as_expected(world, name, persona):
    args, _expected = ACCOUNT_URLS[name]
    url = reverse(name, args=args(world.a))
    before = fingerprint() if name in POST_ONLY else None
    response = request(world.client(persona), name, url)
    assert response.status_code == account_expected(name, persona), (url, persona)
    if persona == INTRUDER:
        assert_no_mark(response, "a", url)
    if before is not None and response.status_code >= 400:
        assert changed_tables(before, fingerprint()) == [], url


@pytest.mark.parametrize("name", ACCOUNT)
def test_pages_without_a_venue_send_a_visitor_to_the_login_page(world, name):
    args, _expected = ACCOUNT_URLS[name]
    url = reverse(name, args=args(world.a))
    assert_login_redirect(request(world.client(None), name, url), url)
