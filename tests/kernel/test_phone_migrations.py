"""The data migrations that give overseas numbers stored with +33 (before
phonenumbers, 0690 12 34 56 was stored as +33690123456) their own code."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from comptoir.people.models import Person
from comptoir.venues.models import Venue
from comptoir.workshops.models import Registration
from tests.factories import PersonFactory, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Stored before -> after the migration.
STORED = {
    "+33690123456": "+590690123456",  # Guadeloupe mobile
    "+33596301234": "+596596301234",  # Martinique landline
    "+33692123456": "+262692123456",  # La Réunion mobile
    "+33508551234": "+508551234",  # Saint-Pierre-et-Miquelon
    "+33612345678": "+33612345678",  # metropolitan: unchanged
    "+33478000000": "+33478000000",
    "+590690001234": "+590690001234",  # already right
    "": "",
}


def rows_with(model, make) -> dict[int, str]:
    """One row per stored value, written as the old code stored it."""
    ids = {}
    for before in STORED:
        row = make()
        model.objects.filter(pk=row.pk).update(phone=before)
        ids[row.pk] = before
    return ids


def person():
    return PersonFactory(venue=VenueFactory())


def registration():
    session = SessionFactory()
    return Registration.objects.create(
        session=session,
        person=PersonFactory(venue=session.venue),
        first_name="Jo",
        status="waitlisted",
    )


@pytest.mark.parametrize(
    ("app", "before", "after", "model", "make"),
    [
        ("people", "0002_person_anonymised_at", "0003_overseas_phone_numbers", Person, person),
        (
            "venues",
            "0003_privacy_security_settings",
            "0004_overseas_phone_numbers",
            Venue,
            VenueFactory,
        ),
        (
            "workshops",
            "0003_consent_date_and_wording",
            "0004_overseas_phone_numbers",
            Registration,
            registration,
        ),
    ],
)
def test_overseas_numbers_stored_with_the_french_code_get_their_own(
    app, before, after, model, make
):
    ids = rows_with(model, make)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([(app, before)])
        executor.loader.build_graph()
        executor.migrate([(app, after)])
        stored = dict(model.objects.filter(pk__in=ids).values_list("pk", "phone"))
    finally:
        # Back to the latest schema: later migrations of the app were unapplied on
        # the way down, and the tests that follow need their tables.
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert stored == {pk: STORED[value] for pk, value in ids.items()}
