from django.urls import path

from comptoir.people import views

app_name = "people"
urlpatterns = [
    path("equipe/<slug:venue_slug>/personnes/", views.person_list, name="list"),
    path("equipe/<slug:venue_slug>/personnes/nouvelle/", views.person_create, name="create"),
    path("equipe/<slug:venue_slug>/personnes/<int:pk>/", views.person_detail, name="detail"),
    path("equipe/<slug:venue_slug>/personnes/<int:pk>/modifier/", views.person_edit, name="edit"),
    path(
        "equipe/<slug:venue_slug>/personnes/<int:pk>/donnees.json",
        views.person_export,
        name="export",
    ),
    path("equipe/<slug:venue_slug>/personnes/<int:pk>/effacer/", views.person_erase, name="erase"),
    path("confidentialite/", views.privacy_page, name="privacy"),
    path("lieux/<slug:slug>/confidentialite/", views.privacy_page_venue, name="privacy_venue"),
]
