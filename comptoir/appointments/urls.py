from django.urls import path

from comptoir.appointments.views import public, staff

app_name = "appointments"
urlpatterns = [
    # Staff
    path("equipe/<slug:venue_slug>/rendez-vous/", staff.agenda, name="agenda"),
    path("equipe/<slug:venue_slug>/rendez-vous/nouveau/", staff.book, name="staff_book"),
    path("equipe/<slug:venue_slug>/rendez-vous/<int:pk>/", staff.detail, name="detail"),
    path("equipe/<slug:venue_slug>/rendez-vous/<int:pk>/deplacer/", staff.move, name="move"),
    path("equipe/<slug:venue_slug>/rendez-vous/<int:pk>/annuler/", staff.cancel, name="cancel"),
    path("equipe/<slug:venue_slug>/rendez-vous/<int:pk>/cloturer/", staff.close, name="close"),
    path("equipe/<slug:venue_slug>/rendez-vous/motifs/", staff.types, name="types"),
    path(
        "equipe/<slug:venue_slug>/rendez-vous/motifs/nouveau/",
        staff.type_create,
        name="type_create",
    ),
    path(
        "equipe/<slug:venue_slug>/rendez-vous/motifs/<int:pk>/", staff.type_edit, name="type_edit"
    ),
    path(
        "equipe/<slug:venue_slug>/rendez-vous/disponibilites/",
        staff.availability,
        name="availability",
    ),
    # Public (no account)
    path("rdv/<slug:venue_slug>/", public.start, name="public_start"),
    path("rdv/<slug:venue_slug>/<int:type_id>/", public.slots, name="public_slots"),
    path("rdv/<slug:venue_slug>/<int:type_id>/reserver/", public.book, name="public_book"),
    path("rdv/gerer/<str:token>/", public.manage, name="manage"),
    path("rdv/gerer/<str:token>/rendez-vous.ics", public.manage_ics, name="manage_ics"),
    path("rdv/gerer/<str:token>/deplacer/", public.manage_move, name="manage_move"),
    path("rdv/gerer/<str:token>/annuler/", public.manage_cancel, name="manage_cancel"),
]
