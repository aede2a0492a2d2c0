"""Venue scoping lives in the ORM (comptoir.kernel.scoping): every model staff look up
has a venue-scoped default manager, and another venue's row is a 404 by construction.

The first tests walk every scoped model of the project with the permission matrix's
world (tests/<app>/matrix.py): each kind of row exists at two venues, and a lookup made
for one venue's staff never returns the other's. The last test reads the source of
every staff view and lookup module: none fetches a scoped row by id without going
through the scoped queryset (`get_for`, `for_membership`, `for_venue`).
"""

import ast
import functools
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.http import Http404

from comptoir.kernel.scoping import VenueScopedQuerySet
from comptoir.venues.models import Venue
from comptoir.venues.roles import Role
from tests.factories import MembershipFactory, UserFactory, VenueFactory
from tests.test_permission_matrix import _build_venue_world

ROOT = Path(__file__).resolve().parents[2] / "comptoir"
SCOPING_CALLS = {"get_for", "for_membership", "for_venue"}


def scoped_models() -> list[type[models.Model]]:
    return sorted(
        (m for m in apps.get_models() if isinstance(m._default_manager.all(), VenueScopedQuerySet)),
        key=lambda m: m._meta.label,
    )


def venue_of(row: models.Model) -> Venue:
    path = type(row)._default_manager.all().venue_path
    return functools.reduce(getattr, path.split("__"), row)


@pytest.fixture
def two_venues(db):
    """Each venue with the permission matrix's world, and a coordinator of each."""
    venues = {}
    for key in ("a", "b"):
        venue = VenueFactory(name=f"Lieu {key}", slug=f"lieu-{key}")
        coordinator = MembershipFactory(
            venue=venue, user=UserFactory(username=f"scoping-{key}"), role=Role.COORDINATOR
        )
        _build_venue_world(venue)
        venues[key] = (venue, coordinator)
    return venues


def test_the_models_staff_look_up_are_all_venue_scoped():
    labels = {model._meta.label for model in scoped_models()}
    assert labels >= {
        "people.Person",
        "journal.Activity",
        "helpdesk.HelpRequest",
        "helpdesk.KioskDevice",
        "appointments.Appointment",
        "appointments.AppointmentType",
        "workshops.Workshop",
        "workshops.Session",
        "workshops.Registration",
        "repair.RepairEvent",
        "repair.RepairItem",
        "reuse.Donation",
        "reuse.Device",
        "reuse.Part",
        "skills.RecognisedSkill",
        "skills.Achievement",
        "skills.Credential",
        "notifications.Message",
        "venues.Membership",
        "venues.Invitation",
    }


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m._meta.label)
def test_a_lookup_for_another_venues_row_is_a_404(two_venues, model):
    (venue_a, staff_a), staff_b = two_venues["a"], two_venues["b"][1]
    rows = list(model.objects.for_venue(venue_a))
    assert rows, f"the matrix world has no {model._meta.label}: add one to its matrix.py"
    for row in rows:
        assert venue_of(row) == venue_a  # the path really leads to the row's venue
        assert model.objects.get_for(staff_a, pk=row.pk) == row
        with pytest.raises(Http404):
            model.objects.get_for(staff_b, pk=row.pk)
        assert not model.objects.for_membership(staff_b).filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m._meta.label)
def test_a_scoped_queryset_keeps_its_scope_through_chained_calls(two_venues, model):
    venue_b = two_venues["b"][0]
    mine = model.objects.all().for_venue(venue_b).order_by("pk")
    assert mine.exists()
    assert {venue_of(row) for row in mine} == {venue_b}


# --- No staff view fetches a scoped row by itself --------------------------------------------------


def staff_modules() -> list[Path]:
    found = set(ROOT.glob("*/views*.py")) | set(ROOT.glob("*/views/*.py"))
    found |= set(ROOT.glob("*/lookups.py")) | set(ROOT.glob("*/permissions.py"))
    # Public pages find rows by a venue's slug and a public id, not by a membership.
    return sorted(path for path in found if "public" not in path.name)


def _chain(node: ast.AST) -> tuple[str | None, list[ast.Call]]:
    """The name a call chain starts from (`Person` in `Person.objects.filter(…).first()`)
    and the calls along it."""
    calls = []
    while True:
        if isinstance(node, ast.Call):
            calls.append(node)
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, calls
        else:
            return None, calls


def _method(call: ast.Call) -> str | None:
    return call.func.attr if isinstance(call.func, ast.Attribute) else None


def _by_id(call: ast.Call) -> bool:
    """`.get(…)`, or `.filter(pk=…)` with an id that is not a row's own (`pk=row.pk`
    re-reads a row already fetched, e.g. for an update)."""
    if _method(call) == "get":
        return True
    return _method(call) == "filter" and any(
        k.arg in {"pk", "id", "pk__in", "id__in"}
        and not (isinstance(k.value, ast.Attribute) and k.value.attr in {"pk", "id"})
        for k in call.keywords
    )


def _is_public(function: ast.AST) -> bool:
    return any(
        isinstance(d, ast.Name) and d.id == "login_not_required"
        for d in getattr(function, "decorator_list", [])
    )


def unscoped_lookups(source: str, scoped: set[str]) -> list[str]:
    """Lines fetching a row of a scoped model without the scoped queryset's methods."""
    found = []

    def check(node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id == "get_object_or_404":
            root, calls = _chain(node.args[0]) if node.args else (None, [])
            if root in scoped and not {_method(c) for c in calls} & SCOPING_CALLS:
                found.append(f"line {node.lineno}: get_object_or_404 on {root}")
        root, calls = _chain(node)
        scoping = {_method(c) for c in calls} & SCOPING_CALLS
        if root in scoped and any(_by_id(c) for c in calls) and not scoping:
            found.append(f"line {node.lineno}: {root}.objects…{_method(node)}()")

    def visit(node: ast.AST, public: bool) -> None:
        public = public or _is_public(node)
        if isinstance(node, ast.Call):
            # A chain is checked once, from its outermost call; its arguments are visited.
            if not public:
                check(node)
            _root, calls = _chain(node)
            for call in calls:
                for child in [*call.args, *call.keywords]:
                    visit(child, public)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, public)

    visit(ast.parse(source), False)
    return found


def test_the_source_check_catches_an_unscoped_lookup():
    source = (
        "def view(request, membership, pk):\n"
        "    a = get_object_or_404(Person, pk=pk, venue=membership.venue)\n"
        "    b = Person.objects.select_related('venue').get(pk=pk)\n"
        "    c = Person.objects.active().filter(pk=pk, venue=membership.venue).first()\n"
        "    d = Person.objects.get_for(membership, pk=pk)\n"
        "    e = Person.objects.active().for_venue(membership.venue).filter(pk=pk).first()\n"
        "    f = get_object_or_404(Person.objects.for_venue(membership.venue), pk=pk)\n"
    )
    assert [line.split(":")[0] for line in unscoped_lookups(source, {"Person"})] == [
        "line 2",
        "line 3",
        "line 4",
    ]


def test_no_staff_view_fetches_a_scoped_row_without_the_scoped_queryset():
    scoped = {model.__name__ for model in scoped_models()}
    modules = staff_modules()
    assert len(modules) > 20
    problems = {
        str(path.relative_to(ROOT)): found
        for path in modules
        if (found := unscoped_lookups(path.read_text(), scoped))
    }
    assert problems == {}
