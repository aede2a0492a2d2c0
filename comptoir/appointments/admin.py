"""Admin for appointments: configuration is editable; appointments are read-only here,
because every booking, move and status change goes through actions.py (slot holds,
transition log, messages to the visitor, journal)."""

from django.contrib import admin

from comptoir.appointments.models import (
    Appointment,
    AppointmentTransition,
    AppointmentType,
    AvailabilityException,
    BookingPolicy,
    WeeklyAvailability,
)


@admin.register(AppointmentType)
class AppointmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "venue", "duration_minutes", "mode", "bookable_online", "active"]
    list_filter = ["venue", "mode", "bookable_online", "active"]
    search_fields = ["name"]
    filter_horizontal = ["mediators"]


@admin.register(BookingPolicy)
class BookingPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "venue",
        "min_notice_hours",
        "horizon_days",
        "max_bookings_per_contact_per_day",
    ]


@admin.register(WeeklyAvailability)
class WeeklyAvailabilityAdmin(admin.ModelAdmin):
    list_display = ["mediator", "venue", "weekday", "start", "end"]
    list_filter = ["venue", "weekday"]


@admin.register(AvailabilityException)
class AvailabilityExceptionAdmin(admin.ModelAdmin):
    list_display = ["mediator", "venue", "start_date", "end_date", "kind"]
    list_filter = ["venue", "kind"]
    date_hierarchy = "start_date"


class TransitionInline(admin.TabularInline):
    model = AppointmentTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "type", "first_name", "mediator", "venue", "status", "source"]
    list_filter = ["venue", "status", "source"]
    date_hierarchy = "starts_at"
    list_select_related = ["type", "mediator", "venue"]
    inlines = [TransitionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
