"""Create a venue (and its network if new) and invite its first coordinator.

    python manage.py create_venue --network "Réseau du Rhône" --name "Café du Port" \\
        --address "1 quai Est" --postal-code 69001 --commune Lyon --coordinator-email ana@example.org

Prints the invitation link (also sent by e-mail): the coordinator opens it to
create their access, then invites the rest of the team from the Team page.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from comptoir.venues.actions import invite_staff
from comptoir.venues.models import Network, Venue, VenueKind
from comptoir.venues.roles import Role


class Command(BaseCommand):
    help = "Create a venue and invite its first coordinator (prints the invitation link)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--network", required=True, help="Network name (created if new)")
        parser.add_argument("--name", required=True, help="Venue name")
        parser.add_argument("--address", required=True)
        parser.add_argument("--postal-code", required=True)
        parser.add_argument("--commune", required=True)
        parser.add_argument("--insee-code", default="")
        parser.add_argument(
            "--outreach", action="store_true", help="A partner place 'hors les murs'"
        )
        parser.add_argument("--coordinator-email", required=True)

    def handle(self, *args, **options) -> None:
        venue = Venue(
            name=options["name"],
            slug=slugify(options["name"])[:50],
            kind=VenueKind.OUTREACH if options["outreach"] else VenueKind.TIERS_LIEU,
            address=options["address"],
            postal_code=options["postal_code"],
            commune=options["commune"],
            insee_code=options["insee_code"],
        )
        if Venue.objects.filter(slug=venue.slug).exists():
            raise CommandError(f"A venue with the identifier {venue.slug!r} already exists.")
        with transaction.atomic():
            network, created = Network.objects.get_or_create(
                slug=slugify(options["network"])[:50], defaults={"name": options["network"]}
            )
            venue.network = network
            try:
                venue.full_clean()
            except ValidationError as error:
                problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
                raise CommandError(f"Invalid venue: {problems}") from error
            venue.save()
        invitation = invite_staff(
            actor=None, venue=venue, email=options["coordinator_email"], role=Role.COORDINATOR
        )
        link = settings.SITE_URL.rstrip("/") + invitation.get_absolute_url()
        self.stdout.write(
            f"{'Created' if created else 'Using'} network {network.name!r}; created venue "
            f"{venue.name!r} ({venue.slug})."
        )
        self.stdout.write(self.style.SUCCESS(f"Invitation for the coordinator: {link}"))
