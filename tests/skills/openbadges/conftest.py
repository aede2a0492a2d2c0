import pytest
from django.test import Client

from comptoir.skills.models import PixCompetence
from tests.factories import PersonFactory
from tests.skills.openbadges.factories import AchievementFactory


@pytest.fixture
def achievement(venue):
    return AchievementFactory(
        venue=venue,
        name="Envoyer un e-mail",
        competences=list(PixCompetence.objects.filter(code__in=["2.1", "3.1"])),
    )


@pytest.fixture
def person(venue):
    return PersonFactory(venue=venue, first_name="Aïcha", email="Aicha@example.org")


@pytest.fixture
def client_fetch():
    """Fetch our own JSON documents through the real endpoints (Django test client)."""
    from urllib.parse import urlsplit

    client = Client()
    seen: list[str] = []

    def fetch(url: str) -> dict:
        seen.append(url)
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, (url, response.status_code)
        return response.json()

    fetch.seen = seen
    return fetch
