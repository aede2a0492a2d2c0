"""The outbox in the admin: read-only, with one action to try pending messages again now."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comptoir.notifications.actions import retry_now
from comptoir.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Messages are written by the application; staff read them and may retry."""

    list_display = ["send_after", "venue", "channel", "to", "status", "attempts", "last_error"]
    list_filter = ["status", "channel", "venue"]
    search_fields = ["to", "key"]
    date_hierarchy = "send_after"
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Réessayer maintenant (messages en attente ou abandonnés)"))
    def retry_now(self, request, queryset) -> None:
        retried = 0
        for message in queryset:
            retried += retry_now(message)
        self.message_user(
            request,
            ngettext("%(n)s message sera renvoyé.", "%(n)s messages seront renvoyés.", retried)
            % {"n": retried},
            messages.SUCCESS,
        )
