"""A person known to every service of a venue, for the privacy tests (export, erasure).

`known_everywhere(venue, staff)` gives a `Trace`: the person and one record of
theirs in each app, each holding something that names or reaches them.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.utils import timezone

from comptoir.appointments.actions import book_appointment
from comptoir.appointments.models import Appointment, BookingSource
from comptoir.helpdesk.models import HelpRequest
from comptoir.journal.actions import record_activity, record_missed_booking
from comptoir.journal.cra import ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity, Source
from comptoir.notifications.actions import deliver_due_messages
from comptoir.people.actions import create_person
from comptoir.people.models import Person
from comptoir.repair.models import RepairItem
from comptoir.reports.figures import compute_live
from comptoir.reports.scope import Period, Scope
from comptoir.reuse.models import Allocation, Donation, DonorKind
from comptoir.skills.models import Credential, RecognisedSkill, SkillKind
from comptoir.venues.roles import Role
from comptoir.workshops import actions as workshop_actions
from comptoir.workshops.models import Registration
from tests.appointments.factories_public import BookableTypeFactory, at, open_every_day
from tests.factories import MembershipFactory, UserFactory
from tests.helpdesk.factories import HelpRequestFactory
from tests.repair.helpers import make_event
from tests.reuse.factories import DeviceFactory
from tests.skills.badge_world import award, make_achievement
from tests.workshops.public_helpers import make_session

PHONE = "+33612345678"
EMAIL = "josiane.martin@example.org"


@dataclass
class Trace:
    person: Person
    individual: Activity
    collective: Activity
    appointment: Appointment
    registration: Registration
    help_request: HelpRequest
    repair_item: RepairItem
    donation: Donation
    allocation: Allocation
    skill: RecognisedSkill
    credential: Credential


def make_person(venue, staff, first_name="Josiane", **fields) -> Person:
    data = {
        "first_name": first_name,
        "phone": PHONE,
        "email": EMAIL,
        "commune": "Lyon",
        "postal_code": "69001",
        "insee_code": "69381",
        "consent_to_contact": True,
    }
    data.update(fields)
    return create_person(
        actor=staff, venue=venue, person=Person(**data), consent_wording="J’accepte les rappels."
    )


def known_everywhere(venue, staff) -> Trace:
    """A person with a record in every app; one confirmation already sent (by e-mail
    and SMS), reminders of an appointment still waiting in the outbox."""
    person = make_person(venue, staff)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    individual = record_activity(
        actor=staff,
        venue=venue,
        activity=Activity(
            type=ActivityType.INDIVIDUAL,
            place_type=PlaceType.VENUE,
            date=yesterday,
            duration_minutes=45,
            person=person,
            notes="Josiane attend son dossier CAF, appeler au 06 12 34 56 78.",
        ),
        themes=[Theme.EMAIL],
    )
    collective = record_activity(
        actor=staff,
        venue=venue,
        activity=Activity(
            type=ActivityType.COLLECTIVE,
            place_type=PlaceType.VENUE,
            date=yesterday,
            duration_minutes=90,
            head_count=6,
            workshop_title="Atelier smartphone",
            notes="Bonne ambiance.",
        ),
        themes=[Theme.GETTING_STARTED],
        participants=[person],
    )
    record_missed_booking(
        venue=venue, date=yesterday, source=Source.APPOINTMENT, source_ref="9999", person=person
    )

    desk_mediator = UserFactory(username=f"desk-{venue.slug}", first_name="Dominique")
    MembershipFactory(user=desk_mediator, venue=venue, role=Role.MEDIATOR)
    open_every_day(venue, desk_mediator)
    kind = BookableTypeFactory(venue=venue, name="Mon smartphone", mediators=[desk_mediator])
    appointment = book_appointment(
        appointment_type=kind,
        starts_at=at(3, 10),
        first_name="Josiane",
        phone=PHONE,
        email=EMAIL,
        topic="Mon téléphone n’envoie plus de photos à ma fille Julie",
        consent_to_reminders=True,
        consent_wording="J’accepte les rappels.",
        person=person,
        source=BookingSource.ONLINE,
    )
    session = make_session(venue, title="Mes premiers e-mails")
    registration = workshop_actions.register(
        session=session,
        person=person,
        first_name="Josiane",
        phone=PHONE,
        email=EMAIL,
        consent_to_reminders=True,
    )
    deliver_due_messages()  # the confirmations go; the reminders wait for their time

    help_request = HelpRequestFactory(venue=venue, person=person, first_name="Josiane")
    event = make_event(venue, staff)
    repair_item = RepairItem.objects.create(
        event=event,
        venue=venue,
        person=person,
        first_name="Josiane",
        category_id=16,
        brand="Asus",
        problem="Ne s’allume plus",
    )
    donation = Donation.objects.create(
        venue=venue,
        donor_kind=DonorKind.PERSON,
        donor_person=person,
        received_by=staff,
        place="Devant chez Josiane, 3 rue des Lilas",
        notes="Josiane Martin, voisine de l’accueil",
    )
    allocation = Allocation.objects.create(
        device=DeviceFactory(venue=venue),
        person=person,
        agreement_signed=True,
        eligibility_reason="Bénéficiaire du RSA",
        allocated_by=staff,
    )
    skill = RecognisedSkill.objects.create(
        venue=venue,
        person=person,
        label="Anime un atelier smartphone",
        kind=SkillKind.PEER_ANIMATION,
        evidence_note="Josiane a aidé trois voisines à installer WhatsApp.",
        evidence_date=yesterday,
    )
    credential = award(staff, make_achievement(venue), person)
    return Trace(
        person=person,
        individual=individual,
        collective=collective,
        appointment=appointment,
        registration=registration,
        help_request=help_request,
        repair_item=repair_item,
        donation=donation,
        allocation=allocation,
        skill=skill,
        credential=credential,
    )


def statistics(venue, days: int = 1200) -> dict:
    """Every figure of the venue's reports over the last `days`, straight from the journal."""
    today = timezone.localdate()
    scope = Scope((venue.pk,), Period(today - datetime.timedelta(days=days), today))
    figures = dataclasses.asdict(compute_live(scope))
    figures.pop("scope")
    return figures
