"""What workshops add to other pages: a link on the venue's public page (and,
from the staff views, panels on the venue home and the person page)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def agenda_link(venue):
    if venue.is_outreach:
        return None
    return _("Ateliers et temps collectifs"), reverse("workshops:agenda", args=[venue.slug])
