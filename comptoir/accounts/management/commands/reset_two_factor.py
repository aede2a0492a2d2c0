"""Remove a staff member's second factor (lost phone and no recovery code left).

    python manage.py reset_two_factor <username>

Their authenticator app and recovery codes are deleted and their lock-out, if
any, is lifted. They log in with their password alone; a coordinator of a
venue that requires a second factor is asked to set up a new app right away.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from comptoir.accounts import actions, throttle


class Command(BaseCommand):
    help = "Remove a staff member's authenticator app and recovery codes (lost phone)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, **options) -> None:
        username = options["username"]
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        actions.turn_off_two_factor(user=user, by="the reset_two_factor command")
        throttle.unlock_username(username)
        self.stdout.write(
            f"Second factor removed for {username}: they log in with their password alone "
            "and set up a new app (mandatory for a coordinator of a venue that requires it)."
        )
