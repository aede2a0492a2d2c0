"""Panels on a venue's staff home page and a person's page, links on a venue's
public page: contributed by the apps through their `service.py` (the kernel's
registry), read here. `venues` imports no service (arrows go down).

- a venue panel is `(membership) -> (template_name, context) | None`;
- a person panel is `(membership, person) -> (template_name, context) | None`;
- a public link is `(venue) -> (label, url) | None` ("Prendre rendez-vous"…).
"""

from collections.abc import Callable
from typing import Any

from comptoir.kernel import services
from comptoir.venues.models import Membership

Panel = Callable[[Membership], tuple[str, dict[str, Any]] | None]
PersonPanel = Callable[[Membership, Any], tuple[str, dict[str, Any]] | None]
PublicLink = Callable[[Any], tuple[str, str] | None]


def panels_for(membership: Membership) -> list[tuple[str, dict[str, Any]]]:
    return [
        result for panel in services.venue_panels() if (result := panel(membership)) is not None
    ]


def public_links_for(venue) -> list[tuple[str, str]]:
    return [result for link in services.public_links() if (result := link(venue)) is not None]


def person_panels_for(membership: Membership, person) -> list[tuple[str, dict[str, Any]]]:
    return [
        result
        for panel in services.person_panels()
        if (result := panel(membership, person)) is not None
    ]
