"""The history page renders every kind of entry the services write: a change named after
a reverse relation (a donation's `devices`), a relation without a French name of its
own, a name that is no field at all — for every model, and every page of the demo."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from comptoir.audit.models import AuditAction, AuditEntry
from comptoir.reuse import actions as reuse_actions
from comptoir.reuse.models import DriveKind
from comptoir.venues.history import PAGE_SIZE
from comptoir.venues.models import Membership
from comptoir.venues.roles import Role

pytestmark = pytest.mark.django_db


def _walk(client: Client, venue) -> list[str]:
    """Every page of the venue's history; each must answer 200."""
    url = reverse("audit:list", args=[venue.slug])
    pages = []
    count = AuditEntry.objects.filter(venue=venue).count()
    for number in range(1, max(1, -(-count // PAGE_SIZE)) + 1):
        response = client.get(url, {"page": number})
        assert response.status_code == 200, (venue.slug, number)
        pages.append(response.content.decode())
    return pages


def _labels(page: str) -> list[str]:
    return [
        re.sub(r"\s*:.*", "", tag) for tag in re.findall(r'<span class="tag">(.*?)</span>', page)
    ]


def test_a_donation_shows_on_the_history_page_with_its_devices(
    coordinator_client, venue, coordinator
):
    reuse_actions.receive_donation(
        actor=coordinator,
        venue=venue,
        donor_kind="company",
        donor_name="Menuiserie Lebrun",
        devices=[
            {
                "category_id": 16,
                "brand": "Lenovo",
                "drives": [{"kind": DriveKind.SSD, "serial": "S2R5NX0H123456"}],
            }
        ],
    )
    (page,) = _walk(coordinator_client, venue)
    labels = _labels(page)
    assert "appareils" in labels  # the reverse relation, by its related model's name
    assert "donateur" in labels
    assert "appareil" in labels  # a device's drive, named after its device


def _every_field_name(model) -> set[str]:
    names = {"not_a_field", "themes"}
    for field in model._meta.get_fields(include_hidden=True):
        names.add(field.name)
        if getattr(field, "attname", None):
            names.add(field.attname)
    return names


def test_an_entry_about_any_field_of_any_model_renders(coordinator_client, venue):
    models = [m for m in apps.get_models() if m.__module__.startswith("comptoir.")]
    entries = [
        AuditEntry(
            venue=venue,
            action=action,
            object_type=model._meta.label_lower,
            object_id=1,
            object_repr=f"{model._meta.verbose_name} #1",
            changes={name: ["avant", "après"]},
        )
        for model in models
        for name in sorted(_every_field_name(model))
        for action in (AuditAction.CREATE, AuditAction.UPDATE)
    ]
    AuditEntry.objects.bulk_create(entries)
    pages = _walk(coordinator_client, venue)
    assert sum(len(_labels(page)) for page in pages) == len(entries)


def test_every_page_of_the_demo_history_renders():
    call_command("load_demo", "--force", stdout=StringIO())
    kinds = set(AuditEntry.objects.values_list("object_type", flat=True))
    assert {"reuse.donation", "repair.repairitem", "journal.activity"} <= kinds
    for membership in Membership.objects.filter(role=Role.COORDINATOR).select_related("venue"):
        client = Client()
        client.force_login(membership.user)
        for page in _walk(client, membership.venue):
            # No change shown under a raw identifier (an English field name).
            assert not [label for label in _labels(page) if "_" in label], membership.venue
