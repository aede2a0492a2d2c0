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
