"""People in the kernel's registry: navigation, the privacy link, what a backup counts."""

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import BackupTable, Contribution, NavEntry, Service, register

register(
    Service(
        key="people",
        label=_("Personnes accompagnées"),
        nav=(NavEntry("people", _("Personnes"), "people:list", "view_people", order=50),),
        public_links=(Contribution("comptoir.people.panels.privacy_link", order=900),),
        backup_tables=(BackupTable("people", "people.Person", order=30),),
    )
)
