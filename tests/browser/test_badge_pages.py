"""Every Open Badges page (issue 4), on a phone (375 px) and a desktop (1280 px),
as the role that uses it: the staff's badges, issuer, awards and revocations;
the public issuer, badge, verification and a person's own badges.

`visit()` and `submit_and_check()` check each page: status, skeleton, axe-core
with no violation, no console error and no CSP violation.
"""

import json
from dataclasses import dataclass

import pytest

from comptoir.people.models import Person
from comptoir.skills import issuing, links
from comptoir.skills.models import Achievement, Credential
from comptoir.venues.models import Venue
from tests.browser.helpers import VIEWPORTS, login, submit_and_check, visit
from tests.browser.test_pages_accessibility import visit_each
from tests.skills.badge_world import make_achievement, make_person

pytestmark = pytest.mark.parametrize("viewport", VIEWPORTS)


@dataclass
class World:
    """A venue's badges: one held by Josiane, one revoked, and a person with none yet."""

    venue: Venue
    users: dict
    achievement: Achievement
    josiane: Person
    marcel: Person
    valid: Credential
    revoked: Credential

    @property
    def staff(self) -> str:
        return f"/equipe/{self.venue.slug}/badges"


@pytest.fixture
def world(venue, coordinator, mediator) -> World:
    achievement = make_achievement(venue, codes=("3.1", "2.1"))
    make_achievement(venue, name="Envoyer un e-mail avec une pièce jointe", colour="#2e7d32")
    josiane = make_person(venue, "Josiane", commune="Villeurbanne")
    karim = make_person(venue, "Karim")
    valid = issuing.award_credential(
        actor=mediator,
        achievement=achievement,
        person=josiane,
        evidence_note="Atelier smartphone du 3 mars",
    )
    revoked = issuing.award_credential(actor=mediator, achievement=achievement, person=karim)
    issuing.revoke_credential(actor=coordinator, credential=revoked, reason="Délivré par erreur")
    return World(
        venue=venue,
        users={"coordinator": coordinator, "mediator": mediator},
        achievement=achievement,
        josiane=josiane,
        marcel=make_person(venue, "Marcel"),
        valid=valid,
        revoked=revoked,
    )


def _error_summary(page) -> str:
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    return summary.inner_text()


# --- Staff pages ----------------------------------------------------------------------------------


def test_coordinator_pages(page, subtests, world, viewport):
    login(page, world.users["coordinator"])
    staff, achievement = world.staff, world.achievement
    visit_each(
        page,
        subtests,
        {
            "badge list": f"{staff}/",
            "badge create": f"{staff}/nouveau/",
            "badge edit": f"{staff}/{achievement.pk}/modifier/",
            "issuer profile": f"{staff}/emetteur/",
            "credentials": f"{staff}/delivres/",
            "credentials, with the revoked": f"{staff}/delivres/?revoked=on",
            "credential, revoked": f"{staff}/delivres/{world.revoked.pk}/",
            "credential, with the revoke form": f"{staff}/delivres/{world.valid.pk}/",
        },
    )
    assert page.get_by_role("button", name="Révoquer le badge").is_visible()


def test_badge_form_redisplayed_with_errors(page, world, viewport):
    login(page, world.users["coordinator"])
    visit(page, f"{world.staff}/nouveau/")
    submit_and_check(page, page.get_by_role("button", name="Créer le badge"))
    assert "Donnez un nom au badge." in _error_summary(page)
    assert Achievement.objects.filter(venue=world.venue).count() == 2

    visit(page, f"{world.staff}/{world.achievement.pk}/modifier/")
    page.get_by_label("Nom", exact=False).first.fill("")
    submit_and_check(page, page.get_by_role("button", name="Enregistrer le badge"))
    assert "Donnez un nom au badge." in _error_summary(page)
    world.achievement.refresh_from_db()
    assert world.achievement.name == "Premiers pas sur smartphone"


def test_award_then_revoke(page, world, viewport):
    login(page, world.users["mediator"])
    award_url = f"{world.staff}/{world.achievement.pk}/delivrer/"
    visit(page, award_url)
    submit_and_check(page, page.get_by_role("button", name="Délivrer le badge"))
    assert "Choisissez la personne" in _error_summary(page)

    page.get_by_label("Chercher la personne (prénom ou téléphone)").fill("Mar")
    submit_and_check(page, page.get_by_role("button", name="Chercher"))
    page.get_by_role("group", name="Choisissez la personne").get_by_text("Marcel").click()
    page.get_by_label("Ce qui le montre").fill("A pris et envoyé une photo pendant l’atelier.")
    submit_and_check(page, page.get_by_role("button", name="Délivrer le badge"))
    credential = Credential.objects.get(person=world.marcel)
    assert page.url.endswith(f"/badges/delivres/{credential.pk}/")
    assert page.get_by_role("status").get_by_text("est délivré à Marcel").is_visible()

    # Revoked without a reason: refused on the revoke page, which passes axe too.
    submit_and_check(page, page.get_by_role("button", name="Révoquer le badge"))
    assert "Indiquez pourquoi le badge est révoqué." in _error_summary(page)
    credential.refresh_from_db()
    assert not credential.is_revoked

    page.get_by_label("Motif de la révocation", exact=False).fill("Badge délivré en double")
    submit_and_check(page, page.get_by_role("button", name="Révoquer le badge"))
    assert page.get_by_role("status").get_by_text("est révoqué").is_visible()
    credential.refresh_from_db()
    assert credential.is_revoked


# --- Public pages ---------------------------------------------------------------------------------


def test_public_pages(page, subtests, world, viewport):
    slug, achievement = world.venue.slug, world.achievement
    visit_each(
        page,
        subtests,
        {
            "issuer": f"/badges/{slug}/",
            "achievement": f"/badges/{slug}/badge/{achievement.public_id}/",
            "verification, revoked": f"/badges/verifier/{world.revoked.public_id}/",
            "person's badges": links.person_badges_url(world.josiane),
            "person's badges, none yet": links.person_badges_url(world.marcel),
            "invalid link": ("/badges/mes-badges/pas-un-lien/", 404),
            "verification, valid": f"/badges/verifier/{world.valid.public_id}/",
        },
    )
    verdict = page.get_by_role("status")
    assert "Badge valide" in verdict.inner_text()
    assert page.get_by_text("Josiane", exact=True).is_visible()


def test_paste_to_verify(page, world, viewport):
    visit(page, "/badges/verifier/")
    submit_and_check(page, page.get_by_role("button", name="Vérifier"))
    assert "Collez le contenu du badge" in _error_summary(page)

    page.get_by_label("Coller le badge (JSON ou JWT)").fill(json.dumps(world.valid.signed_json))
    submit_and_check(page, page.get_by_role("button", name="Vérifier"))
    assert "Badge valide" in page.get_by_role("status").inner_text()

    tampered = json.loads(json.dumps(world.valid.signed_json))
    tampered["credentialSubject"]["achievement"]["name"] = "Expert en cybersécurité"
    page.get_by_label("Coller le badge (JSON ou JWT)").fill(json.dumps(tampered))
    submit_and_check(page, page.get_by_role("button", name="Vérifier"))
    verdict = page.get_by_role("status")
    assert "Badge non valide" in verdict.inner_text()
    assert page.get_by_text("Expert en cybersécurité").count() == 0, "nothing unproven is shown"
