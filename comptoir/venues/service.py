"""The venue itself in the kernel's registry: its home and settings in the navigation.
Its capabilities are the core ones of roles.py."""

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import BackupTable, NavEntry, Service, register

register(
    Service(
        key="venues",
        label=_("Lieux"),
        nav=(
            NavEntry("home", _("Accueil"), "venues:home", order=0),
            NavEntry("team", _("Équipe"), "venues:team", "manage_team", order=110),
            NavEntry("venue", _("Le lieu"), "venues:edit", "edit_venue", order=120),
            NavEntry("audit", _("Historique"), "audit:list", "view_audit", order=140),
        ),
        backup_tables=(BackupTable("venues", "venues.Venue", order=10),),
    )
)
