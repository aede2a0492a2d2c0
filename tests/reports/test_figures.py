"""Every figure of the report, against a small journal counted by hand.

The journal below (venues A and B of one network; C elsewhere, never counted):

    Jan 20  C  individual   P3                       (another venue: P3 stays "new")
    Feb 10  A  missed appointment                     (previous period)
    Feb 28  A  individual   P1   15 min              (previous period: P1 is "returning")
    Mar 1   A  individual   P1   30 min  email, autonomous, referred to the administration
    Mar 5   A  missed appointment (P2)
    Mar 10  A  collective   workshop, 10 people of whom P1 P2 P3, 120 min, security
    Mar 10  A  missed workshop seat (P4)
    Mar 12  A  individual   P2   60 min  appointment, diagnostic, guided
    Mar 15  B  individual   P1   45 min  remote, admin procedures › housing (no autonomy)
    Mar 31  A  individual   anonymous, 20 min, 18-24, woman, unemployed, Vaulx-en-Velin, health
    Apr 1   A  individual   P2                        (after the period)
"""

import datetime

import pytest

from comptoir.journal.actions import record_activity, record_missed_booking
from comptoir.journal.cra import (
    ActivityType,
    Autonomy,
    PlaceType,
    ProcedureTheme,
    ReferralStructure,
    Theme,
)
from comptoir.journal.models import Activity, Source
from comptoir.people.enums import AgeBracket, Gender, SocialStatus
from comptoir.reports.figures import build_report, compute
from comptoir.reports.scope import Period, Scope
from tests.factories import NetworkFactory, PersonFactory, UserFactory, VenueFactory
from tests.queries import query_budget

MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
D = datetime.date


@pytest.fixture
def journal(db):
    network = NetworkFactory()
    a = VenueFactory(network=network, name="A")
    b = VenueFactory(network=network, name="B")
    c = VenueFactory(network=NetworkFactory(name="Autre", slug="autre"), name="C")
    actor = UserFactory()
    p1 = PersonFactory(
        venue=a,
        age_bracket=AgeBracket.FROM_60_TO_69,
        social_status=SocialStatus.RETIRED,
        gender=Gender.MALE,
        commune="Villeurbanne",
        insee_code="69266",
    )
    p2 = PersonFactory(
        venue=a,
        age_bracket=AgeBracket.FROM_25_TO_39,
        social_status=SocialStatus.EMPLOYED,
        gender=Gender.FEMALE,
        commune="Bron",
        insee_code="69029",
    )
    p3 = PersonFactory(
        venue=a,
        age_bracket=AgeBracket.OVER_70,
        social_status=SocialStatus.RETIRED,
        gender=Gender.FEMALE,
        commune="Villeurbanne",
        insee_code="69266",
    )
    p4 = PersonFactory(venue=a)

    def individual(venue, day, person=None, minutes=30, themes=(Theme.EMAIL,), **fields):
        return record_activity(
            actor=actor,
            venue=venue,
            activity=Activity(
                type=ActivityType.INDIVIDUAL,
                date=day,
                duration_minutes=minutes,
                person=person,
                **fields,
            ),
            themes=themes,
        )

    individual(c, D(2026, 1, 20), p3)
    record_missed_booking(
        venue=a, date=D(2026, 2, 10), source=Source.APPOINTMENT, source_ref="appointment:1"
    )
    individual(a, D(2026, 2, 28), p1, minutes=15)
    individual(
        a,
        D(2026, 3, 1),
        p1,
        minutes=30,
        autonomy=Autonomy.AUTONOMOUS,
        referred=True,
        referral_structure=ReferralStructure.ADMINISTRATION,
    )
    record_missed_booking(
        venue=a,
        date=D(2026, 3, 5),
        source=Source.APPOINTMENT,
        source_ref="appointment:2",
        person=p2,
    )
    record_activity(
        actor=actor,
        venue=a,
        activity=Activity(
            type=ActivityType.COLLECTIVE,
            date=D(2026, 3, 10),
            duration_minutes=120,
            head_count=10,
            source=Source.WORKSHOP,
            source_ref="session:1",
        ),
        themes=[Theme.SECURITY],
        participants=[p1, p2, p3],
    )
    record_missed_booking(
        venue=a, date=D(2026, 3, 10), source=Source.WORKSHOP, source_ref="registration:9", person=p4
    )
    individual(
        a,
        D(2026, 3, 12),
        p2,
        minutes=60,
        themes=(Theme.DIAGNOSTIC,),
        autonomy=Autonomy.GUIDED,
        source=Source.APPOINTMENT,
        source_ref="appointment:3",
    )
    record_activity(
        actor=actor,
        venue=b,
        activity=Activity(
            type=ActivityType.INDIVIDUAL,
            date=D(2026, 3, 15),
            duration_minutes=45,
            person=p1,
            place_type=PlaceType.REMOTE,
        ),
        themes=[Theme.ADMIN_PROCEDURES],
        procedure_themes=[ProcedureTheme.HOUSING],
    )
    individual(
        a,
        D(2026, 3, 31),
        None,
        minutes=20,
        themes=(Theme.HEALTH,),
        autonomy=Autonomy.PARTLY,
        age_bracket=AgeBracket.FROM_18_TO_24,
        gender=Gender.FEMALE,
        social_status=SocialStatus.UNEMPLOYED,
        commune="Vaulx-en-Velin",
        insee_code="69256",
    )
    individual(a, D(2026, 4, 1), p2)
    return {"a": a, "b": b, "c": c, "people": (p1, p2, p3, p4)}


def scope_of(journal, period=MARCH, venues=("a", "b")):
    return Scope(tuple(journal[name].pk for name in venues), period)


def test_totals_and_people_counted_by_hand(journal):
    figures = compute(scope_of(journal))
    assert figures.activities == 5
    assert figures.individual == 4
    assert figures.collective_sessions == 1
    assert figures.collective_participants == 10
    assert figures.accompaniments == 14
    assert figures.minutes == 30 + 120 + 60 + 45 + 20
    assert figures.hours == 4.6
    assert figures.referred == 1
    assert figures.outside_venue == 1  # the remote one at B
    # P1 came three times, P2 twice, P3 once: three people.
    assert figures.people_known == 3
    assert figures.anonymous_individual == 1
    assert figures.unnamed_participants == 7
    assert figures.people_anonymous == 8
    assert figures.people_reached == 11
    # P1 had come in February; P3's January visit was at C, not in the selection.
    assert figures.people_returning == 1
    assert figures.people_new == 2


def test_no_show_rate(journal):
    figures = compute(scope_of(journal))
    assert figures.missed_bookings == 2
    # The appointment that took place, and the workshop's three registered participants.
    assert figures.honoured_bookings == 4
    assert figures.no_show_rate == 33.3


def test_breakdowns_counted_by_hand(journal):
    figures = compute(scope_of(journal))
    assert figures.by_month == {
        D(2026, 3, 1): {"individual": 4, "collective": 1, "participants": 10}
    }
    assert dict(figures.by_format) == {"journal": 3, "workshop": 10, "appointment": 1}
    assert dict(figures.themes) == {
        Theme.EMAIL: 1,
        Theme.SECURITY: 1,
        Theme.DIAGNOSTIC: 1,
        Theme.ADMIN_PROCEDURES: 1,
        Theme.HEALTH: 1,
    }
    assert dict(figures.procedures) == {ProcedureTheme.HOUSING: 1}
    assert dict(figures.autonomy) == {
        Autonomy.AUTONOMOUS: 1,
        Autonomy.GUIDED: 1,
        Autonomy.PARTLY: 1,
        "non_communique": 1,
    }
    assert dict(figures.referrals) == {ReferralStructure.ADMINISTRATION: 1}
    # People reached: P1, P2, P3 once each, the anonymous visitor, seven unnamed participants.
    assert dict(figures.age_brackets) == {
        AgeBracket.FROM_60_TO_69: 1,
        AgeBracket.FROM_25_TO_39: 1,
        AgeBracket.OVER_70: 1,
        AgeBracket.FROM_18_TO_24: 1,
        AgeBracket.NOT_GIVEN: 7,
    }
    assert dict(figures.genders) == {Gender.MALE: 1, Gender.FEMALE: 3, Gender.NOT_GIVEN: 7}
    assert dict(figures.social_statuses) == {
        SocialStatus.RETIRED: 2,
        SocialStatus.EMPLOYED: 1,
        SocialStatus.UNEMPLOYED: 1,
        SocialStatus.NOT_GIVEN: 7,
    }
    assert dict(figures.communes) == {
        ("69266", "Villeurbanne"): 2,
        ("69029", "Bron"): 1,
        ("69256", "Vaulx-en-Velin"): 1,
        ("", ""): 7,
    }
    assert sum(figures.age_brackets.values()) == figures.people_reached


def test_previous_period_and_change(journal):
    report = build_report(scope_of(journal), exact=True)
    assert report.previous.scope.period == Period(D(2026, 2, 1), D(2026, 2, 28))
    assert report.previous.activities == 1
    assert report.previous.people_known == 1
    assert report.previous.no_show_rate == 100.0
    figures = {k.key: k for k in report.key_figures}
    assert (figures["accompaniments"].value, figures["accompaniments"].previous) == (14, 1)
    assert figures["accompaniments"].change == 1300.0
    assert figures["people_reached"].value == 11
    assert figures["people_new"].value == 2
    assert figures["no_show_rate"].value == 33.3
    assert figures["hours"].value == 4.6
    assert figures["hours"].previous == 0.2
    communes = report.table("communes")
    assert [(r.label, r.value, r.previous) for r in communes.rows] == [
        ("Villeurbanne", 2, 1),
        ("Bron", 1, 0),
        ("Vaulx-en-Velin", 1, 0),
        ("Non communiquée", 7, 0),
    ]


def test_one_venue_and_period_edges(journal):
    # Venue B alone: one accompaniment, P1's, who had come to A before but never to B.
    figures = compute(scope_of(journal, venues=("b",)))
    assert (figures.activities, figures.people_known, figures.people_returning) == (1, 1, 0)
    # The last day of a period is in it; the day after is in the next one.
    april = compute(scope_of(journal, Period(D(2026, 4, 1), D(2026, 4, 30))))
    assert april.activities == 1
    one_day = compute(scope_of(journal, Period(D(2026, 3, 31), D(2026, 3, 31))))
    assert (one_day.activities, one_day.anonymous_individual) == (1, 1)


def test_other_networks_venue_is_never_counted(journal):
    everything = compute(scope_of(journal, Period(D(2026, 1, 1), D(2026, 12, 31))))
    assert everything.activities == 7  # C's January activity is not among them


def test_queries_do_not_grow_with_the_journal(journal):
    # A year to date: whole months from the monthly figures, November live.
    year = scope_of(journal, Period(D(2026, 1, 1), D(2026, 11, 15)))
    build_report(year, exact=True)  # the monthly figures are computed on the first report
    with query_budget(25) as few:
        build_report(year, exact=True)
    a = journal["a"]
    people = PersonFactory.create_batch(20, venue=a)
    for i, person in enumerate(people):
        record_activity(
            actor=None,
            venue=a,
            activity=Activity(
                type=ActivityType.INDIVIDUAL,
                date=D(2026, 3, 1 + i),
                duration_minutes=15,
                person=person,
            ),
            themes=[Theme.EMAIL],
        )
        record_activity(
            actor=None,
            venue=a,
            activity=Activity(
                type=ActivityType.COLLECTIVE,
                date=D(2026, 3, 1 + i),
                duration_minutes=60,
                head_count=5,
            ),
            themes=[Theme.OFFICE],
            participants=people[: i + 1],
        )
    build_report(year, exact=True)  # March changed: computed again once
    with query_budget(25) as many:
        build_report(year, exact=True)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_whole_months_compare_with_as_many_months_before():
    assert Period(D(2026, 1, 1), D(2026, 6, 30)).previous() == Period(
        D(2025, 7, 1), D(2025, 12, 31)
    )
    assert Period(D(2026, 3, 1), D(2026, 3, 31)).previous() == Period(D(2026, 2, 1), D(2026, 2, 28))
    # The year so far: the same dates a year earlier.
    assert Period(D(2026, 1, 1), D(2026, 11, 29)).previous() == Period(
        D(2025, 1, 1), D(2025, 11, 29)
    )
    # Any other period: as many days just before.
    assert Period(D(2026, 3, 10), D(2026, 3, 19)).previous() == Period(
        D(2026, 2, 28), D(2026, 3, 9)
    )
