"""Factories for Open Badges tests (kept here so tests/factories.py stays shared)."""

import uuid

import factory

from comptoir.skills.models import Achievement
from tests.factories import VenueFactory


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement
        skip_postgeneration_save = True

    venue = factory.SubFactory(VenueFactory)
    public_id = factory.LazyFunction(uuid.uuid4)
    name = factory.Sequence(lambda n: f"Envoyer un e-mail {n}")
    description = "Sait écrire et envoyer un e-mail avec une pièce jointe."
    criteria = "A participé à l’atelier et envoyé un e-mail avec une pièce jointe."
    colour = "#1d5fa8"

    @factory.post_generation
    def competences(self, create, extracted, **kwargs):
        if create and extracted:
            self.competences.set(extracted)
