from django.http import HttpResponse

from comptoir.venues.permissions import venue_view
from tests.contract.dummy_service.service import DummyCapability


@venue_view(DummyCapability.USE_DUMMY)
def index(request, membership):
    return HttpResponse(f"Service factice de {membership.venue.name}")
