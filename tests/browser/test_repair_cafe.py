"""Issue 5, in real Chromium on a tablet with axe-core on every page: a volunteer
receives a laptop at the door, takes it in charge, and records it fixed with a
charger from the parts stock; the journal has the accompaniment and the impact
box shows the CO2e avoided."""

import re

import pytest

from comptoir.journal.models import Activity
from comptoir.repair import impact
from comptoir.repair.models import RepairItem
from comptoir.reuse import parts
from comptoir.reuse.models import PartCondition, PartStatus
from comptoir.venues.roles import Role
from tests.browser.helpers import check_page, login, submit_and_check, visit
from tests.factories import MembershipFactory, UserFactory
from tests.repair.helpers import make_event

TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def volunteer(venue):
    user = UserFactory(username="benevole-repair", first_name="Samir", last_name="B.")
    MembershipFactory(user=user, venue=venue, role=Role.VOLUNTEER)
    return user


@pytest.fixture
def charger(venue, mediator):
    device = parts.receive_left_for_parts(actor=mediator, venue=venue, category_id=16)
    return parts.add_part(
        actor=mediator,
        venue=venue,
        kind="Chargeur 65 W",
        compatible_models="ThinkPad",
        condition=PartCondition.TESTED,
        source_device=device,
    )


def test_a_laptop_from_intake_to_outcome_on_a_tablet(
    open_context, venue, mediator, volunteer, charger
):
    make_event(venue, mediator)
    _context, page, _problems = open_context(TABLET)
    login(page, volunteer)
    visit(page, f"/equipe/{venue.slug}/repair-cafe/")
    submit_and_check(page, page.get_by_role("link", name=re.compile("Repair café du samedi")))

    # Intake at the door.
    submit_and_check(page, page.get_by_role("link", name="Accueillir un objet"))
    page.get_by_label("Ordinateur portable", exact=True).check()
    page.get_by_label("Marque").fill("Lenovo")
    page.get_by_label("Le problème, avec les mots de la personne").fill("Il ne charge plus")
    page.get_by_label("Prénom de la personne (facultatif)").fill("Josiane")
    submit_and_check(page, page.get_by_role("button", name="Mettre dans la file d’attente"))
    item = RepairItem.objects.get()
    assert page.get_by_role("heading", name="En attente (1)").is_visible()

    # Taken in charge (htmx swaps the queue, the focus stays on the row's button).
    page.get_by_role("button", name=re.compile("Prendre en charge")).click()
    outcome_link = page.get_by_role("link", name=re.compile("Noter le résultat"))
    outcome_link.wait_for()
    assert page.evaluate("document.activeElement.id") == f"item-action-{item.pk}"
    check_page(page)

    # The outcome: fixed, with the charger from the stock.
    submit_and_check(page, outcome_link)
    page.get_by_label("Réparé", exact=True).check()
    page.get_by_label(re.compile("Chargeur 65 W")).check()
    page.get_by_label("Conseils donnés").fill("Ne pas laisser la batterie à 100 %")
    submit_and_check(page, page.get_by_role("button", name="Enregistrer le résultat"))

    item.refresh_from_db()
    charger.refresh_from_db()
    assert item.repair_status == "fixed" and item.repairer_user == volunteer
    assert (charger.status, charger.used_for) == (PartStatus.USED, item.source_ref)
    assert Activity.objects.filter(source_ref=item.source_ref, venue=venue).count() == 1
    co2e = f"{impact.co2e_avoided_kg(16):.1f}".replace(".", ",")
    box = page.locator(".impact-box")
    assert box.get_by_text(f"{co2e} kg CO2e").is_visible()
    assert box.get_by_role("link", name=re.compile("restarters.net")).is_visible()
