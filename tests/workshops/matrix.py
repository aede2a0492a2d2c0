"""Workshops' staff URLs in the permission matrix (see tests/test_permission_matrix.py)."""

import datetime

from django.utils import timezone

from comptoir.workshops.links import make_checkin_code, make_token
from comptoir.workshops.models import Registration, RegistrationSource, RegistrationStatus
from tests.factories import PersonFactory, SessionFactory, WorkshopFactory

POST_ONLY = {"workshops:registration_cancel", "workshops:attendance_toggle"}


def build_world(venue) -> dict:
    # Created directly, not through the actions: the matrix checks that a refused
    # request leaves no audit entry, so the world itself must leave none.
    workshop = WorkshopFactory(venue=venue, title="Premiers pas sur smartphone")
    started = timezone.now() - datetime.timedelta(minutes=30)
    session = SessionFactory(
        workshop=workshop, starts_at=started, ends_at=started + datetime.timedelta(minutes=90)
    )
    registration = Registration.objects.create(
        session=session,
        person=PersonFactory(venue=venue, first_name="Gisèle"),
        first_name="Gisèle",
        phone="+33612345678",
        status=RegistrationStatus.CONFIRMED,
        seat=1,
        source=RegistrationSource.STAFF,
    )
    return {"workshop": workshop, "workshop_session": session, "registration": registration}


URL_ARGS = {
    "workshops:index": lambda w: [],
    "workshops:workshop_create": lambda w: [],
    "workshops:workshop": lambda w: [w["workshop"].pk],
    "workshops:workshop_edit": lambda w: [w["workshop"].pk],
    "workshops:session_create": lambda w: [w["workshop"].pk],
    "workshops:session": lambda w: [w["workshop_session"].pk],
    "workshops:session_edit": lambda w: [w["workshop_session"].pk],
    "workshops:session_cancel": lambda w: [w["workshop_session"].pk],
    "workshops:session_register": lambda w: [w["workshop_session"].pk],
    "workshops:registration_cancel": lambda w: [w["registration"].pk],
    "workshops:attendance": lambda w: [w["workshop_session"].pk],
    "workshops:attendance_toggle": lambda w: [w["registration"].pk],
    "workshops:session_close": lambda w: [w["workshop_session"].pk],
    "workshops:checkin": lambda w: [make_checkin_code(w["registration"])],
}

# Public pages (see tests/test_permission_matrix.py): all the URL's arguments.
PUBLIC_URLS = {
    "workshops:agenda": lambda w: [w["venue"].slug],
    "workshops:public_session": lambda w: [w["venue"].slug, w["workshop_session"].pk],
    "workshops:poster": lambda w: [w["venue"].slug, w["workshop_session"].pk],
    "workshops:ical": lambda w: [w["venue"].slug],
    "workshops:rss": lambda w: [w["venue"].slug],
    "workshops:registration": lambda w: [make_token(w["registration"])],
    "workshops:registration_ics": lambda w: [make_token(w["registration"])],
    # The session has begun: the seat can no longer be cancelled online.
    "workshops:registration_public_cancel": (lambda w: [make_token(w["registration"])], 302),
}
