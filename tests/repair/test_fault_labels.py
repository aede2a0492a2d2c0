"""French labels of the ORDS fault types: shown in French, stored and exported in English."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from comptoir.repair import actions, ords
from comptoir.repair.forms import IntakeForm
from comptoir.repair.models import RepairItem
from comptoir.repair.outcome import record_outcome
from comptoir.repair.reference import (
    FAULT_LISTS,
    fault_labels_fr,
    fault_type_choices,
    fault_type_label,
    fault_types_for,
)
from tests.repair.helpers import make_event

SAME_IN_FRENCH = {"Bluetooth", "Scanner", "Toner"}


def _one_category_per_list() -> dict[str, int]:
    return {name: cid for cid, name in FAULT_LISTS.items()}


def test_every_fault_type_of_every_list_has_a_french_label():
    labels = fault_labels_fr()
    for name, category in _one_category_per_list().items():
        titles = fault_types_for(category)
        assert titles
        assert {(name, t) for t in titles} == {key for key in labels if key[0] == name}
        shown = [labels[name, t] for t in titles]
        assert all(label.strip() for label in shown)
        untranslated = {t for t in titles if labels[name, t] == t}
        assert untranslated <= SAME_IN_FRENCH
        assert len(set(shown)) == len(shown), f"two fault types of {name} look the same"


def test_the_label_is_french_in_french_and_the_title_in_english():
    with translation.override("fr"):
        assert fault_type_label(16, "Operating system") == "Système d’exploitation"
        assert fault_type_label(25, "Paper feed") == "Alimentation du papier"
        assert fault_type_label(19, "Screen") == "Écran"
        assert fault_type_label(4, "Power/battery") == "Batterie / alimentation"
        # A title outside the category's list (category changed since), or unknown.
        assert fault_type_label(14, "Paper feed") == "Alimentation du papier"
        assert fault_type_label(16, "Not a fault type") == "Not a fault type"
        assert fault_type_label(16, "") == ""
    with translation.override("en"):
        assert fault_type_label(16, "Operating system") == "Operating system"
        assert fault_type_label(25, "Paper feed") == "Paper feed"


def test_choices_keep_the_english_value_and_put_the_catch_alls_last():
    with translation.override("fr"):
        choices = fault_type_choices(25)
    assert {value for value, _label in choices} == set(fault_types_for(25))
    assert ("Paper feed", "Alimentation du papier") in choices
    assert [value for value, _label in choices][-2:] == ["Other", "Unknown"]
    labels = [label for _value, label in choices[:-2]]
    # Sorted as read, accents aside: "Écran…" among the E, before "Fonction…".
    assert labels[:2] == ["Alimentation du papier", "Alimentation électrique, câbles"]
    assert labels.index("Dégât interne (engrenages, mécanisme)") < labels.index("Écran de contrôle")
    assert labels.index("Écran de contrôle") < labels.index("Fonction bloquée par le fabricant")


def test_the_intake_form_offers_french_labels_for_english_values():
    with translation.override("fr"):
        rendered = str(IntakeForm()["fault_type"])
    assert '<option value="Operating system">Système d’exploitation</option>' in html.unescape(
        rendered
    )
    assert '<optgroup label="Imprimantes, scanners">' in rendered
    assert ">Operating system<" not in rendered


@pytest.mark.django_db
def test_the_intake_page_stores_the_english_title_and_the_queue_shows_french(
    mediator_client, mediator, venue
):
    event = make_event(venue, mediator)
    url = reverse("repair:intake", args=[venue.slug, event.pk])
    page = html.unescape(mediator_client.get(url).content.decode())
    assert '<option value="Paper feed">Alimentation du papier</option>' in page
    response = mediator_client.post(
        url, {"category": "25", "problem": "Le papier ne rentre pas", "fault_type": "Paper feed"}
    )
    assert response.status_code == 302
    item = RepairItem.objects.get()
    assert item.fault_type == "Paper feed"
    queue = html.unescape(
        mediator_client.get(reverse("repair:event", args=[venue.slug, event.pk])).content.decode()
    )
    assert "· Alimentation du papier" in queue and "Paper feed" not in queue
    item = actions.start_repair(actor=mediator, item=item)
    outcome = html.unescape(
        mediator_client.get(reverse("repair:outcome", args=[venue.slug, item.pk])).content.decode()
    )
    assert "Type de panne : Alimentation du papier" in outcome


@pytest.mark.django_db
def test_the_english_interface_shows_the_english_title(mediator_client, mediator, venue):
    event = make_event(venue, mediator)
    item = actions.intake_item(
        actor=mediator, event=event, category_id=16, problem="Lent", fault_type="Operating system"
    )
    mediator_client.cookies["comptoir_language"] = "en"
    intake = html.unescape(
        mediator_client.get(reverse("repair:intake", args=[venue.slug, event.pk])).content.decode()
    )
    assert '<option value="Operating system">Operating system</option>' in intake
    assert "Système d’exploitation" not in intake
    queue = html.unescape(
        mediator_client.get(reverse("repair:event", args=[venue.slug, event.pk])).content.decode()
    )
    assert "· Operating system" in queue and "Système d’exploitation" not in queue
    actions.start_repair(actor=mediator, item=item)
    outcome = html.unescape(
        mediator_client.get(reverse("repair:outcome", args=[venue.slug, item.pk])).content.decode()
    )
    assert "Operating system" in outcome and "Système d’exploitation" not in outcome


@pytest.mark.django_db
def test_the_ords_export_stays_in_english(coordinator_client, mediator, venue):
    event = make_event(venue, mediator)
    item = actions.intake_item(
        actor=mediator, event=event, category_id=25, problem="Bourrage", fault_type="Paper feed"
    )
    record_outcome(
        actor=mediator, item=actions.start_repair(actor=mediator, item=item), repair_status="fixed"
    )
    with translation.override("fr"):
        row = ords.export_row(RepairItem.objects.get())
        response = coordinator_client.get(reverse("repair:export_ords", args=[venue.slug]))
    assert row["product_category"] == "Printer/scanner" and row["repair_status"] == "Fixed"
    content = b"".join(response.streaming_content).decode()
    assert "Alimentation du papier" not in content
    assert RepairItem.objects.get().fault_type == "Paper feed"
