from django.contrib import admin

from comptoir.helpdesk.models import (
    HelpdeskSettings,
    HelpRequest,
    HelpRequestTransition,
    KioskDevice,
)


@admin.register(HelpdeskSettings)
class HelpdeskSettingsAdmin(admin.ModelAdmin):
    list_display = ["venue", "timebox_minutes", "extension_minutes", "kiosk_enabled"]


@admin.register(KioskDevice)
class KioskDeviceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "venue", "created_at", "last_seen_at", "revoked_at"]
    list_filter = ["kind", "venue"]
    readonly_fields = ["token_hash", "created_by", "created_at", "last_seen_at"]


class TransitionInline(admin.TabularInline):
    model = HelpRequestTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "actor", "at"]


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ["day", "ticket", "venue", "topic", "status", "outcome", "mediator"]
    list_filter = ["status", "outcome", "topic", "venue"]
    date_hierarchy = "arrived_at"
    raw_id_fields = ["person", "activity", "kiosk_device"]
    inlines = [TransitionInline]
