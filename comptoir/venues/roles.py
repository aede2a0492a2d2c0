"""Staff roles per venue and what each may do.

`ROLE_CAPABILITIES` is the source of truth: the core capabilities below, and those
each service declares with the roles holding them in its `service.py` (the kernel's
registry). permissions.py exposes it as named predicates and the permission-matrix
test walks every staff URL against it.
"""

from collections.abc import Mapping
from enum import StrEnum
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.kernel import services


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinateur·rice")
    MEDIATOR = "mediator", _("Médiateur·rice")
    FACILITATOR = "facilitator", _("Facilitateur·rice")
    VOLUNTEER = "volunteer", _("Bénévole")
    VIEWER = "viewer", _("Lecteur·rice (financeur, réseau)")


class Capability(StrEnum):
    VIEW_VENUE = "view_venue"
    EDIT_VENUE = "edit_venue"
    MANAGE_TEAM = "manage_team"
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    # Download everything kept about a person (GDPR): their notes, messages, bookings…
    # Only for roles that may read every part of it (each privacy Section's capability).
    EXPORT_PEOPLE = "export_people"
    ERASE_PEOPLE = "erase_people"  # erase a person's data on request (GDPR)
    VIEW_JOURNAL = "view_journal"
    RECORD_ACTIVITY = "record_activity"
    EXPORT_JOURNAL = "export_journal"
    VIEW_AUDIT = "view_audit"
    # E-mails and SMS sent to visitors (the outbox)
    VIEW_MESSAGES = "view_messages"  # see what is pending or failed, retry
    # Reports (aggregated figures only, never a person)
    VIEW_REPORTS = "view_reports"  # dashboards, funder reports, territorial diagnostic
    WRITE_REPORTS = "write_reports"  # write a funder report (its period, venues, context text)
    # Small counts (1 to 4) in reports; without it they are withheld (reports/disclosure.py)
    VIEW_EXACT_FIGURES = "view_exact_figures"


# The core capabilities each role holds; the services add theirs (their service.py).
CORE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.MEDIATOR: frozenset(
        {
            Capability.VIEW_VENUE,
            Capability.VIEW_PEOPLE,
            Capability.EDIT_PEOPLE,
            Capability.EXPORT_PEOPLE,
            Capability.ERASE_PEOPLE,
            Capability.VIEW_JOURNAL,
            Capability.RECORD_ACTIVITY,
            Capability.EXPORT_JOURNAL,
            Capability.VIEW_MESSAGES,
            Capability.VIEW_REPORTS,
            Capability.VIEW_EXACT_FIGURES,
        }
    ),
    Role.FACILITATOR: frozenset(
        {Capability.VIEW_VENUE, Capability.VIEW_PEOPLE, Capability.EDIT_PEOPLE}
    ),
    Role.VOLUNTEER: frozenset({Capability.VIEW_VENUE}),
    # Funders and network partners: aggregated reports only, never a person.
    Role.VIEWER: frozenset({Capability.VIEW_VENUE, Capability.VIEW_REPORTS}),
}


@cache
def _role_table(version: int) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {role: set(CORE_CAPABILITIES.get(role, ())) for role in Role}
    table[Role.COORDINATOR] = set(Capability)
    for capability, roles in services.capabilities().items():
        unknown = set(roles) - set(Role.values)
        if unknown:
            raise ImproperlyConfigured(f"{capability} is given to unknown roles {unknown}")
        if capability in Capability.__members__.values():
            raise ImproperlyConfigured(f"{capability} is a core capability, declared twice")
        # The coordinator has every capability, including those added later.
        for role in {*roles, Role.COORDINATOR}:
            table[role].add(capability)
    return {role: frozenset(caps) for role, caps in table.items()}


class _RoleCapabilities(Mapping):
    """role -> the capabilities it holds: the core ones above and those the services
    declare, read from the registry (so a service added later is counted)."""

    def _table(self) -> dict[str, frozenset[str]]:
        return _role_table(services.version())

    def __getitem__(self, role: str) -> frozenset[str]:
        return self._table()[role]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


ROLE_CAPABILITIES: Mapping[str, frozenset[str]] = _RoleCapabilities()


def role_allows(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
