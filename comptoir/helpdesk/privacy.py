"""What the café numérique keeps about a person (see comptoir/people/privacy.py).

An erasure keeps the help requests (the day's figures) and clears the first
name typed at the counter or the kiosk.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from comptoir.helpdesk.models import HelpRequest
from comptoir.helpdesk.service import HelpdeskCapability
from comptoir.people.privacy import Section, record, register

FIELDS = (
    "arrived_at",
    "first_name",
    "topic",
    "device",
    "source",
    "status",
    "started_at",
    "ended_at",
    "outcome",
    "referral_structure",
)


def export(person) -> list[dict]:
    requests = HelpRequest.objects.filter(person=person).order_by("arrived_at", "pk")
    return [record(request, FIELDS) for request in requests]


def erase(person_ids: list[int], *, actor, now) -> None:
    HelpRequest.objects.filter(person_id__in=person_ids).exclude(first_name="").update(
        first_name=""
    )


def recent_contact(cutoff) -> list[Exists]:
    return [Exists(HelpRequest.objects.filter(person=OuterRef("pk"), arrived_at__gte=cutoff))]


register(
    Section(
        key="helpdesk",
        label=_("Passages au café numérique"),
        export=export,
        capability=HelpdeskCapability.RUN_COUNTER,
        erase=erase,
        recent_contact=recent_contact,
        order=40,
    )
)
