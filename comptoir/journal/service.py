"""The journal in the kernel's registry: navigation, its home panel, its own sources
(an activity recorded by hand, at the venue or "hors les murs"), what a backup counts."""

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import (
    BackupTable,
    Contribution,
    JournalSource,
    NavEntry,
    Service,
    register,
)

register(
    Service(
        key="journal",
        label=_("Journal des accompagnements"),
        nav=(
            NavEntry(
                "record",
                _("Noter un accompagnement"),
                "journal:create",
                "record_activity",
                order=30,
            ),
            NavEntry("journal", _("Journal"), "journal:list", "view_journal", order=40),
        ),
        venue_panels=(Contribution("comptoir.journal.panels.journal_panel", order=10),),
        journal_sources=(
            JournalSource("journal", _("Saisie directe"), order=0),
            JournalSource("outreach", _("Hors les murs"), order=60),
        ),
        backup_tables=(BackupTable("journal activities", "journal.Activity", order=40),),
    )
)
