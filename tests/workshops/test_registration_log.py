"""Registrations move through the kernel's state machine: every move is logged with
who and when, an illegal one is refused with nothing written."""

import pytest

from comptoir.kernel.errors import ActionRefused
from comptoir.workshops import actions, closing
from comptoir.workshops.actions import STATES, WorkshopError
from comptoir.workshops.models import Registration, RegistrationTransition
from comptoir.workshops.models import RegistrationStatus as R
from tests.factories import SessionFactory
from tests.workshops.test_actions import sign_up, started

pytestmark = pytest.mark.django_db


def moves(registration) -> list[tuple[str, str, int | None]]:
    return list(registration.transitions.values_list("from_state", "to_state", "actor"))


def test_a_registration_logs_its_first_state_and_the_promotion_from_the_waiting_list(
    venue, mediator
):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    holder = sign_up(session, 1, actor=mediator)
    waiting = sign_up(session, 2)
    actions.cancel_registration(registration=holder, actor=mediator)
    assert moves(holder) == [
        ("", R.CONFIRMED, mediator.pk),
        (R.CONFIRMED, R.CANCELLED, mediator.pk),
    ]
    # Nobody promotes by hand: the log says it happened on its own.
    assert moves(waiting) == [("", R.WAITLISTED, None), (R.WAITLISTED, R.CONFIRMED, None)]
    waiting.refresh_from_db()
    assert waiting.transitions.last().at == waiting.promoted_at


def test_ticking_and_closing_are_logged_with_who_and_when(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=2)
    came, absent = sign_up(session, 1), sign_up(session, 2)
    waiting = sign_up(session, 3)
    started(session)
    closing.set_attendance(actor=mediator, registration=came, present=True)
    closing.set_attendance(actor=mediator, registration=came, present=False)
    closing.set_attendance(actor=mediator, registration=came, present=True)
    closing.close_session(actor=mediator, session=session)
    assert moves(came)[1:] == [
        (R.CONFIRMED, R.ATTENDED, mediator.pk),
        (R.ATTENDED, R.CONFIRMED, mediator.pk),
        (R.CONFIRMED, R.ATTENDED, mediator.pk),
    ]
    assert moves(absent)[1:] == [(R.CONFIRMED, R.NO_SHOW, mediator.pk)]
    assert moves(waiting)[1:] == [(R.WAITLISTED, R.CANCELLED, mediator.pk)]
    assert [t.to_label for t in STATES.history(absent)] == ["Inscrit·e", "Absent·e"]


def test_ticking_twice_writes_one_move(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=2)
    registration = sign_up(session, 1)
    started(session)
    closing.set_attendance(actor=mediator, registration=registration, present=True)
    closing.set_attendance(actor=mediator, registration=registration, present=True)
    assert len(moves(registration)) == 2


def test_an_illegal_move_is_refused_and_nothing_is_written(venue, mediator):
    session = SessionFactory(workshop__venue=venue, capacity=1)
    registration = sign_up(session, 1)
    actions.cancel_registration(registration=registration, actor=mediator)
    registration.refresh_from_db()
    logged = RegistrationTransition.objects.count()
    with pytest.raises(WorkshopError) as refused:
        STATES.transition(registration, R.ATTENDED, actor=mediator)
    assert isinstance(refused.value, ActionRefused)
    assert refused.value.message == "Impossible de passer de « Désinscrit·e » à « Présent·e »."
    assert RegistrationTransition.objects.count() == logged
    assert Registration.objects.get(pk=registration.pk).status == R.CANCELLED
