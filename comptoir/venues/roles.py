"""Staff roles per venue and what each may do.

The one table below is the source of truth; permissions.py exposes it as named
predicates and the permission-matrix test walks every staff URL against it.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinateur·rice")
    MEDIATOR = "mediator", _("Médiateur·rice")
    FACILITATOR = "facilitator", _("Facilitateur·rice")
    VOLUNTEER = "volunteer", _("Bénévole")
    VIEWER = "viewer", _("Lecteur·rice (financeur, réseau)")


class Capability(StrEnum):
    VIEW_VENUE = "view_venue"
    EDIT_VENUE = "edit_venue"
    MANAGE_TEAM = "manage_team"
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    # Download everything kept about a person (GDPR): their notes, messages, bookings…
    # Only for roles that may read every part of it (each privacy Section's capability).
    EXPORT_PEOPLE = "export_people"
    ERASE_PEOPLE = "erase_people"  # erase a person's data on request (GDPR)
    VIEW_JOURNAL = "view_journal"
    RECORD_ACTIVITY = "record_activity"
    EXPORT_JOURNAL = "export_journal"
    VIEW_AUDIT = "view_audit"
    # Café numérique (helpdesk)
    RUN_COUNTER = "run_counter"  # register walk-ins, see the queue
    HELP_VISITORS = "help_visitors"  # take someone from the queue and close the help
    CONFIGURE_HELPDESK = "configure_helpdesk"  # timebox, kiosk devices
    # Appointments
    VIEW_APPOINTMENTS = "view_appointments"
    BOOK_APPOINTMENTS = "book_appointments"  # book, move, cancel
    CLOSE_APPOINTMENTS = "close_appointments"  # done, no-show, excused
    CONFIGURE_APPOINTMENTS = "configure_appointments"  # reasons, hours, booking rules
    # E-mails and SMS sent to visitors (the outbox)
    VIEW_MESSAGES = "view_messages"  # see what is pending or failed, retry
    # Skills recognition (Pix framework)
    VIEW_SKILLS = "view_skills"  # the framework, a person's recognised skills
    RECOGNISE_SKILLS = "recognise_skills"  # recognise or withdraw a person's skill
    # Open Badges
    MANAGE_BADGES = "manage_badges"  # issuer profile, achievements (badge definitions)
    AWARD_BADGES = "award_badges"  # award a credential by hand, revoke one
    # Workshops
    VIEW_WORKSHOPS = "view_workshops"  # catalogue, sessions, who is registered
    MANAGE_WORKSHOPS = "manage_workshops"  # edit the catalogue, schedule and cancel sessions
    REGISTER_PARTICIPANTS = "register_participants"  # register someone, cancel a seat
    TAKE_ATTENDANCE = "take_attendance"  # tick who came, close the session
    # Repair café
    VIEW_REPAIRS = "view_repairs"  # repair events, items, impact
    RUN_REPAIRS = "run_repairs"  # intake at the door, repair outcomes, parts used
    MANAGE_REPAIR_EVENTS = "manage_repair_events"  # schedule events, ORDS import and export
    # Collection and reconditioning of devices, parts stock
    VIEW_DEVICES = "view_devices"  # donations, devices, parts
    HANDLE_DEVICES = "handle_devices"  # receive, triage, erase, recondition, parts
    ALLOCATE_DEVICES = "allocate_devices"  # give a device to a person or a partner
    # Reports (aggregated figures only, never a person)
    VIEW_REPORTS = "view_reports"  # dashboards, funder reports, territorial diagnostic
    WRITE_REPORTS = "write_reports"  # write a funder report (its period, venues, context text)
    # Small counts (1 to 4) in reports; without it they are withheld (reports/disclosure.py)
    VIEW_EXACT_FIGURES = "view_exact_figures"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.COORDINATOR: frozenset(Capability),
    Role.MEDIATOR: frozenset(
        {
            Capability.VIEW_VENUE,
            Capability.VIEW_PEOPLE,
            Capability.EDIT_PEOPLE,
            Capability.EXPORT_PEOPLE,
            Capability.ERASE_PEOPLE,
            Capability.VIEW_JOURNAL,
            Capability.RECORD_ACTIVITY,
            Capability.EXPORT_JOURNAL,
            Capability.RUN_COUNTER,
            Capability.HELP_VISITORS,
            Capability.VIEW_APPOINTMENTS,
            Capability.BOOK_APPOINTMENTS,
            Capability.CLOSE_APPOINTMENTS,
            Capability.VIEW_MESSAGES,
            Capability.VIEW_SKILLS,
            Capability.RECOGNISE_SKILLS,
            Capability.AWARD_BADGES,
            Capability.VIEW_WORKSHOPS,
            Capability.MANAGE_WORKSHOPS,
            Capability.REGISTER_PARTICIPANTS,
            Capability.TAKE_ATTENDANCE,
            Capability.VIEW_REPAIRS,
            Capability.RUN_REPAIRS,
            Capability.MANAGE_REPAIR_EVENTS,
            Capability.VIEW_DEVICES,
            Capability.HANDLE_DEVICES,
            Capability.ALLOCATE_DEVICES,
            Capability.VIEW_REPORTS,
            Capability.VIEW_EXACT_FIGURES,
        }
    ),
    Role.FACILITATOR: frozenset(
        {
            Capability.VIEW_VENUE,
            Capability.VIEW_PEOPLE,
            Capability.EDIT_PEOPLE,
            Capability.RUN_COUNTER,
            Capability.VIEW_APPOINTMENTS,
            Capability.BOOK_APPOINTMENTS,
            Capability.VIEW_SKILLS,
            Capability.VIEW_WORKSHOPS,
            Capability.REGISTER_PARTICIPANTS,
            Capability.TAKE_ATTENDANCE,
            Capability.VIEW_REPAIRS,
            Capability.RUN_REPAIRS,
            Capability.VIEW_DEVICES,
        }
    ),
    # Volunteers repair and recondition: they see the items and devices they work on.
    Role.VOLUNTEER: frozenset(
        {
            Capability.VIEW_VENUE,
            Capability.VIEW_REPAIRS,
            Capability.RUN_REPAIRS,
            Capability.VIEW_DEVICES,
            Capability.HANDLE_DEVICES,
        }
    ),
    # Funders and network partners: aggregated reports only, never a person.
    Role.VIEWER: frozenset({Capability.VIEW_VENUE, Capability.VIEW_REPORTS}),
}


def role_allows(role: str, capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
