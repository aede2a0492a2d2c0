"""Issue 5, in real Chromium with axe-core on every page: a donated laptop from the
donation form to its allocation, and its erasure certificate downloaded."""

import re

from comptoir.reuse.models import Allocation, Device, ErasureRecord
from comptoir.reuse.models import DeviceState as S
from tests.browser.helpers import DESKTOP, download_pdf_text, login, submit_and_check, visit
from tests.factories import PersonFactory

SSD_SERIAL = "S2R5NX0H424242"


def click(page, name: str) -> None:
    submit_and_check(page, page.get_by_role("button", name=name, exact=True))


def test_a_donated_laptop_from_donation_to_allocation(open_context, venue, mediator, tmp_path):
    person = PersonFactory(venue=venue, first_name="Josiane")
    _tablet, page, problems = open_context(DESKTOP)
    login(page, mediator)

    # 1. The donation, through the form: a company gives a laptop with one SSD.
    visit(page, f"/equipe/{venue.slug}/reemploi/")
    submit_and_check(page, page.get_by_role("link", name="Enregistrer un don"))
    page.get_by_label("Une entreprise").check()
    page.get_by_label("Nom de l’entreprise ou de l’association").fill("Menuiserie Lebrun")
    page.locator("#id_devices-0-category_id").select_option(label="Ordinateur portable")
    page.locator("#id_devices-0-brand").fill("Lenovo")
    page.locator("#id_devices-0-model").fill("ThinkPad T440")
    page.locator("#id_devices-0-memory_gb").fill("8")
    page.locator("#id_devices-0-drive_kind").select_option(label="SSD")
    page.locator("#id_devices-0-drive_serial").fill(SSD_SERIAL)
    click(page, "Enregistrer le don")
    device = Device.objects.get()
    assert page.get_by_role("link", name="Reçu du don (PDF)").is_visible()
    assert page.get_by_role(
        "link", name=f"Imprimer l’étiquette {device.asset_tag} (PDF)"
    ).is_visible()

    # 2. Triage, to erase, a verified erasure of the SSD, marked erased.
    submit_and_check(page, page.get_by_role("link", name=device.asset_tag, exact=True))
    click(page, "Marquer trié")
    click(page, "À effacer")
    submit_and_check(page, page.get_by_role("link", name="Enregistrer un effacement"))
    page.get_by_label(re.compile("Purge")).check()
    page.get_by_label("Outil utilisé").fill("nwipe 0.36")
    page.get_by_label("Réussie").check()
    click(page, "Enregistrer l’effacement")
    assert ErasureRecord.objects.get().operator == mediator
    click(page, "Marquer effacé")

    # 3. Reconditioned, ready, allocated to a person with a signed agreement.
    submit_and_check(page, page.get_by_role("link", name="Reconditionner"))
    page.get_by_label("Système installé").fill("Linux Mint 22")
    page.get_by_label("Tous les tests ont réussi").check()
    page.get_by_label("Accessoires fournis").fill("chargeur")
    click(page, "Marquer reconditionné")
    click(page, "Prêt à donner")
    submit_and_check(page, page.get_by_role("link", name="Attribuer"))
    page.get_by_role("searchbox").fill("Josiane")
    click(page, "Chercher")
    submit_and_check(page, page.get_by_role("link", name=re.compile("Choisir Josiane")))
    page.get_by_label("Motif d’éligibilité").fill("Minima sociaux")
    page.get_by_label("La convention de don est signée").check()
    click(page, "Attribuer")
    device.refresh_from_db()
    assert device.state == S.ALLOCATED
    assert Allocation.objects.get().person == person
    assert page.get_by_text("Josiane").first.is_visible()

    # 4. The erasure certificate, downloaded: a PDF that lists the SSD.
    text = download_pdf_text(
        page, page.get_by_role("link", name="Certificat d’effacement (PDF)"), tmp_path
    )
    assert SSD_SERIAL in text

    # 5. The lists: the allocated laptop in the device list, the (empty) parts stock.
    visit(page, f"/equipe/{venue.slug}/reemploi/appareils/?state=allocated")
    assert page.get_by_role("link", name=device.asset_tag, exact=True).is_visible()
    visit(page, f"/equipe/{venue.slug}/reemploi/pieces/")
    assert page.get_by_text("Aucune pièce en stock.").is_visible()
    assert not problems.take()
