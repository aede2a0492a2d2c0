"""The outbox in the kernel's registry: navigation, what a backup counts."""

from django.utils.translation import gettext_lazy as _

from comptoir.kernel.services import BackupTable, NavEntry, Service, register

register(
    Service(
        key="notifications",
        label=_("Messages envoyés"),
        nav=(
            NavEntry("messages", _("Messages"), "notifications:outbox", "view_messages", order=130),
        ),
        backup_tables=(BackupTable("messages", "notifications.Message", order=100),),
    )
)
