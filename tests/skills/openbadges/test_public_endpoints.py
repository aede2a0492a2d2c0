"""The public JSON endpoints and the badge picture, and the files offered for download."""

import io
import json

import pytest
from django.urls import reverse
from PIL import Image

from comptoir.skills.issuing import award_credential, credential_files, issuer_for
from comptoir.skills.openbadges import baking, images
from tests.skills.openbadges.factories import AchievementFactory

pytestmark = pytest.mark.django_db


def test_the_json_endpoints_need_no_account_and_404_for_an_unknown_venue(client, venue):
    issuer_for(venue)
    for name in ("skills:issuer_json", "skills:status_list"):
        assert client.get(reverse(name, args=[venue.slug])).status_code == 200
        assert client.get(reverse(name, args=["inconnu"])).status_code == 404
        assert client.post(reverse(name, args=[venue.slug])).status_code == 405


def test_the_badge_picture_is_the_drawn_default_or_the_upload(client, venue):
    achievement = AchievementFactory(venue=venue, name="Réparer un vélo", colour="#227744")
    url = reverse("skills:achievement_image", args=[venue.slug, achievement.public_id])
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert response.content == images.default_badge_png("Réparer un vélo", "#227744")
    uploaded = images.default_badge_png("Autre", "#000000")
    achievement.image_png = uploaded
    achievement.save()
    assert client.get(url).content == uploaded
    other = reverse("skills:achievement_image", args=["ailleurs", achievement.public_id])
    assert client.get(other).status_code == 404


def test_the_downloadable_files_carry_the_signed_credential(
    coordinator, venue, achievement, person
):
    credential = award_credential(actor=coordinator, achievement=achievement, person=person)
    files = credential_files(credential)
    assert set(files) == {"json", "jwt", "png", "svg"}
    assert json.loads(files["json"]) == credential.signed_json
    assert files["jwt"].decode() == credential.signed_jwt
    assert json.loads(baking.unbake_png(files["png"])) == credential.signed_json
    assert json.loads(baking.unbake_svg(files["svg"].decode())) == credential.signed_json
    with Image.open(io.BytesIO(files["png"])) as picture:
        picture.load()
        assert picture.size == (400, 400)


def test_an_uploaded_picture_is_baked_too(coordinator, venue, person):
    uploaded = images.default_badge_png("Autre", "#000000")
    achievement = AchievementFactory(venue=venue, image_png=uploaded)
    credential = award_credential(actor=coordinator, achievement=achievement, person=person)
    files = credential_files(credential)
    assert json.loads(baking.unbake_png(files["png"]))["id"] == credential.signed_json["id"]
    assert "data:image/png;base64," in files["svg"].decode()
