"""factory_boy factories for the test suite."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from comptoir.journal.cra import ActivityType, PlaceType, Theme
from comptoir.journal.models import Activity, ActivityTheme
from comptoir.people.enums import AgeBracket
from comptoir.people.models import Person
from comptoir.venues.models import Membership, Network, Venue, VenueKind
from comptoir.venues.roles import Role


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["slug"]

    name = "Réseau test"
    slug = "reseau-test"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    network = factory.SubFactory(NetworkFactory)
    name = factory.Sequence(lambda n: f"Lieu {n}")
    slug = factory.Sequence(lambda n: f"lieu-{n}")
    kind = VenueKind.TIERS_LIEU
    address = "1 place de la Mairie"
    postal_code = "69100"
    commune = "Villeurbanne"
    insee_code = "69266"

    class Params:
        outreach = factory.Trait(kind=VenueKind.OUTREACH)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = "Martin"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("test-password-1234")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    venue = factory.SubFactory(VenueFactory)
    role = Role.MEDIATOR


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    venue = factory.SubFactory(VenueFactory)
    first_name = factory.Sequence(lambda n: f"Personne{n}")
    age_bracket = AgeBracket.FROM_60_TO_69

    class Params:
        reachable = factory.Trait(
            phone=factory.Sequence(lambda n: f"+3360000{n:04d}"),
            consent_to_contact=True,
            consent_at=factory.LazyFunction(timezone.now),
        )


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    venue = factory.SubFactory(VenueFactory)
    type = ActivityType.INDIVIDUAL
    place_type = PlaceType.VENUE
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    duration_minutes = 30
    age_bracket = AgeBracket.FROM_40_TO_59

    class Params:
        collective = factory.Trait(
            type=ActivityType.COLLECTIVE, head_count=8, workshop_title="Atelier smartphone"
        )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if not create:
            return
        codes = extracted if extracted is not None else [Theme.EMAIL]
        ActivityTheme.objects.bulk_create(
            [ActivityTheme(activity=self, code=code) for code in codes]
        )


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workshops.Workshop"

    venue = factory.SubFactory(VenueFactory)
    title = factory.Sequence(lambda n: f"Atelier smartphone {n}")
    description = "Prendre en main son téléphone : appels, photos, messages."
    themes = factory.LazyFunction(lambda: [Theme.GETTING_STARTED])
    duration_minutes = 90
    default_capacity = 8


class SessionFactory(factory.django.DjangoModelFactory):
    """A scheduled session a week from now, open for registration."""

    class Meta:
        model = "workshops.Session"

    workshop = factory.SubFactory(WorkshopFactory)
    venue = factory.LazyAttribute(lambda s: s.workshop.venue)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=7)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(minutes=90))
    capacity = 8
