"""Staff pages of a repair event's items: intake, taking in charge, the outcome,
left without being seen, back in the queue."""

import pytest
from django.urls import reverse

from comptoir.journal.models import Activity
from comptoir.repair import actions
from comptoir.repair.models import ItemStatus, RepairItem
from comptoir.reuse import parts
from comptoir.reuse.models import PartCondition, PartStatus
from tests.factories import PersonFactory
from tests.repair.helpers import make_event, peer_repairer

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(venue, mediator):
    return make_event(venue, mediator)


def intake_url(venue, event):
    return reverse("repair:intake", args=[venue.slug, event.pk])


def test_an_anonymous_laptop_is_put_in_the_queue(mediator_client, venue, event):
    response = mediator_client.post(
        intake_url(venue, event),
        {
            "category": "16",
            "brand": "Lenovo",
            "model": "ThinkPad T430",
            "age_years": "8,5",
            "problem": "Il ne s’allume plus",
            "fault_type": "Power/battery",
        },
    )
    assert response.status_code == 302
    item = RepairItem.objects.get()
    assert (item.category_id, item.brand, str(item.age_years)) == (16, "Lenovo", "8.5")
    assert item.person is None and item.owner_name == "Anonyme"
    assert item.status == ItemStatus.WAITING


def test_the_full_list_is_used_when_other_is_chosen(mediator_client, venue, event):
    mediator_client.post(
        intake_url(venue, event),
        {"category": "other", "other_category": "14", "problem": "Fuit", "first_name": "Léa"},
    )
    item = RepairItem.objects.get()
    assert (item.category_id, item.first_name) == (14, "Léa")


def test_a_known_person_is_found_and_chosen(mediator_client, venue, event):
    odette = PersonFactory(venue=venue, first_name="Odette")
    page = mediator_client.get(intake_url(venue, event), {"q": "Odette"}).content.decode()
    assert f"?person={odette.pk}" in page
    mediator_client.post(
        intake_url(venue, event), {"category": "19", "problem": "Écran", "person": odette.pk}
    )
    assert RepairItem.objects.get().person == odette


def test_an_unknown_category_is_refused_with_what_was_typed(mediator_client, venue, event):
    response = mediator_client.post(
        intake_url(venue, event), {"category": "99", "problem": "Ne marche pas", "brand": "Acme"}
    )
    page = response.content.decode()
    assert "Catégorie inconnue" in page
    assert 'value="Acme"' in page
    assert not RepairItem.objects.exists()


def test_a_fault_type_of_another_category_is_refused(mediator_client, venue, event):
    response = mediator_client.post(
        intake_url(venue, event),
        {"category": "14", "problem": "Fuit", "fault_type": "Power/battery"},
    )
    assert "ne correspond pas à la catégorie" in response.content.decode()
    assert not RepairItem.objects.exists()


def item_of(event, mediator, category_id=16):
    return actions.intake_item(actor=mediator, event=event, category_id=category_id, problem="Lent")


def test_taking_an_item_in_charge_with_a_peer_repairer(mediator_client, venue, mediator):
    karim = peer_repairer(venue)
    event = make_event(venue, mediator, peer_repairers=[karim])
    item = item_of(event, mediator)
    page = mediator_client.get(reverse("repair:event", args=[venue.slug, event.pk])).content
    assert f'value="person:{karim.pk}"' in page.decode()
    response = mediator_client.post(
        reverse("repair:start", args=[venue.slug, item.pk]), {"repairer": f"person:{karim.pk}"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.repairer_person) == (ItemStatus.IN_REPAIR, karim)


def test_taking_in_charge_with_htmx_swaps_the_queue(mediator_client, mediator, venue, event):
    item = item_of(event, mediator)
    response = mediator_client.post(
        reverse("repair:start", args=[venue.slug, item.pk]), {}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 302  # htmx follows it and selects #queue
    item.refresh_from_db()
    assert item.repairer_user == mediator
    page = mediator_client.get(reverse("repair:event", args=[venue.slug, event.pk])).content
    assert f'id="item-action-{item.pk}"' in page.decode()


def test_a_person_without_repair_skill_cannot_take_an_item(mediator_client, mediator, venue, event):
    someone = PersonFactory(venue=venue, first_name="Léon")
    item = item_of(event, mediator)
    response = mediator_client.post(
        reverse("repair:start", args=[venue.slug, item.pk]),
        {"repairer": f"person:{someone.pk}"},
        follow=True,
    )
    assert "Léon n’a pas de compétence de réparation reconnue" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.WAITING


def test_left_without_being_seen_and_back_in_the_queue(mediator_client, mediator, venue, event):
    gone, back = item_of(event, mediator), item_of(event, mediator)
    mediator_client.post(reverse("repair:mark_left", args=[venue.slug, gone.pk]))
    actions.start_repair(actor=mediator, item=back)
    mediator_client.post(reverse("repair:put_back", args=[venue.slug, back.pk]))
    gone.refresh_from_db()
    back.refresh_from_db()
    assert gone.status == ItemStatus.LEFT
    assert back.status == ItemStatus.WAITING and back.repairer_user is None
    assert not Activity.objects.exists()


def stock_part(venue, mediator, kind="Chargeur 65 W"):
    device = parts.receive_left_for_parts(actor=mediator, venue=venue, category_id=16)
    return parts.add_part(
        actor=mediator,
        venue=venue,
        kind=kind,
        condition=PartCondition.TESTED,
        source_device=device,
    )


def test_recording_fixed_with_a_part_from_the_stock(mediator_client, mediator, venue, event):
    charger, battery = stock_part(venue, mediator), stock_part(venue, mediator, "Batterie")
    item = actions.start_repair(actor=mediator, item=item_of(event, mediator))
    url = reverse("repair:outcome", args=[venue.slug, item.pk])
    page = mediator_client.get(url, {"q": "chargeur"}).content.decode()
    assert "Chargeur 65 W" in page and "Batterie" not in page
    response = mediator_client.post(
        url, {"repair_status": "fixed", "parts": [charger.pk], "advice": "Nettoyer la grille"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    charger.refresh_from_db()
    battery.refresh_from_db()
    assert item.repair_status == "fixed" and item.advice == "Nettoyer la grille"
    assert (charger.status, charger.used_for) == (PartStatus.USED, item.source_ref)
    assert battery.status == PartStatus.IN_STOCK
    assert Activity.objects.filter(source_ref=item.source_ref).count() == 1


def test_an_outcome_error_is_shown_with_what_was_typed(mediator_client, mediator, venue, event):
    item = actions.start_repair(actor=mediator, item=item_of(event, mediator))
    response = mediator_client.post(
        reverse("repair:outcome", args=[venue.slug, item.pk]),
        {"repair_status": "end_of_life", "advice": "Trop ancien"},
    )
    page = response.content.decode()
    assert "indiquez ce qui a empêché la réparation" in page
    assert "Trop ancien" in page
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REPAIR and not Activity.objects.exists()


def test_the_outcome_of_a_waiting_item_sends_back_to_the_queue(
    mediator_client, mediator, venue, event
):
    item = item_of(event, mediator)
    response = mediator_client.get(reverse("repair:outcome", args=[venue.slug, item.pk]))
    assert response["Location"] == reverse("repair:event", args=[venue.slug, event.pk])


def test_an_item_of_another_venue_is_a_404(mediator_client, other_venue):
    foreign = item_of(make_event(other_venue), None)
    for name in ("outcome", "start", "mark_left"):
        url = reverse(f"repair:{name}", args=["cafe-du-port", foreign.pk])
        response = mediator_client.post(url) if name != "outcome" else mediator_client.get(url)
        assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ItemStatus.WAITING
