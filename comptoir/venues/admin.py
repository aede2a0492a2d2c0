from django.contrib import admin

from comptoir.venues.models import Closure, Invitation, Membership, Network, OpeningPeriod, Venue


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class OpeningPeriodInline(admin.TabularInline):
    model = OpeningPeriod
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "network"]
    list_filter = ["kind", "network"]
    search_fields = ["name", "commune"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, OpeningPeriodInline, ClosureInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "venue", "role"]
    list_filter = ["role", "venue"]
    autocomplete_fields = ["user"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "venue", "role", "created_at", "accepted_at"]
    readonly_fields = ["token"]
