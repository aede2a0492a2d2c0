"""Workshops declare themselves to the kernel's registry (see kernel/services.py)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import (
    BackupTable,
    Contribution,
    JournalSource,
    NavEntry,
    Service,
    register,
)

SOURCE = "workshop"  # journal.Activity.source of a closed session


class WorkshopCapability(StrEnum):
    VIEW_WORKSHOPS = "view_workshops"  # catalogue, sessions, who is registered
    MANAGE_WORKSHOPS = "manage_workshops"  # edit the catalogue, schedule and cancel sessions
    REGISTER_PARTICIPANTS = "register_participants"  # register someone, cancel a seat
    TAKE_ATTENDANCE = "take_attendance"  # tick who came, close the session


register(
    Service(
        key="workshops",
        label=_("Ateliers"),
        capabilities={
            WorkshopCapability.VIEW_WORKSHOPS: frozenset({"mediator", "facilitator"}),
            WorkshopCapability.MANAGE_WORKSHOPS: frozenset({"mediator"}),
            WorkshopCapability.REGISTER_PARTICIPANTS: frozenset({"mediator", "facilitator"}),
            WorkshopCapability.TAKE_ATTENDANCE: frozenset({"mediator", "facilitator"}),
        },
        nav=(
            NavEntry(
                "workshops",
                _("Ateliers"),
                "workshops:index",
                WorkshopCapability.VIEW_WORKSHOPS,
                order=60,
            ),
        ),
        venue_panels=(Contribution("comptoir.workshops.panels.week_panel", order=30),),
        public_links=(Contribution("comptoir.workshops.panels.agenda_link", order=20),),
        person_panels=(Contribution("comptoir.workshops.panels.person_workshops_panel", order=30),),
        journal_sources=(JournalSource(SOURCE, _("Atelier"), order=30),),
        backup_tables=(BackupTable("workshop registrations", "workshops.Registration", order=70),),
    )
)
