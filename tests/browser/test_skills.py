"""A mediator on a phone reads the Pix framework and recognises a person's skill
from the person's page; a date in the future is refused with a clear message.

Every page reached is checked by axe-core (see helpers.visit / submit_and_check).
"""

import datetime

import pytest
from django.utils import timezone

from comptoir.skills.models import RecognisedSkill, SkillKind, person_has_skill
from tests.browser.helpers import MOBILE, login, submit_and_check, visit
from tests.factories import PersonFactory
from tests.skills.helpers import load_pix_framework

pytestmark = pytest.mark.parametrize("viewport", [MOBILE], ids=["375px"])


def test_the_framework_page_shows_the_five_areas(page, venue, mediator, viewport):
    load_pix_framework()
    login(page, mediator)
    visit(page, f"/equipe/{venue.slug}/competences/")
    assert page.get_by_role("heading", level=1).inner_text() == "Compétences numériques (Pix)"
    assert page.get_by_role("heading", level=2).count() == 5
    assert page.get_by_text("S’insérer dans le monde numérique").is_visible()


def test_recognise_a_skill_from_the_person_page(page, venue, mediator, viewport):
    load_pix_framework()
    person = PersonFactory(venue=venue, first_name="Josiane")
    login(page, mediator)
    visit(page, f"/equipe/{venue.slug}/personnes/{person.pk}/")
    assert page.get_by_text("Aucune compétence reconnue pour l’instant.").is_visible()
    submit_and_check(page, page.get_by_role("link", name="Reconnaître une compétence"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Reconnaître une compétence de Josiane"
    )

    page.get_by_label("La compétence, en quelques mots").fill(
        "Peut animer un atelier smartphone débutant"
    )
    kind = page.get_by_role("group", name="Ce que cette compétence permet")
    kind.get_by_text("Animer un atelier entre pairs", exact=True).click()
    page.get_by_label("Ce qui a été constaté").fill("A co-animé l’atelier smartphone de mars.")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Constatée le").fill(tomorrow.isoformat())
    page.get_by_role("group", name="Compétences Pix concernées").get_by_text(
        "2.1 Interagir"
    ).click()

    # A date in the future: refused, explained, nothing written, input kept.
    submit_and_check(page, page.get_by_role("button", name="Reconnaître la compétence"))
    summary = page.get_by_role("alert")
    assert "La date ne peut pas être dans le futur" in summary.inner_text()
    assert not RecognisedSkill.objects.exists()
    assert page.get_by_label("La compétence, en quelques mots").input_value() == (
        "Peut animer un atelier smartphone débutant"
    )

    page.get_by_label("Constatée le").fill(timezone.localdate().isoformat())
    submit_and_check(page, page.get_by_role("button", name="Reconnaître la compétence"))
    assert (
        page.get_by_role("status")
        .get_by_text("La compétence de Josiane est reconnue.")
        .is_visible()
    )
    panel = page.get_by_role("region", name="Compétences reconnues")
    assert panel.get_by_text("Peut animer un atelier smartphone débutant", exact=True).is_visible()
    assert panel.get_by_text("2.1 Interagir").is_visible()
    assert person_has_skill(person, SkillKind.PEER_ANIMATION)

    # Withdrawn: it no longer allows animating a peer session.
    submit_and_check(page, panel.get_by_role("button", name="Retirer"))
    assert page.get_by_role("status").get_by_text("est retirée").is_visible()
    assert page.get_by_text("Aucune compétence reconnue pour l’instant.").is_visible()
    assert not person_has_skill(person, SkillKind.PEER_ANIMATION)
