"""Explicit state machines: one table of allowed moves per model, one log of every move.

A service declares, next to its model, the table of allowed moves and a log model
inheriting `TransitionLog`:

    TRANSITIONS = {Status.WAITING: {Status.IN_PROGRESS}, Status.IN_PROGRESS: set()}
    STATES = StateMachine(
        TRANSITIONS, log="helpdesk.HelpRequestTransition", subject="help_request",
        refused=IllegalTransition,
    )

and its actions move a row with `STATES.transition(obj, to, actor=user)`: an
illegal move raises `refused` (a subclass of ActionRefused, with a plain-French
message) before anything is written; a legal one saves the row (with whatever
else the caller changed on it) and writes one log row: from, to, who, when.
`STATES.history(obj)` reads the log back for the pages that show it.

Locking stays with the caller: actions lock the row (select_for_update) inside
their transaction, then move it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from comptoir.kernel.errors import ActionRefused

ILLEGAL_MOVE = gettext_lazy("Impossible de passer de « %(from)s » à « %(to)s ».")


class TransitionLog(models.Model):
    """One move of one row: from which state to which, who made it and when.

    `from_state` is empty for the first row, written when the row is created.
    Subclasses add the foreign key to the row that moved and set `states`, the
    choices of its state field, for the labels shown in its history."""

    states: type[models.TextChoices] | None = None

    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}"

    def _label(self, state: str) -> str:
        if self.states is None or state not in self.states.values:
            return state
        return str(self.states(state).label)

    @property
    def from_label(self) -> str:
        return self._label(self.from_state)

    @property
    def to_label(self) -> str:
        return self._label(self.to_state)


def staff_actor(actor):
    """The user to log: a signed-in user, else nobody (a visitor, a task)."""
    return actor if getattr(actor, "is_authenticated", False) else None


class StateMachine:
    """The allowed moves of one model's state field, and the log they are written to."""

    def __init__(
        self,
        moves: Mapping[str, Iterable[str]],
        *,
        log: str,
        subject: str,
        field: str = "status",
        refused: type[ActionRefused] = ActionRefused,
        message: str | Promise = ILLEGAL_MOVE,
    ) -> None:
        self.moves: dict[str, frozenset[str]] = {
            str(state): frozenset(str(to) for to in targets) for state, targets in moves.items()
        }
        self.log_label = log
        self.subject = subject
        self.field = field
        self.refused = refused
        self.message = message

    @property
    def log(self) -> type[TransitionLog]:
        return apps.get_model(self.log_label)

    def allowed(self, state: str) -> frozenset[str]:
        """Where a row in `state` may go next (nowhere from a final state)."""
        return self.moves.get(str(state), frozenset())

    def can_move(self, obj: models.Model, to: str) -> bool:
        return str(to) in self.allowed(getattr(obj, self.field))

    def label(self, obj: models.Model, state: str) -> str:
        choices = dict(obj._meta.get_field(self.field).flatchoices)
        return str(choices.get(state, state))

    def check(self, obj: models.Model, to: str) -> None:
        """Raise `refused` when `obj` may not move to `to` now."""
        if not self.can_move(obj, to):
            current = getattr(obj, self.field)
            raise self.refused(
                str(self.message) % {"from": self.label(obj, current), "to": self.label(obj, to)}
            )

    def transition(
        self,
        obj: models.Model,
        to: str,
        *,
        actor,
        at: datetime.datetime | None = None,
        update_fields: Iterable[str] | None = None,
        **log_fields,
    ) -> TransitionLog:
        """Check the move, change the state, save `obj` and log the move.

        The row is saved whole (with the caller's other changes), or only the state
        and `update_fields` when given. Nothing is written when the move is refused."""
        self.check(obj, to)
        before = getattr(obj, self.field)
        setattr(obj, self.field, to)
        if update_fields is None:
            obj.save()
        else:
            obj.save(update_fields=[self.field, *update_fields])
        return self.record(obj, before, to, actor=actor, at=at, **log_fields)

    def record(
        self,
        obj: models.Model,
        from_state: str,
        to_state: str,
        *,
        actor,
        at: datetime.datetime | None = None,
        **log_fields,
    ) -> TransitionLog:
        """Write one log row without checking: the row's creation (from "") or a change
        that keeps the state (an appointment moved to another time)."""
        return self.log.objects.create(
            **{self.subject: obj},
            from_state=from_state,
            to_state=to_state,
            actor=staff_actor(actor),
            at=at or timezone.now(),
            **log_fields,
        )

    def created(self, obj: models.Model, *, actor, at=None, **log_fields) -> TransitionLog:
        """Log the first state of a row just created."""
        return self.record(obj, "", getattr(obj, self.field), actor=actor, at=at, **log_fields)

    def history(self, obj: models.Model) -> models.QuerySet:
        """The moves of `obj`, oldest first, with who made them."""
        return (
            self.log.objects.filter(**{self.subject: obj})
            .select_related("actor")
            .order_by("at", "pk")
        )
