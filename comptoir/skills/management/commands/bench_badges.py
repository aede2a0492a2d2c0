"""Benchmark Open Badges: the time to award (build, sign twice, check) and to verify a credential.

    python manage.py bench_badges [--credentials 20]

Everything is created in a transaction that is rolled back: the database is left as it was.
"""

import statistics
import time
import uuid

from django.core.management.base import BaseCommand
from django.db import transaction

from comptoir.people.models import Person
from comptoir.skills.issuing import award_credential, issuer_for, local_fetch, verify_credential
from comptoir.skills.models import Achievement, PixCompetence
from comptoir.venues.models import Network, Venue


class Rollback(Exception):
    pass


def _ms(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms"


class Command(BaseCommand):
    help = "Measure awarding and verifying Open Badges credentials (milliseconds)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--credentials", type=int, default=20)

    def handle(self, *args, credentials: int, **options) -> None:
        try:
            with transaction.atomic():
                self._run(max(1, credentials))
                raise Rollback
        except Rollback:
            pass

    def _run(self, count: int) -> None:
        network = Network.objects.create(name="Benchmark", slug="benchmark-badges")
        venue = Venue.objects.create(
            network=network,
            name="Benchmark",
            slug="benchmark-badges",
            address="1 rue du Test",
            postal_code="69001",
            commune="Lyon",
        )
        started = time.perf_counter()
        issuer_for(venue)
        keys = time.perf_counter() - started
        self.stdout.write(
            f"Issuer keys (Ed25519 + RSA-2048), made once per venue: {keys * 1000:.0f} ms"
        )
        achievement = Achievement.objects.create(
            venue=venue,
            public_id=uuid.uuid4(),
            name="Premiers pas sur smartphone",
            description="Sait appeler, envoyer un message et prendre une photo.",
            criteria="A participé à l’atelier.",
        )
        achievement.competences.set(PixCompetence.objects.filter(code__in=["2.1", "5.2"]))
        people = Person.objects.bulk_create(
            [
                Person(venue=venue, first_name=f"Personne {n}", email=f"p{n}@example.org")
                for n in range(count)
            ]
        )
        awarded, award_times = [], []
        for n, person in enumerate(people, start=1):
            started = time.perf_counter()
            awarded.append(award_credential(actor=None, achievement=achievement, person=person))
            award_times.append(time.perf_counter() - started)
            if n % 10 == 0 or n == count:
                self.stdout.write(f"  awarded {n}/{count}")
        verify_times = []
        for credential in awarded:
            for payload in (credential.signed_json, credential.signed_jwt):
                started = time.perf_counter()
                result = verify_credential(payload, fetch=local_fetch)
                verify_times.append(time.perf_counter() - started)
                if result.status != "valid":
                    raise AssertionError(f"{credential.public_id}: {result.reasons}")
        self.stdout.write(
            f"Award (build, Data Integrity proof, VC-JWT, schema check, save), "
            f"{count} credentials: {_ms(award_times)}"
        )
        self.stdout.write(
            f"Verify (schema, proof or JWT, status list), {len(verify_times)} checks: "
            f"{_ms(verify_times)}"
        )
        self.stdout.write(
            f"Closing a session of 15 present people with a badge adds about "
            f"{statistics.median(award_times) * 15:.1f} s."
        )
