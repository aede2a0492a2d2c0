from django.urls import path

from comptoir.repair import views

app_name = "repair"

urlpatterns = [
    path("equipe/<slug:venue_slug>/repair-cafe/ords.csv", views.export_ords, name="export_ords"),
]
