"""Record changes in the audit trail.

Callers take a `snapshot()` before and after a change and pass both to
`record_change()`; the entry keeps, for each changed field, the old and new
values. Fields listed as private (contact details) are recorded as changed
without their values, so the trail never becomes a second copy of them.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models

from comptoir.audit.models import AuditAction, AuditEntry

REDACTED = "•••"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(
    before: dict[str, Any], after: dict[str, Any], private: Iterable[str] = ()
) -> dict[str, list[Any]]:
    private = set(private)
    changes: dict[str, list[Any]] = {}
    for name in after:
        old, new = before.get(name), after[name]
        if old != new:
            changes[name] = [REDACTED, REDACTED] if name in private else [old, new]
    return changes


def record_change(
    *,
    actor,
    venue,
    instance: models.Model,
    action: AuditAction,
    changes: dict[str, list[Any]] | None = None,
) -> AuditEntry | None:
    if action == AuditAction.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        venue=venue,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=instance.pk,
        # Never a person's name: the trail must not outlive an erasure.
        object_repr=f"{instance._meta.verbose_name} #{instance.pk}"[:200],
        changes=changes or {},
    )
