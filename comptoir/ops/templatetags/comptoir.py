"""Small template filters shared by every app."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def staff_name(user) -> str:
    """A staff member's full name, else their login; '—' for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter
def system_or_staff_name(user) -> str:
    """As staff_name, but an empty actor is the system itself (scheduled tasks)."""
    if user is None:
        return _("système")
    return staff_name(user)


@register.filter
def masked_contact(value: str) -> str:
    """'+33612345678' -> '•• •• •• 78'; 'lucette@example.org' -> 'l•••@example.org'.

    Enough for staff to recognise a message, without spreading contact details.
    """
    if not value:
        return "—"
    if "@" in value:
        local, _at, domain = value.partition("@")
        return f"{local[:1]}•••@{domain}"
    return f"•• •• •• {value[-2:]}"
