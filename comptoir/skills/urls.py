from django.urls import path

from comptoir.skills import views

app_name = "skills"
urlpatterns = [
    path("equipe/<slug:venue_slug>/competences/", views.framework, name="framework"),
    path(
        "equipe/<slug:venue_slug>/personnes/<int:pk>/competences/nouvelle/",
        views.recognise,
        name="recognise",
    ),
    path(
        "equipe/<slug:venue_slug>/competences/<int:pk>/retirer/",
        views.withdraw,
        name="withdraw",
    ),
]
