"""What people contributes to the venue's public page."""

from django.urls import reverse
from django.utils.translation import gettext as _


def privacy_link(venue):
    """'Vos données personnelles' on the venue's public page: what is kept, how to ask."""
    return _("Vos données personnelles"), reverse("people:privacy_venue", args=[venue.slug])
