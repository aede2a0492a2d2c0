"""Retention: people with no contact for longer than their venue's retention period are
anonymised by a daily sweep; those seen since (or with something to come) are not; the
statistics do not move; a second run does nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from comptoir.audit.models import AuditEntry
from comptoir.journal.models import Activity
from comptoir.people import privacy
from comptoir.people.models import Person
from comptoir.people.tasks import apply_retention_task
from comptoir.workshops.models import Registration
from tests.appointments.factories import AppointmentTypeFactory, make_appointment, mediator_at
from tests.factories import ActivityFactory, PersonFactory, SessionFactory
from tests.helpdesk.factories import HelpRequestFactory
from tests.people.privacy_world import statistics
from tests.queries import query_budget

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 3, 0))


def months_ago(months: int, days: int = 0) -> datetime.datetime:
    return privacy.months_before(NOW, months) - datetime.timedelta(days=days)


def person_since(venue, months: int, **fields) -> Person:
    """A person whose record was created `months` months before NOW."""
    person = PersonFactory(venue=venue, phone="+33612345678", **fields)
    Person.objects.filter(pk=person.pk).update(created_at=months_ago(months))
    return person


def came(person, months: int, days: int = 0, **fields) -> Activity:
    """An individual accompaniment of `person` `months` months (and `days` days) before NOW."""
    day = timezone.localdate(months_ago(months, days))
    return ActivityFactory(venue=person.venue, person=person, date=day, **fields)


def anonymised(person) -> bool:
    person.refresh_from_db()
    return person.anonymised_at is not None


def run(**kwargs):
    return privacy.apply_retention(now=NOW, **kwargs)


def test_someone_not_seen_for_longer_than_the_period_is_anonymised(venue):
    person = person_since(venue, 40)
    came(person, 24, days=1)  # 24 months and a day ago; the venue keeps 24 months
    assert run() == {venue: 1}
    assert anonymised(person)
    assert person.first_name == privacy.ANONYMISED_NAME and person.phone == ""
    entry = AuditEntry.objects.get(object_type="people.person", object_id=person.pk)
    assert entry.actor is None
    assert entry.changes["motif"][1] == privacy.ErasureReason.RETENTION


def test_someone_seen_within_the_period_is_kept(venue):
    person = person_since(venue, 40)
    came(person, 23)
    assert run() == {venue: 0}
    assert not anonymised(person)


def test_a_new_record_without_any_visit_is_kept(venue):
    person = person_since(venue, 3)
    run()
    assert not anonymised(person)


def test_an_upcoming_appointment_counts_as_contact(venue):
    person = person_since(venue, 40)
    came(person, 30)
    mediator = mediator_at(venue, "retention-mediator")
    kind = AppointmentTypeFactory(venue=venue, mediators=[mediator])
    appointment = make_appointment(
        kind, mediator, NOW + datetime.timedelta(days=5), person=person, phone=person.phone
    )
    # Booked long ago (by phone, say): what counts is that it is still to come.
    type(appointment).objects.filter(pk=appointment.pk).update(created_at=months_ago(30))
    run()
    assert not anonymised(person)


def test_an_old_appointment_does_not(venue):
    person = person_since(venue, 40)
    mediator = mediator_at(venue, "retention-mediator")
    kind = AppointmentTypeFactory(venue=venue, mediators=[mediator])
    appointment = make_appointment(kind, mediator, months_ago(25), person=person)
    type(appointment).objects.filter(pk=appointment.pk).update(created_at=months_ago(25))
    run()
    assert anonymised(person)


@pytest.mark.parametrize(
    "contact",
    ["participant", "help_request", "registration", "consent"],
)
def test_every_service_counts_as_contact(venue, contact):
    person = person_since(venue, 40)
    recent = months_ago(2)
    if contact == "participant":
        session = ActivityFactory(venue=venue, collective=True, date=recent.date())
        session.participants.set([person])
    elif contact == "help_request":
        HelpRequestFactory(venue=venue, person=person, arrived_at=recent, day=recent.date())
    elif contact == "registration":
        registration = Registration.objects.create(
            session=SessionFactory(workshop__venue=venue, starts_at=months_ago(30)),
            person=person,
            first_name=person.first_name,
            status="waitlisted",
            source="staff",
            created_at=recent,
        )
        assert registration.pk
    else:
        Person.objects.filter(pk=person.pk).update(consent_to_contact=True, consent_at=recent)
    run()
    assert not anonymised(person)


def test_each_venue_uses_its_own_period(venue, other_venue):
    other_venue.retention_months = 6
    other_venue.save()
    here = person_since(venue, 40)
    there = person_since(other_venue, 40)
    for person in (here, there):
        came(person, 8)
    assert run() == {venue: 0, other_venue: 1}
    assert not anonymised(here)
    assert anonymised(there)


def test_a_second_run_does_nothing(venue):
    person = person_since(venue, 40)
    came(person, 30)
    assert run() == {venue: 1}
    entries = AuditEntry.objects.count()
    stamp = Person.objects.get(pk=person.pk).anonymised_at
    assert run() == {venue: 0}
    assert AuditEntry.objects.count() == entries
    assert Person.objects.get(pk=person.pk).anonymised_at == stamp


def test_the_statistics_are_unchanged(venue):
    gone, kept = person_since(venue, 40), person_since(venue, 40)
    for months in (30, 26):
        came(gone, months, notes="Appeler sa fille")
    came(kept, 2)
    session = ActivityFactory(venue=venue, collective=True, date=months_ago(28).date())
    session.participants.set([gone, kept])
    ActivityFactory(venue=venue, date=months_ago(27).date())  # an anonymous accompaniment
    before = statistics(venue)
    assert run() == {venue: 1}
    assert statistics(venue) == before
    assert Activity.objects.filter(person=gone, notes="").count() == 2  # notes cleared


def test_a_dry_run_counts_and_changes_nothing(venue):
    person = person_since(venue, 40)
    came(person, 30)
    assert run(dry_run=True) == {venue: 1}
    assert not anonymised(person)
    assert not AuditEntry.objects.exists()


def test_the_sweep_reads_a_bounded_number_of_queries(venue, settings):
    """Finding and anonymising a batch is a fixed number of queries, whatever its size."""

    def queries_for(count: int) -> int:
        people = [person_since(venue, 40) for _ in range(count)]
        for person in people:
            came(person, 30)
            HelpRequestFactory(venue=venue, person=person, arrived_at=months_ago(30))
        with query_budget(60) as captured:
            assert run() == {venue: count}
        return len(captured.captured_queries)

    assert queries_for(3) == queries_for(30)


def test_batches_follow_each_other_until_nobody_is_left(venue, monkeypatch):
    monkeypatch.setattr(privacy, "BATCH", 2)
    people = [person_since(venue, 40) for _ in range(5)]
    assert run() == {venue: 5}
    assert all(anonymised(person) for person in people)


def test_the_command_prints_progress_and_a_summary(venue, other_venue):
    person = person_since(venue, 40)
    came(person, 30)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "cafe-du-port: 1 would be anonymised (retention 24 months)" in text
    assert "ailleurs: 0 would be anonymised" in text
    assert "Retention (dry run): 1 people would be anonymised in 1 of 2 venues." in text
    assert not anonymised(person)
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "Retention: 1 people anonymised in 1 of 2 venues." in out.getvalue()
    assert anonymised(person)


def test_the_task_runs_the_sweep(venue, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    person = person_since(venue, 40)
    Person.objects.filter(pk=person.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3650)
    )
    result = apply_retention_task.enqueue()
    assert result.return_value == {"cafe-du-port": 1}
    assert anonymised(person)


def test_months_are_counted_on_the_calendar():
    march_31 = timezone.make_aware(datetime.datetime(2026, 3, 31, 10, 0))
    assert timezone.localtime(privacy.months_before(march_31, 1)).date() == datetime.date(
        2026, 2, 28
    )
    assert timezone.localtime(privacy.months_before(march_31, 24)).date() == datetime.date(
        2024, 3, 31
    )
    assert timezone.localtime(privacy.months_before(march_31, 13)).date() == datetime.date(
        2025, 2, 28
    )
