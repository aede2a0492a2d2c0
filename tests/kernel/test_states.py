"""The kernel's state machine: a legal move is saved and logged with who and when,
an illegal one is refused with nothing written. Tried on the café numérique's help
requests, the simplest machine (any model with a TransitionLog behaves the same)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from comptoir.helpdesk.models import (
    STATES,
    HelpRequest,
    HelpRequestTransition,
    IllegalTransition,
    Status,
)
from comptoir.kernel.errors import ActionRefused
from comptoir.kernel.states import StateMachine
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def left(help_request: HelpRequest) -> HelpRequest:
    """What closing needs besides the state (the table's constraints check it)."""
    help_request.ended_at, help_request.outcome = timezone.now(), "left_before_help"
    return help_request


def test_a_legal_move_saves_the_row_and_logs_from_to_who_and_when(venue, mediator):
    help_request = left(HelpRequestFactory(venue=venue))
    at = timezone.now() - datetime.timedelta(minutes=3)
    help_request.first_name = "Odile"  # the caller's other changes are saved with the move
    log = STATES.transition(help_request, Status.CLOSED, actor=mediator, at=at)
    assert (log.from_state, log.to_state, log.actor, log.at) == (
        Status.WAITING,
        Status.CLOSED,
        mediator,
        at,
    )
    stored = HelpRequest.objects.get(pk=help_request.pk)
    assert (stored.status, stored.first_name) == (Status.CLOSED, "Odile")
    assert list(STATES.history(help_request)) == [log]
    assert (log.from_label, log.to_label) == ("En attente", "Terminée")


def test_an_illegal_move_is_refused_and_nothing_is_written(venue, mediator):
    help_request = HelpRequestFactory(venue=venue, status=Status.WAITING)
    help_request.first_name = "Changé"
    rows, logs = HelpRequest.objects.count(), HelpRequestTransition.objects.count()
    with pytest.raises(IllegalTransition) as refused:
        STATES.transition(help_request, "unknown", actor=mediator)
    assert isinstance(refused.value, ActionRefused)
    assert HelpRequestTransition.objects.count() == logs
    assert HelpRequest.objects.count() == rows
    assert HelpRequest.objects.get(pk=help_request.pk).first_name != "Changé"


def test_a_final_state_allows_no_move_and_says_so_in_plain_french(venue, mediator):
    help_request = left(HelpRequestFactory(venue=venue))
    STATES.transition(help_request, Status.CLOSED, actor=mediator)
    assert STATES.allowed(Status.CLOSED) == frozenset()
    assert not STATES.can_move(help_request, Status.WAITING)
    logs = HelpRequestTransition.objects.count()
    with pytest.raises(IllegalTransition) as refused:
        STATES.transition(help_request, Status.WAITING, actor=mediator)
    assert refused.value.message == "Impossible de passer de « Terminée » à « En attente »."
    assert HelpRequestTransition.objects.count() == logs
    assert HelpRequest.objects.get(pk=help_request.pk).status == Status.CLOSED


def test_the_first_state_is_logged_from_nothing_and_a_visitor_is_logged_as_nobody(venue):
    help_request = HelpRequestFactory(venue=venue)
    log = STATES.created(help_request, actor=AnonymousUser())
    assert (log.from_state, log.to_state, log.actor) == ("", Status.WAITING, None)
    assert log.from_label == ""


def test_update_fields_saves_only_the_state_and_the_fields_named(venue, mediator):
    help_request = HelpRequestFactory(venue=venue)
    help_request.first_name = "Pas enregistré"
    help_request.ended_at = timezone.now()
    help_request.outcome = "left_before_help"
    STATES.transition(
        help_request, Status.CLOSED, actor=mediator, update_fields=["ended_at", "outcome"]
    )
    stored = HelpRequest.objects.get(pk=help_request.pk)
    assert stored.status == Status.CLOSED and stored.outcome == "left_before_help"
    assert stored.first_name != "Pas enregistré"


def test_a_machine_may_word_its_refusal_and_name_its_error(venue, mediator):
    class Refused(ActionRefused):
        pass

    machine = StateMachine(
        {Status.WAITING: {Status.IN_PROGRESS}},
        log="helpdesk.HelpRequestTransition",
        subject="help_request",
        refused=Refused,
        message="Une demande « %(from)s » ne passe pas « %(to)s ».",
    )
    help_request = HelpRequestFactory(venue=venue)
    with pytest.raises(Refused) as refused:
        machine.transition(help_request, Status.CLOSED, actor=mediator)
    assert refused.value.message == "Une demande « En attente » ne passe pas « Terminée »."
