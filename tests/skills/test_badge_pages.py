"""Staff badge pages: the list of badges, the badge form (with its picture), the issuer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comptoir.audit.models import AuditEntry
from comptoir.skills.forms_badges import MAX_IMAGE_BYTES
from comptoir.skills.models import Achievement, IssuerProfile, PixCompetence
from tests.conftest import client_for
from tests.queries import query_budget
from tests.skills.badge_world import award, make_achievement, make_person, png_bytes
from tests.skills.helpers import load_pix_framework

pytestmark = pytest.mark.django_db


def _form_data(**overrides) -> dict:
    data = {
        "name": "Envoyer un e-mail avec une pièce jointe",
        "description": "Sait écrire un e-mail et y joindre une photo ou un document.",
        "criteria": "A envoyé un e-mail avec une pièce jointe pendant l’atelier.",
        "competences": [
            str(pk)
            for pk in PixCompetence.objects.filter(code__in=["2.1", "3.1"]).values_list(
                "pk", flat=True
            )
        ],
        "colour": "#2E7D32",
        "validity_days": "",
        "active": "on",
    }
    return data | overrides


# --- The list -------------------------------------------------------------------------------------


def test_the_list_shows_each_badge_with_its_count_and_pix_competences(
    coordinator_client, coordinator, venue
):
    achievement = make_achievement(venue, codes=("3.1", "1.1"))
    award(coordinator, achievement, make_person(venue, "Josiane"))
    award(coordinator, achievement, make_person(venue, "Marcel"))
    page = coordinator_client.get(reverse("skills:achievement_list", args=[venue.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Premiers pas sur smartphone" in html
    assert "2 personnes" in html
    assert "3.1 Développer des documents textuels" in html
    assert "1.1 " in html
    assert reverse("skills:achievement_image", args=[venue.slug, achievement.public_id]) in html
    assert reverse("skills:achievement_create", args=[venue.slug]) in html
    assert reverse("skills:award", args=[venue.slug, achievement.pk]) in html


def test_a_mediator_can_award_but_not_create_or_edit(mediator_client, venue):
    achievement = make_achievement(venue)
    html = mediator_client.get(
        reverse("skills:achievement_list", args=[venue.slug])
    ).content.decode()
    assert reverse("skills:award", args=[venue.slug, achievement.pk]) in html
    assert reverse("skills:achievement_create", args=[venue.slug]) not in html
    assert reverse("skills:achievement_edit", args=[venue.slug, achievement.pk]) not in html


def test_the_list_never_shows_another_venues_badges(coordinator_client, venue, other_venue):
    make_achievement(other_venue, name="Badge d’ailleurs")
    html = coordinator_client.get(reverse("skills:achievement_list", args=[venue.slug]))
    assert "Badge d’ailleurs" not in html.content.decode()


def test_the_list_query_count_does_not_grow_with_badges(coordinator_client, coordinator, venue):
    url = reverse("skills:achievement_list", args=[venue.slug])
    make_achievement(venue, name="Badge 0", codes=("1.1", "2.1"))
    with query_budget(99) as few:
        coordinator_client.get(url)
    for n in range(1, 8):
        achievement = make_achievement(venue, name=f"Badge {n}", codes=("1.1", "2.1", "3.1"))
        award(coordinator, achievement, make_person(venue, f"Personne {n}"))
    with query_budget(len(few.captured_queries)):
        coordinator_client.get(url)


# --- Creating and editing a badge -------------------------------------------------------------


def test_a_coordinator_creates_a_badge_with_its_pix_competences(
    coordinator_client, coordinator, venue
):
    load_pix_framework()
    page = coordinator_client.get(reverse("skills:achievement_create", args=[venue.slug]))
    html = page.content.decode()
    assert "1. Informations et données" in html or '<legend lang="fr">1.' in html
    response = coordinator_client.post(
        reverse("skills:achievement_create", args=[venue.slug]), _form_data(validity_days="730")
    )
    assert response.status_code == 302
    achievement = Achievement.objects.get(venue=venue)
    assert achievement.name == "Envoyer un e-mail avec une pièce jointe"
    assert achievement.colour == "#2e7d32"
    assert achievement.validity_days == 730
    assert achievement.public_id
    assert achievement.created_by == coordinator
    assert sorted(achievement.competences.values_list("code", flat=True)) == ["2.1", "3.1"]
    entry = AuditEntry.objects.get(venue=venue, object_type="skills.achievement")
    assert entry.changes["competences"] == [None, ["2.1", "3.1"]]


def test_the_competences_are_grouped_by_pix_area(coordinator_client, venue):
    load_pix_framework()
    html = coordinator_client.get(
        reverse("skills:achievement_create", args=[venue.slug])
    ).content.decode()
    area = PixCompetence.objects.get(code="3.1").area
    legend = f'<legend lang="fr">{area}</legend>'
    assert legend in html
    # The area's own competences come right after its legend.
    assert html.index(legend) < html.index(f'value="{PixCompetence.objects.get(code="3.1").pk}"')


def test_a_png_picture_is_stored(coordinator_client, venue):
    load_pix_framework()
    picture = png_bytes()
    data = _form_data(image=SimpleUploadedFile("badge.png", picture, content_type="image/png"))
    response = coordinator_client.post(
        reverse("skills:achievement_create", args=[venue.slug]), data
    )
    assert response.status_code == 302
    assert bytes(Achievement.objects.get(venue=venue).image_png) == picture


def test_a_file_that_is_not_a_png_is_refused_and_what_was_typed_is_kept(coordinator_client, venue):
    load_pix_framework()
    fake = SimpleUploadedFile("badge.png", b"GIF89a not a png at all", content_type="image/png")
    response = coordinator_client.post(
        reverse("skills:achievement_create", args=[venue.slug]), _form_data(image=fake)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce fichier n’est pas une image PNG" in html
    assert 'value="Envoyer un e-mail avec une pièce jointe"' in html
    assert "A envoyé un e-mail avec une pièce jointe pendant l’atelier." in html
    assert not Achievement.objects.exists()


def test_a_truncated_png_is_refused(coordinator_client, venue):
    load_pix_framework()
    broken = SimpleUploadedFile("badge.png", png_bytes()[:40], content_type="image/png")
    response = coordinator_client.post(
        reverse("skills:achievement_create", args=[venue.slug]), _form_data(image=broken)
    )
    assert "Ce fichier n’est pas une image PNG" in response.content.decode()
    assert not Achievement.objects.exists()


def test_a_picture_over_300_kb_is_refused(coordinator_client, venue):
    load_pix_framework()
    big = png_bytes() + b"\0" * MAX_IMAGE_BYTES
    response = coordinator_client.post(
        reverse("skills:achievement_create", args=[venue.slug]),
        _form_data(image=SimpleUploadedFile("big.png", big, content_type="image/png")),
    )
    assert response.status_code == 200
    assert "300 Ko au plus" in response.content.decode()
    assert not Achievement.objects.exists()


def test_missing_fields_get_plain_messages(coordinator_client, venue):
    response = coordinator_client.post(
        reverse("skills:achievement_create", args=[venue.slug]),
        {"name": "", "description": "", "criteria": "", "colour": "bleu"},
    )
    html = response.content.decode()
    assert "Donnez un nom au badge." in html
    assert "Choisissez une couleur" in html
    assert not Achievement.objects.exists()


def test_editing_keeps_the_picture_unless_asked_and_is_audited(coordinator_client, venue):
    picture = png_bytes()
    achievement = make_achievement(venue, image_png=picture)
    url = reverse("skills:achievement_edit", args=[venue.slug, achievement.pk])
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, _form_data(name="Smartphone : premiers pas", active=""))
    assert response.status_code == 302
    achievement.refresh_from_db()
    assert achievement.name == "Smartphone : premiers pas"
    assert achievement.active is False
    assert bytes(achievement.image_png) == picture
    entry = AuditEntry.objects.get(venue=venue, object_type="skills.achievement")
    assert entry.changes["name"] == ["Premiers pas sur smartphone", "Smartphone : premiers pas"]
    coordinator_client.post(url, _form_data(remove_image="on"))
    achievement.refresh_from_db()
    assert bytes(achievement.image_png) == b""


def test_another_venues_badge_cannot_be_edited(coordinator_client, venue, other_venue):
    foreign = make_achievement(other_venue, name="Badge d’ailleurs")
    url = reverse("skills:achievement_edit", args=[venue.slug, foreign.pk])
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, _form_data()).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Badge d’ailleurs"


# --- The issuer -----------------------------------------------------------------------------------


def test_the_issuer_page_shows_the_public_identity_and_saves_the_description(
    coordinator_client, venue
):
    url = reverse("skills:issuer_edit", args=[venue.slug])
    html = coordinator_client.get(url).content.decode()
    assert venue.name in html
    assert reverse("skills:issuer_json", args=[venue.slug]) in html
    assert reverse("skills:issuer", args=[venue.slug]) in html
    response = coordinator_client.post(url, {"description": "Le café reconnaît vos progrès."})
    assert response.status_code == 302
    issuer = IssuerProfile.objects.get(venue=venue)
    assert issuer.description == "Le café reconnaît vos progrès."
    assert AuditEntry.objects.filter(venue=venue, object_type="skills.issuerprofile").count() == 1


def test_a_mediator_cannot_edit_the_issuer(mediator, venue):
    response = client_for(mediator).post(
        reverse("skills:issuer_edit", args=[venue.slug]), {"description": "Non"}
    )
    assert response.status_code == 403
    assert not IssuerProfile.objects.filter(description="Non").exists()
