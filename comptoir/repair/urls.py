from django.urls import path

from comptoir.repair.views import events, items, ords_files

app_name = "repair"

STAFF = "equipe/<slug:venue_slug>/repair-cafe/"

urlpatterns = [
    path(STAFF, events.index, name="index"),
    path(STAFF + "nouveau/", events.event_create, name="event_create"),
    path(STAFF + "<int:pk>/", events.event_detail, name="event"),
    path(STAFF + "<int:pk>/modifier/", events.event_edit, name="event_edit"),
    path(STAFF + "<int:pk>/accueil/", items.intake, name="intake"),
    path(STAFF + "objets/<int:pk>/prendre/", items.start, name="start"),
    path(STAFF + "objets/<int:pk>/resultat/", items.record_outcome, name="outcome"),
    path(STAFF + "objets/<int:pk>/remettre/", items.put_back, name="put_back"),
    path(STAFF + "objets/<int:pk>/parti/", items.mark_left, name="mark_left"),
    path(STAFF + "import-ords/", ords_files.import_ords, name="import_ords"),
    path(STAFF + "ords.csv", ords_files.export_ords, name="export_ords"),
]
