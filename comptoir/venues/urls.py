from django.urls import path

from comptoir.venues import views

app_name = "venues"
urlpatterns = [
    path("equipe/", views.dashboard, name="dashboard"),
    path("equipe/<slug:venue_slug>/", views.home, name="home"),
    path("equipe/<slug:venue_slug>/lieu/", views.edit, name="edit"),
    path("equipe/<slug:venue_slug>/lieu/horaires/", views.hours, name="hours"),
    path("equipe/<slug:venue_slug>/membres/", views.team, name="team"),
    path("equipe/<slug:venue_slug>/membres/<int:pk>/", views.member_update, name="member_update"),
    path(
        "equipe/<slug:venue_slug>/membres/invitations/<int:pk>/annuler/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("lieux/<slug:slug>/", views.public, name="public"),
]
