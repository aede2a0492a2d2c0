"""A person erased after registering, who comes anyway: the session counts them, but
nothing new is attached to their record (no participation, no badge, no absence)."""

import pytest

from comptoir.journal.models import Activity, MissedBooking
from comptoir.people import privacy
from comptoir.skills.models import Credential
from comptoir.workshops.closing import close_session
from comptoir.workshops.models import RegistrationStatus
from tests.factories import WorkshopFactory
from tests.workshops.staff_helpers import achievement, seat, started_session

pytestmark = pytest.mark.django_db
R = RegistrationStatus


def test_closing_counts_an_erased_attendee_and_gives_them_nothing(venue, mediator):
    badge = achievement(venue)
    session = started_session(WorkshopFactory(venue=venue, badge=badge))
    came = seat(session, first_name="Aline", status=R.ATTENDED)
    erased = seat(session, first_name="Josiane", status=R.ATTENDED)
    privacy.erase_person(actor=mediator, person=erased.person)
    close_session(actor=mediator, session=session)
    activity = Activity.objects.get(source_ref=f"session:{session.pk}")
    assert activity.head_count == 2
    assert list(activity.participants.all()) == [came.person]
    assert list(Credential.objects.values_list("person_id", flat=True)) == [came.person_id]


def test_an_erased_persons_absence_is_counted_for_nobody(venue, mediator):
    session = started_session(WorkshopFactory(venue=venue))
    absent = seat(session, first_name="Josiane")
    privacy.erase_person(actor=mediator, person=absent.person)
    close_session(actor=mediator, session=session)
    missed = MissedBooking.objects.get(source_ref=f"registration:{absent.pk}")
    assert missed.person is None
