from django.urls import path

from comptoir.audit import views

app_name = "audit"
urlpatterns = [
    path("equipe/<slug:venue_slug>/historique/", views.audit_list, name="list"),
]
