"""The service registry: each app declares itself here, shared code reads it.

Every app may have a `service.py` holding one `Service(...)` passed to
`register()`; the kernel imports these modules when Django starts (the way the
admin finds `admin.py`). Navigation, the role table, journal sources, backups,
the venue home and the permission matrix read the registry, so none of them
names a service, and a new service touches no shared file.

Functions (panels, public links) are given as dotted paths,
imported when first used: a `service.py` then imports nothing of its own app
and any module of the app may import its capabilities from it.

The kernel imports no other app: roles are plain strings here, checked by
`comptoir.venues.roles` when it builds the role table.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.module_loading import autodiscover_modules, import_string


@dataclass(frozen=True)
class NavEntry:
    """A link of the staff navigation, shown to members whose role has `capability`
    (everyone when it is empty). `key` is what a page passes as `nav` to mark it current."""

    key: str
    label: Any  # a lazy translation
    url_name: str  # reversed with the venue's slug
    capability: str = ""
    order: int = 100


@dataclass(frozen=True)
class Contribution:
    """A function contributed to a shared page, by dotted path, and its place there."""

    path: str
    order: int = 100

    def resolve(self) -> Callable:
        return _import(self.path)


@dataclass(frozen=True)
class JournalSource:
    """A value of `journal.Activity.source`: which service gave the accompaniment."""

    key: str
    label: Any
    order: int = 100


@dataclass(frozen=True)
class BackupTable:
    """A table whose row count a backup and a restore report (`app_label.Model`)."""

    label: str
    model: str
    order: int = 100


@dataclass(frozen=True)
class Service:
    """What an app contributes to the shared parts of Comptoir.

    `capabilities` maps each capability the app defines to the roles that hold it
    (the coordinator holds every capability without being named).
    """

    key: str
    label: Any = ""
    capabilities: dict[str, frozenset[str]] = field(default_factory=dict)
    nav: tuple[NavEntry, ...] = ()
    venue_panels: tuple[Contribution, ...] = ()
    person_panels: tuple[Contribution, ...] = ()
    public_links: tuple[Contribution, ...] = ()
    journal_sources: tuple[JournalSource, ...] = ()
    backup_tables: tuple[BackupTable, ...] = ()


_registry: dict[str, Service] = {}
_version = [0]


def register(service: Service) -> Service:
    """Add (or replace, when a module is imported again) the service of this key."""
    _registry[service.key] = service
    _version[0] += 1
    return service


def unregister(key: str) -> None:
    _registry.pop(key, None)
    _version[0] += 1


@contextmanager
def registered(service: Service) -> Iterator[Service]:
    """A service present for the duration of a block (tests)."""
    previous = _registry.get(service.key)
    register(service)
    try:
        yield service
    finally:
        if previous is None:
            unregister(service.key)
        else:
            register(previous)


def version() -> int:
    """Changes whenever the registry does: readers may cache what they build from it."""
    return _version[0]


def discover() -> None:
    autodiscover_modules("service")


def services() -> list[Service]:
    return list(_registry.values())


def service(key: str) -> Service:
    return _registry[key]


def capabilities() -> dict[str, frozenset[str]]:
    """Every capability declared by a service, with the roles holding it."""
    return {cap: roles for s in services() for cap, roles in s.capabilities.items()}


def nav_entries() -> list[NavEntry]:
    return sorted((entry for s in services() for entry in s.nav), key=lambda e: e.order)


def _contributions(attribute: str) -> list[Callable]:
    found = [c for s in services() for c in getattr(s, attribute)]
    return [c.resolve() for c in sorted(found, key=lambda c: c.order)]


def venue_panels() -> list[Callable]:
    return _contributions("venue_panels")


def person_panels() -> list[Callable]:
    return _contributions("person_panels")


def public_links() -> list[Callable]:
    return _contributions("public_links")


def journal_sources() -> list[JournalSource]:
    return sorted(
        (source for s in services() for source in s.journal_sources), key=lambda j: j.order
    )


def journal_source(key: str) -> JournalSource | None:
    return next((source for source in journal_sources() if source.key == key), None)


def backup_tables() -> list[BackupTable]:
    return sorted((t for s in services() for t in s.backup_tables), key=lambda t: t.order)


@cache
def _import(path: str) -> Callable:
    return import_string(path)
