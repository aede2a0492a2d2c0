"""One family of refused actions and one invalid-link error for every service."""

import pytest
from django.utils.translation import gettext_lazy, override

from comptoir.appointments import links as appointment_links
from comptoir.appointments.actions import BookingError
from comptoir.appointments.actions import IllegalTransition as AppointmentIllegal
from comptoir.helpdesk.actions import HelpdeskError, RateLimited
from comptoir.helpdesk.models import IllegalTransition as HelpdeskIllegal
from comptoir.kernel.errors import ActionRefused, InvalidLink
from comptoir.people.actions import PersonError
from comptoir.people.models import ERASED_REFUSAL, refuse_erased
from comptoir.repair.actions import RepairError
from comptoir.repair.models import IllegalTransition as RepairIllegal
from comptoir.reuse.errors import ReuseError
from comptoir.skills import links as skill_links
from comptoir.skills.actions import SkillError
from comptoir.venues.actions import TeamError
from comptoir.workshops import links as workshop_links
from comptoir.workshops.actions import WorkshopError
from tests.factories import PersonFactory

SERVICE_ERRORS = [
    HelpdeskError,
    RateLimited,
    HelpdeskIllegal,
    BookingError,
    AppointmentIllegal,
    WorkshopError,
    RepairError,
    RepairIllegal,
    ReuseError,
    SkillError,
    TeamError,
    PersonError,
]


@pytest.mark.parametrize("error", SERVICE_ERRORS, ids=lambda e: f"{e.__module__}.{e.__name__}")
def test_every_service_error_is_a_refused_action_carrying_its_message(error):
    with pytest.raises(ActionRefused) as caught:
        raise error("Cette séance est déjà close.")
    assert caught.value.message == "Cette séance est déjà close."
    assert str(caught.value) == "Cette séance est déjà close."


def test_a_lazy_message_is_kept_lazy_and_shown_in_the_current_language():
    refused = ActionRefused(gettext_lazy("Choisissez une borne ou un écran."))
    with override("en"):
        english = str(refused)
    with override("fr"):
        french = str(refused)
    assert french == "Choisissez une borne ou un écran."
    assert english != french


@pytest.mark.django_db
@pytest.mark.parametrize("error", [HelpdeskError, BookingError, WorkshopError, ReuseError])
def test_the_erased_person_guard_raises_the_service_error_of_the_family(error, venue):
    person = PersonFactory(venue=venue)
    person.anonymised_at = person.created_at
    person.save()
    with pytest.raises(error) as caught:
        refuse_erased(person, error)
    assert isinstance(caught.value, ActionRefused)
    assert caught.value.message == str(ERASED_REFUSAL)


def test_the_three_signed_links_raise_one_invalid_link_error():
    assert appointment_links.InvalidLink is InvalidLink
    assert workshop_links.InvalidLink is InvalidLink
    assert skill_links.InvalidLink is InvalidLink
    for read_token in (
        appointment_links.read_token,
        workshop_links.read_token,
        skill_links.read_token,
    ):
        with pytest.raises(InvalidLink) as caught:
            read_token("not-a-token")
        assert caught.value.reason == "tampered"
