"""Panels on a venue's staff home page, contributed by the service apps.

`venues` imports no service (arrows go down): a service registers a panel in
its AppConfig.ready(), and the home page shows the panels the member's role
allows. A panel is a function `(membership) -> (template_name, context) | None`.
"""

from collections.abc import Callable
from typing import Any

from comptoir.venues.models import Membership

Panel = Callable[[Membership], tuple[str, dict[str, Any]] | None]

_panels: list[tuple[int, Panel]] = []


def register(panel: Panel, order: int = 100) -> Panel:
    if all(existing is not panel for _order, existing in _panels):
        _panels.append((order, panel))
        _panels.sort(key=lambda item: item[0])
    return panel


def panels_for(membership: Membership) -> list[tuple[str, dict[str, Any]]]:
    rendered = []
    for _order, panel in _panels:
        result = panel(membership)
        if result is not None:
            rendered.append(result)
    return rendered


# Public links on a venue's public page ("Prendre rendez-vous", "Voir l’agenda"…),
# contributed by the services the same way: `(venue) -> (label, url) | None`.
PublicLink = Callable[[Any], tuple[str, str] | None]

_public_links: list[tuple[int, PublicLink]] = []


def register_public_link(link: PublicLink, order: int = 100) -> PublicLink:
    if all(existing is not link for _order, existing in _public_links):
        _public_links.append((order, link))
        _public_links.sort(key=lambda item: item[0])
    return link


def public_links_for(venue) -> list[tuple[str, str]]:
    return [result for _order, link in _public_links if (result := link(venue)) is not None]


# Panels on a person's page ("Compétences reconnues"…), contributed by the services
# the same way: `(membership, person) -> (template_name, context) | None`.
PersonPanel = Callable[[Membership, Any], tuple[str, dict[str, Any]] | None]

_person_panels: list[tuple[int, PersonPanel]] = []


def register_person_panel(panel: PersonPanel, order: int = 100) -> PersonPanel:
    if all(existing is not panel for _order, existing in _person_panels):
        _person_panels.append((order, panel))
        _person_panels.sort(key=lambda item: item[0])
    return panel


def person_panels_for(membership: Membership, person) -> list[tuple[str, dict[str, Any]]]:
    return [
        result
        for _order, panel in _person_panels
        if (result := panel(membership, person)) is not None
    ]
