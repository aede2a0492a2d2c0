"""The demo builder: creates the venues, staff, people and activities.

People and activities go through the same functions as the application
(`people.actions.create_person`, `journal.actions.record_activity`), so the
audit trail is filled too; `DemoBuilder.backdate()` then gives everything the
date it "happened". All randomness comes from one `random.Random(seed)`, drawn
in a fixed order, so the data depends only on the seed and on today's date.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from comptoir.audit.models import AuditAction, AuditEntry
from comptoir.demo.calendar import aware, closures, months_before
from comptoir.demo.data import (
    CAFE,
    CAFE_COMMUNES,
    CAFE_HOURS,
    CAFE_MEDIATORS,
    CAFE_PEOPLE,
    CONSENT_WORDING,
    DEMO_PASSWORD,
    HISTORY_MONTHS,
    NETWORK,
    PARTNER,
    PARTNER_COMMUNES,
    PARTNER_HOURS,
    PARTNER_MEDIATORS,
    PARTNER_PEOPLE,
    STAFF,
    Weighted,
    t,
)
from comptoir.demo.journal import (
    ADMIN_DURATIONS,
    ADMIN_REFERRALS,
    AUTONOMY_OTHER,
    AUTONOMY_SENIOR,
    DEFAULT_EQUIPMENT,
    DURATIONS,
    EQUIPMENT_BY_THEME,
    NOTES,
    OTHER_REFERRALS,
    PROCEDURES,
    THEMES,
    WORKSHOP_DURATIONS,
    WORKSHOPS,
    Workshop,
)
from comptoir.demo.people import SENIOR_AGES, random_first_name, random_profile
from comptoir.journal.actions import record_activity
from comptoir.journal.cra import ActivityType, Equipment, PlaceType, ReferralStructure, Theme
from comptoir.journal.models import Activity, Source
from comptoir.people.actions import create_person
from comptoir.people.models import Person
from comptoir.people.normalise import name_key
from comptoir.venues.models import Closure, Membership, Network, OpeningPeriod, Venue, VenueKind


@dataclass
class VenuePlan:
    venue: Venue
    hours: dict[int, list[tuple[datetime.time, datetime.time]]]
    closures: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    # Each person's weight (regulars come often) and first day they may appear.
    weights: dict[int, float] = field(default_factory=dict)
    arrival: dict[int, datetime.date] = field(default_factory=dict)

    def is_open(self, day: datetime.date) -> bool:
        if day.weekday() not in self.hours:
            return False
        return not any(start <= day <= end for start, end in self.closures)


class DemoBuilder:
    def __init__(self, *, seed: int, today: datetime.date, stdout):
        self.rng = random.Random(seed)
        self.today = today
        self.start = months_before(today, HISTORY_MONTHS)
        self.setup_at = aware(self.start - datetime.timedelta(days=45), t("10:00"))
        self.stdout = stdout
        self.users = {}
        # When each person and activity "happened", applied at the end (see backdate()).
        self.person_created: dict[int, datetime.datetime] = {}
        self.activity_created: dict[int, datetime.datetime] = {}

    # Venues ---------------------------------------------------------------------------

    def build_venues(self) -> tuple[VenuePlan, VenuePlan]:
        network, _ = Network.objects.get_or_create(
            slug=NETWORK["slug"], defaults={"name": NETWORK["name"]}
        )
        cafe = VenuePlan(self._venue(network, CAFE), CAFE_HOURS)
        partner = VenuePlan(self._venue(network, PARTNER), PARTNER_HOURS)
        horizon = self.today + datetime.timedelta(days=120)
        for plan, summer, summer_reason in (
            (cafe, (10, 23), "Congés d’été"),
            (partner, (1, 31), "Pas de permanence en août"),
        ):
            wanted = closures(
                weekdays=plan.hours.keys(),
                start=self.start,
                horizon=horizon,
                summer=summer,
                summer_reason=summer_reason,
            )
            Closure.objects.bulk_create(
                [
                    Closure(venue=plan.venue, start_date=s, end_date=e, reason=r)
                    for s, e, r in wanted
                ]
            )
            plan.closures = [(s, e) for s, e, _ in wanted]
            OpeningPeriod.objects.bulk_create(
                [
                    OpeningPeriod(venue=plan.venue, weekday=day, opens=opens, closes=closes)
                    for day, periods in sorted(plan.hours.items())
                    for opens, closes in periods
                ]
            )
        Venue.objects.filter(pk__in=[cafe.venue.pk, partner.venue.pk]).update(
            created_at=self.setup_at, updated_at=self.setup_at
        )
        return cafe, partner

    def _venue(self, network: Network, data: dict) -> Venue:
        venue = Venue(network=network, **data)
        venue.full_clean()
        venue.save()
        return venue

    # Staff ----------------------------------------------------------------------------

    def build_staff(self, cafe: VenuePlan, partner: VenuePlan) -> None:
        user_model = get_user_model()
        memberships = []
        for member in STAFF:
            user = user_model(
                username=member.username,
                first_name=member.first_name,
                last_name=member.last_name,
                email=member.email,
                date_joined=self.setup_at,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            self.users[member.username] = user
            memberships.append(Membership(user=user, venue=cafe.venue, role=member.cafe_role))
            if member.partner_role:
                memberships.append(
                    Membership(user=user, venue=partner.venue, role=member.partner_role)
                )
        Membership.objects.bulk_create(memberships)
        Membership.objects.filter(venue__in=[cafe.venue, partner.venue]).update(
            created_at=self.setup_at
        )

    # People ---------------------------------------------------------------------------

    def build_people(self, cafe: VenuePlan, partner: VenuePlan) -> None:
        rng = self.rng
        total = CAFE_PEOPLE + PARTNER_PEOPLE
        # Unique, clearly fictional mobile numbers: 06 00 xx xx xx.
        numbers = iter(rng.sample(range(1_000_000), total))
        actors = [self.users["coordinator"], self.users["mediator"]]
        history_days = (self.today - self.start).days
        for plan, count, communes in (
            (cafe, CAFE_PEOPLE, CAFE_COMMUNES),
            (partner, PARTNER_PEOPLE, PARTNER_COMMUNES),
        ):
            for _ in range(count):
                profile = random_profile(rng, communes)
                first_name = random_first_name(rng, profile["age_bracket"], profile["gender"])
                phone = email = ""
                if rng.random() < 0.5:
                    n = next(numbers)
                    phone = f"06 00 {n // 10000:02d} {n // 100 % 100:02d} {n % 100:02d}"
                    if rng.random() < 0.2:
                        local = name_key(first_name).replace(" ", ".")
                        email = f"{local}.{rng.randint(10, 99)}@example.org"
                person = Person(
                    first_name=first_name,
                    phone=phone,
                    email=email,
                    consent_to_contact=bool(phone),
                    **profile,
                )
                create_person(
                    actor=rng.choice(actors),
                    venue=plan.venue,
                    person=person,
                    consent_wording=CONSENT_WORDING if phone else "",
                )
                plan.people.append(person)
                # A third were already known before the period shown; regulars weigh more.
                if rng.random() < 0.35:
                    plan.arrival[person.pk] = self.start
                    self.person_created[person.pk] = aware(
                        self.start - datetime.timedelta(days=rng.randint(1, 300)),
                        datetime.time(rng.randint(10, 17), rng.randrange(0, 60, 5)),
                    )
                else:
                    day = self.start + datetime.timedelta(days=rng.randrange(history_days))
                    plan.arrival[person.pk] = day
                plan.weights[person.pk] = rng.expovariate(1.0) + 0.15

    # Journal --------------------------------------------------------------------------

    def build_journal(self, cafe: VenuePlan, partner: VenuePlan) -> int:
        day = self.start
        per_month: Counter = Counter()
        month = None
        total = 0
        while day < self.today:
            key = f"{day:%Y-%m}"
            if month and key != month:
                self._report_month(month, per_month)
            month = key
            if cafe.is_open(day):
                count = self.rng.randint(10, 20)
                if day.month == 8:  # quieter in summer
                    count = max(4, count * 2 // 3)
                for _ in range(count):
                    self.activity(cafe, day, mediators=CAFE_MEDIATORS, collective_rate=0.15)
                per_month[(key, "cafe")] += count
                total += count
            if partner.is_open(day):
                count = self.rng.randint(3, 7)
                for _ in range(count):
                    self.activity(partner, day, mediators=PARTNER_MEDIATORS, collective_rate=0.12)
                per_month[(key, "partner")] += count
                total += count
            day += datetime.timedelta(days=1)
        if month:
            self._report_month(month, per_month)
        return total

    def _report_month(self, month: str, per_month: Counter) -> None:
        cafe, partner = per_month[(month, "cafe")], per_month[(month, "partner")]
        self.stdout.write(
            f"  {month}: {cafe + partner} activities "
            f"({cafe} at the café, {partner} at the partner place)"
        )

    def _pick_person(self, plan: VenuePlan, day: datetime.date) -> Person | None:
        pool = [p for p in plan.people if plan.arrival[p.pk] <= day]
        if not pool:
            return None
        return self.rng.choices(pool, weights=[plan.weights[p.pk] for p in pool])[0]

    def _moment(self, plan: VenuePlan, day: datetime.date, duration: int) -> datetime.datetime:
        """When the activity was recorded: during opening hours, after it ended."""
        rng = self.rng
        opens, closes = rng.choice(plan.hours[day.weekday()])
        start = datetime.datetime.combine(day, opens)
        end = datetime.datetime.combine(day, closes)
        span = int((end - start).total_seconds() // 60)
        began = start + datetime.timedelta(minutes=rng.randrange(0, max(span - 15, 1), 5))
        recorded = began + datetime.timedelta(minutes=duration + rng.randint(0, 10))
        return timezone.make_aware(min(recorded, end + datetime.timedelta(minutes=20)))

    def activity(
        self, plan: VenuePlan, day: datetime.date, *, mediators: Weighted, collective_rate: float
    ) -> None:
        rng = self.rng
        mediator = self.users[mediators(rng)]
        source = Source.OUTREACH if plan.venue.is_outreach else Source.JOURNAL
        participants: list[Person] = []
        procedures: tuple[str, ...] = ()
        if rng.random() < collective_rate:
            workshop: Workshop = WORKSHOPS(rng)
            head_count = rng.randint(4, 12)
            pool = [p for p in plan.people if plan.arrival[p.pk] <= day]
            participants = rng.sample(pool, rng.randint(0, min(len(pool), head_count // 2)))
            activity = Activity(
                type=ActivityType.COLLECTIVE,
                mediator=mediator,
                date=day,
                duration_minutes=WORKSHOP_DURATIONS(rng),
                equipment=list(workshop.equipment),
                workshop_title=workshop.title,
                level=workshop.level,
                procedure_name=workshop.procedure_name,
                head_count=head_count,
                source=source,
            )
            themes = list(workshop.themes)
            procedures = workshop.procedures
        else:
            themes = [THEMES(rng)]
            if rng.random() < 0.25:
                second = THEMES(rng)
                if second not in themes:
                    themes.append(second)
            activity = Activity(
                type=ActivityType.INDIVIDUAL, mediator=mediator, date=day, source=source
            )
            person = self._pick_person(plan, day) if rng.random() < 0.4 else None
            if person is not None:
                activity.person = person
                age = person.age_bracket
                if rng.random() < 0.08:
                    activity.notes = rng.choice(NOTES)
            else:
                communes = PARTNER_COMMUNES if plan.venue.is_outreach else CAFE_COMMUNES
                for name, value in random_profile(rng, communes).items():
                    setattr(activity, name, value)
                age = activity.age_bracket
            admin = Theme.ADMIN_PROCEDURES in themes
            if admin:
                activity.procedure_name, procedures = PROCEDURES(rng)
            activity.duration_minutes = (ADMIN_DURATIONS if admin else DURATIONS)(rng)
            equipment = [EQUIPMENT_BY_THEME.get(themes[0], DEFAULT_EQUIPMENT)(rng)]
            if rng.random() < 0.08:
                extra = DEFAULT_EQUIPMENT(rng)
                if extra not in equipment and Equipment.NONE not in equipment:
                    equipment.append(extra)
            activity.equipment = equipment
            activity.autonomy = (AUTONOMY_SENIOR if age in SENIOR_AGES else AUTONOMY_OTHER)(rng)
            if rng.random() < (0.12 if admin else 0.04):
                activity.referred = True
                if Theme.EMPLOYMENT in themes:
                    activity.referral_structure = ReferralStructure.EMPLOYMENT
                else:
                    activity.referral_structure = (ADMIN_REFERRALS if admin else OTHER_REFERRALS)(
                        rng
                    )
            if not plan.venue.is_outreach:
                roll = rng.random()
                if roll < 0.03:
                    activity.place_type = PlaceType.REMOTE
                elif roll < 0.045 and activity.commune:
                    activity.place_type = PlaceType.HOME
                    activity.place_commune = activity.commune
                    activity.place_postal_code = activity.postal_code
        record_activity(
            actor=mediator,
            venue=plan.venue,
            activity=activity,
            themes=themes,
            procedure_themes=procedures,
            participants=participants,
        )
        recorded = self._moment(plan, day, activity.duration_minutes)
        self.activity_created[activity.pk] = recorded
        for person in [activity.person, *participants]:
            if person is None:
                continue
            arrived = recorded - datetime.timedelta(minutes=activity.duration_minutes + 5)
            if person.pk not in self.person_created or arrived < self.person_created[person.pk]:
                self.person_created[person.pk] = arrived

    # Timestamps -----------------------------------------------------------------------

    def backdate(self, plans: list[VenuePlan]) -> None:
        """Give people, activities and their audit entries the dates they 'happened'.

        The actions stamp everything with the current time; a demo looks more
        natural when "recorded on" matches the activity's date.
        """
        rng = self.rng
        people = []
        for plan in plans:
            for person in plan.people:
                when = self.person_created.get(person.pk)
                if when is None:  # never came back: created on their arrival day
                    day = plan.arrival[person.pk]
                    while not plan.is_open(day) and day > self.start:
                        day -= datetime.timedelta(days=1)
                    when = aware(day, datetime.time(rng.randint(10, 17), rng.randrange(0, 60, 5)))
                self.person_created[person.pk] = when
                person.created_at = person.updated_at = when
                if person.consent_to_contact:
                    person.consent_at = when
                people.append(person)
        Person.objects.bulk_update(
            people, ["created_at", "updated_at", "consent_at"], batch_size=500
        )
        activities = [
            Activity(pk=pk, created_at=when, updated_at=when)
            for pk, when in self.activity_created.items()
        ]
        Activity.objects.bulk_update(activities, ["created_at", "updated_at"], batch_size=500)
        entries = []
        for object_type, dates in (
            ("people.person", self.person_created),
            ("journal.activity", self.activity_created),
        ):
            for entry in AuditEntry.objects.filter(
                object_type=object_type, action=AuditAction.CREATE
            ).only("pk", "object_id"):
                if entry.object_id in dates:
                    entry.at = dates[entry.object_id]
                    entries.append(entry)
        AuditEntry.objects.bulk_update(entries, ["at"], batch_size=500)


def counts() -> dict[str, int]:
    """What the database holds, for the command's summary."""
    return {
        "networks": Network.objects.count(),
        "venues": Venue.objects.count(),
        "partner_places": Venue.objects.filter(kind=VenueKind.OUTREACH).count(),
        "staff": get_user_model().objects.filter(memberships__isnull=False).distinct().count(),
        "people": Person.objects.count(),
        "activities": Activity.objects.count(),
    }
