from django.urls import path

from comptoir.workshops.views import attendance, feeds, public, staff

app_name = "workshops"

STAFF = "equipe/<slug:venue_slug>/ateliers/"
PUBLIC = "lieux/<slug:venue_slug>/ateliers/"

urlpatterns = [
    # Staff: catalogue and sessions
    path(STAFF, staff.index, name="index"),
    path(STAFF + "catalogue/nouveau/", staff.workshop_create, name="workshop_create"),
    path(STAFF + "catalogue/<int:pk>/", staff.workshop_detail, name="workshop"),
    path(STAFF + "catalogue/<int:pk>/modifier/", staff.workshop_edit, name="workshop_edit"),
    path(STAFF + "catalogue/<int:pk>/programmer/", staff.session_create, name="session_create"),
    path(STAFF + "seances/<int:pk>/", staff.session_detail, name="session"),
    path(STAFF + "seances/<int:pk>/modifier/", staff.session_edit, name="session_edit"),
    path(STAFF + "seances/<int:pk>/annuler/", staff.session_cancel, name="session_cancel"),
    path(STAFF + "seances/<int:pk>/inscrire/", staff.session_register, name="session_register"),
    path(
        STAFF + "inscriptions/<int:pk>/annuler/",
        staff.registration_cancel,
        name="registration_cancel",
    ),
    # Staff: attendance (tablet) and closing
    path(STAFF + "seances/<int:pk>/presences/", attendance.sheet, name="attendance"),
    path(
        STAFF + "inscriptions/<int:pk>/presence/",
        attendance.toggle,
        name="attendance_toggle",
    ),
    path(STAFF + "seances/<int:pk>/clore/", attendance.close, name="session_close"),
    path(STAFF + "pointage/<str:code>/", attendance.checkin, name="checkin"),
    # Public: agenda, session page and registration, poster, feeds
    path(PUBLIC, public.agenda, name="agenda"),
    path(PUBLIC + "<int:pk>/", public.session, name="public_session"),
    path(PUBLIC + "<int:pk>/affiche.pdf", feeds.poster, name="poster"),
    path(PUBLIC + "agenda.ics", feeds.ical, name="ical"),
    path(PUBLIC + "flux.rss", feeds.rss, name="rss"),
    path("ateliers/inscription/<str:token>/", public.registration, name="registration"),
    path(
        "ateliers/inscription/<str:token>/agenda.ics",
        feeds.registration_ics,
        name="registration_ics",
    ),
    path(
        "ateliers/inscription/<str:token>/annuler/",
        public.registration_cancel,
        name="registration_public_cancel",
    ),
]
