"""Public badge pages, no account: issuer, badge, verification, a person's badges."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from comptoir.skills import issuing, links
from comptoir.skills.openbadges import baking
from comptoir.skills.views_badges_public import VERIFY_ATTEMPTS_PER_HOUR
from tests.queries import query_budget
from tests.skills.badge_world import award, make_achievement, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def achievement(venue):
    return make_achievement(venue, codes=("3.1", "2.1"))


@pytest.fixture
def person(venue):
    return make_person(venue, "Josiane", email="josiane@example.org", phone="+33600000001")


@pytest.fixture
def credential(mediator, achievement, person):
    return award(mediator, achievement, person)


# --- Issuer and badge pages ---------------------------------------------------------------------


def test_the_issuer_page_lists_the_badges_offered_and_the_profile(client, venue, achievement):
    make_achievement(venue, name="Badge retiré", active=False)
    issuing.issuer_for(venue)
    html = client.get(reverse("skills:issuer", args=[venue.slug])).content.decode()
    assert "Les badges de Café du Port" in html
    assert "Premiers pas sur smartphone" in html
    assert "Badge retiré" not in html
    assert reverse("skills:issuer_json", args=[venue.slug]) in html
    assert reverse("skills:achievement_public", args=[venue.slug, achievement.public_id]) in html
    assert client.get(reverse("skills:issuer_json", args=[venue.slug])).status_code == 200


def test_the_issuer_page_query_count_does_not_grow_with_badges(client, venue):
    url = reverse("skills:issuer", args=[venue.slug])
    make_achievement(venue, name="B0", codes=("1.1", "3.1"))
    client.get(url)  # the issuer profile is made on the first visit
    with query_budget(99) as few:
        client.get(url)
    for n in range(1, 8):
        make_achievement(venue, name=f"B{n}", codes=("1.1", "2.1", "3.1"))
    with query_budget(len(few.captured_queries)):
        client.get(url)


def test_an_unknown_venue_has_no_issuer_page(client):
    assert client.get(reverse("skills:issuer", args=["nulle-part"])).status_code == 404


def test_the_badge_page_shows_description_criteria_and_pix(client, venue, achievement):
    response = client.get(
        reverse("skills:achievement_public", args=[venue.slug, achievement.public_id])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert achievement.description in html
    assert "envoyé un e-mail avec une pièce jointe" in html
    assert "<strong>3.1</strong>" in html and "<strong>2.1</strong>" in html
    assert reverse("skills:achievement_image", args=[venue.slug, achievement.public_id]) in html


def test_a_badge_is_not_found_under_another_venue(client, other_venue, achievement):
    url = reverse("skills:achievement_public", args=[other_venue.slug, achievement.public_id])
    assert client.get(url).status_code == 404


# --- Verification by link ------------------------------------------------------------------------


def test_a_fresh_badge_is_valid_and_shows_only_what_was_achieved(client, credential, person):
    html = client.get(reverse("skills:verify", args=[credential.public_id])).content.decode()
    assert "Badge valide" in html
    assert "Premiers pas sur smartphone" in html
    assert "Josiane" in html and "Café du Port" in html
    assert "josiane@example.org" not in html
    assert "06 00" not in html and "+33600000001" not in html


def test_a_revoked_badge_says_revoked_with_reason_and_date(client, mediator, credential):
    issuing.revoke_credential(actor=mediator, credential=credential, reason="Délivré par erreur")
    html = client.get(reverse("skills:verify", args=[credential.public_id])).content.decode()
    assert "Badge révoqué" in html
    assert "Délivré par erreur" in html
    assert timezone.localdate().strftime("%Y") in html


def test_an_expired_badge_says_expired(client, mediator, venue, person):
    short = make_achievement(venue, name="Badge court", validity_days=30)
    old = award(mediator, short, person, now=timezone.now() - datetime.timedelta(days=40))
    html = client.get(reverse("skills:verify", args=[old.public_id])).content.decode()
    assert "Badge expiré" in html
    assert "Ce badge était valable jusqu’au" in html


def test_an_unknown_credential_is_a_404(client):
    url = reverse("skills:verify", args=["7d0c2d6e-0000-4000-8000-000000000000"])
    assert client.get(url).status_code == 404


# --- Verification by pasting or uploading -------------------------------------------------------


def _verify(client, **data):
    return client.post(reverse("skills:verify_form"), data).content.decode()


def test_the_verify_form_renders_for_anyone(client):
    response = client.get(reverse("skills:verify_form"))
    assert response.status_code == 200
    assert "Vérifier un badge" in response.content.decode()


def test_a_pasted_json_badge_is_valid(client, credential):
    html = _verify(client, text=json.dumps(credential.signed_json))
    assert "Badge valide" in html
    assert "Premiers pas sur smartphone" in html


def test_a_pasted_jwt_badge_is_valid(client, credential):
    assert "Badge valide" in _verify(client, text=credential.signed_jwt)


def test_a_tampered_json_badge_is_not_valid_and_shows_nothing_achieved(client, credential):
    tampered = json.loads(json.dumps(credential.signed_json))
    tampered["credentialSubject"]["achievement"]["name"] = "Expert en cybersécurité"
    html = _verify(client, text=json.dumps(tampered))
    assert "Badge non valide" in html
    assert "Ce qui a été reconnu" not in html
    assert "Josiane" not in html


def test_a_tampered_jwt_is_not_valid(client, credential):
    header, body, signature = credential.signed_jwt.split(".")
    forged = f"{header}.{body}.{signature[:-4]}AAAA"
    assert "Badge non valide" in _verify(client, text=forged)


def test_gibberish_is_not_valid(client):
    assert "Badge non valide" in _verify(client, text="bonjour")


def test_nothing_pasted_asks_for_a_badge(client):
    assert "Collez le contenu du badge" in _verify(client, text="")


def test_a_revoked_pasted_badge_says_revoked(client, mediator, credential):
    issuing.revoke_credential(actor=mediator, credential=credential, reason="Doublon")
    html = _verify(client, text=json.dumps(credential.signed_json))
    assert "Badge révoqué" in html and "Doublon" in html


@pytest.mark.parametrize("fmt", ["png", "svg", "json", "jwt"])
def test_an_uploaded_badge_file_is_unbaked_and_verified(client, credential, fmt):
    files = issuing.credential_files(credential)
    upload = SimpleUploadedFile(f"badge.{fmt}", files[fmt])
    response = client.post(reverse("skills:verify_form"), {"upload": upload})
    assert "Badge valide" in response.content.decode()


def test_an_image_without_a_badge_says_so(client, credential):
    plain = issuing.achievement_image_png(credential.achievement)
    response = client.post(
        reverse("skills:verify_form"), {"upload": SimpleUploadedFile("photo.png", plain)}
    )
    assert "Aucun badge n’a été trouvé dans ce fichier." in response.content.decode()


def test_the_verify_form_is_rate_limited(client):
    for _ in range(VERIFY_ATTEMPTS_PER_HOUR):
        client.post(reverse("skills:verify_form"), {"text": "x"})
    response = client.post(reverse("skills:verify_form"), {"text": "x"})
    assert response.status_code == 429
    assert "Trop de vérifications" in response.content.decode()


# --- A person's badge page and downloads --------------------------------------------------------


def test_the_signed_link_lists_the_persons_badges_and_points_to_pix(
    client, mediator, venue, credential, person
):
    other = make_achievement(venue, name="Envoyer un e-mail avec une pièce jointe")
    revoked = award(mediator, other, person)
    issuing.revoke_credential(actor=mediator, credential=revoked, reason="Erreur")
    someone_else = award(
        mediator, make_achievement(venue, name="Badge de Marcel"), make_person(venue, "Marcel")
    )
    token = links.make_token(person)
    response = client.get(links.person_badges_url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Les badges de Josiane" in html
    assert "Premiers pas sur smartphone" in html
    assert "Badges retirés" in html and "Envoyer un e-mail avec une pièce jointe" in html
    assert "Badge de Marcel" not in html
    assert str(someone_else.public_id) not in html
    for fmt in ("json", "jwt", "png", "svg"):
        assert (
            reverse("skills:credential_download", args=[token, credential.public_id, fmt]) in html
        )
    assert reverse("skills:verify", args=[credential.public_id]) in html
    assert "Pour une certification officielle" in html and 'href="https://pix.fr"' in html


@pytest.mark.parametrize(
    "token", ["nimportequoi", "eyJwIjoxfQ:1tAAAA:forged-signature-xxxxxxxxxxxxxxxxxxxxxx"]
)
def test_a_wrong_token_is_a_kind_404(client, person, token):
    response = client.get(reverse("skills:my_badges", args=[token]))
    assert response.status_code == 404
    assert "Ce lien ne fonctionne pas" in response.content.decode()


def test_a_token_signed_for_something_else_is_refused(client, person):
    from django.core import signing

    other_salt = signing.dumps({"p": person.pk}, salt="comptoir.appointments.manage")
    assert client.get(reverse("skills:my_badges", args=[other_salt])).status_code == 404
    with pytest.raises(links.InvalidLink):
        links.read_token(other_salt)


def _download(client, person, credential, fmt):
    token = links.make_token(person)
    return client.get(
        reverse("skills:credential_download", args=[token, credential.public_id, fmt])
    )


def test_the_json_download_is_json_ld_and_verifies(client, credential, person):
    response = _download(client, person, credential, "json")
    assert response["Content-Type"] == "application/ld+json"
    assert response["Content-Disposition"] == f'attachment; filename="{credential.public_id}.json"'
    payload = json.loads(response.content)
    assert issuing.verify_credential(payload).status == "valid"


def test_the_jwt_download_verifies(client, credential, person):
    response = _download(client, person, credential, "jwt")
    assert response["Content-Type"] == "application/jwt"
    assert response["Content-Disposition"] == f'attachment; filename="{credential.public_id}.jwt"'
    assert issuing.verify_credential(response.content.decode()).status == "valid"


def test_the_baked_images_carry_a_credential_that_verifies(client, credential, person):
    png = _download(client, person, credential, "png")
    assert png["Content-Type"] == "image/png"
    assert png["Content-Disposition"] == f'attachment; filename="{credential.public_id}.png"'
    assert issuing.verify_credential(baking.unbake_png(png.content)).status == "valid"
    svg = _download(client, person, credential, "svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert issuing.verify_credential(baking.unbake_svg(svg.content.decode())).status == "valid"


def test_downloads_need_the_right_persons_link(client, venue, credential):
    marcel = make_person(venue, "Marcel")
    assert _download(client, marcel, credential, "json").status_code == 404
    bad = reverse("skills:credential_download", args=["faux", credential.public_id, "json"])
    assert client.get(bad).status_code == 404


def test_public_pages_need_no_account(client, venue, credential, person, achievement):
    issuing.issuer_for(venue)
    for url in [
        reverse("skills:issuer", args=[venue.slug]),
        reverse("skills:achievement_public", args=[venue.slug, achievement.public_id]),
        reverse("skills:verify", args=[credential.public_id]),
        reverse("skills:verify_form"),
        links.person_badges_url(person),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="viewport"' in response.content.decode()
