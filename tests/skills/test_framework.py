"""The Pix competence framework: loaded by a data migration, shown in French."""

import pytest
from django.urls import reverse

from comptoir.skills.models import PixArea, PixCompetence
from tests.queries import query_budget
from tests.skills.helpers import load_pix_framework, unload_pix_framework

pytestmark = pytest.mark.django_db

AREAS = {
    "1": "Information et données",
    "2": "Communication et collaboration",
    "3": "Création de contenu",
    "4": "Protection et sécurité",
    "5": "Environnement numérique",
}
CODES = [
    "1.1", "1.2", "1.3",
    "2.1", "2.2", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4",
    "4.1", "4.2", "4.3",
    "5.1", "5.2",
]  # fmt: skip


def test_the_data_migration_loads_5_areas_and_16_competences_with_their_codes():
    unload_pix_framework()
    load_pix_framework()
    assert dict(PixArea.objects.values_list("code", "title")) == AREAS
    assert list(PixCompetence.objects.order_by("code").values_list("code", flat=True)) == CODES
    for competence in PixCompetence.objects.select_related("area"):
        assert competence.code.split(".")[0] == competence.area.code


def test_competences_keep_their_official_french_titles():
    load_pix_framework()
    titles = dict(PixCompetence.objects.values_list("code", "title"))
    assert titles["1.1"] == "Mener une recherche et une veille d’information"
    assert titles["2.4"] == "S’insérer dans le monde numérique"
    assert titles["4.2"] == "Protéger les données personnelles et la vie privée"
    assert titles["5.2"] == "Construire un environnement numérique"


def test_loading_the_framework_twice_changes_nothing():
    load_pix_framework()
    load_pix_framework()
    assert PixArea.objects.count() == 5
    assert PixCompetence.objects.count() == 16


def test_the_framework_page_lists_every_area_and_competence(mediator_client, venue):
    load_pix_framework()
    url = reverse("skills:framework", args=[venue.slug])
    with query_budget(6):
        response = mediator_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for code, title in AREAS.items():
        assert f"{code}. {title}" in page
    for competence in PixCompetence.objects.all():
        assert competence.title in page
    assert 'lang="fr"' in page


def test_the_framework_stays_in_french_when_the_interface_is_in_english(mediator_client, venue):
    load_pix_framework()
    mediator_client.cookies["comptoir_language"] = "en"
    response = mediator_client.get(reverse("skills:framework", args=[venue.slug]))
    page = response.content.decode()
    assert "Digital skills (Pix)" in page
    assert "Mener une recherche et une veille d’information" in page
