"""The café numérique declares itself to the kernel's registry (see kernel/services.py)."""

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

SOURCE = "helpdesk"  # journal.Activity.source of a help closed at the café


class HelpdeskCapability(StrEnum):
    RUN_COUNTER = "run_counter"  # register walk-ins, see the queue
    HELP_VISITORS = "help_visitors"  # take someone from the queue and close the help
    CONFIGURE_HELPDESK = "configure_helpdesk"  # timebox, kiosk devices


register(
    Service(
        key="helpdesk",
        label=_("Café numérique"),
        capabilities={
            HelpdeskCapability.RUN_COUNTER: frozenset({"mediator", "facilitator"}),
            HelpdeskCapability.HELP_VISITORS: frozenset({"mediator"}),
            HelpdeskCapability.CONFIGURE_HELPDESK: frozenset(),
        },
        nav=(
            NavEntry(
                "helpdesk",
                _("Café numérique"),
                "helpdesk:queue",
                HelpdeskCapability.RUN_COUNTER,
                order=10,
            ),
        ),
        venue_panels=(Contribution("comptoir.helpdesk.panels.helpdesk_panel", order=5),),
        journal_sources=(JournalSource(SOURCE, _("Café numérique"), order=10),),
        backup_tables=(BackupTable("help requests", "helpdesk.HelpRequest", order=50),),
    )
)
