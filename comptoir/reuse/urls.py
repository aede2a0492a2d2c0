from django.urls import path

from comptoir.reuse import views

app_name = "reuse"

STAFF = "equipe/<slug:venue_slug>/reemploi/"

urlpatterns = [
    path(STAFF + "appareils/<str:asset_tag>/", views.device_detail, name="device"),
    path(
        STAFF + "appareils/<str:asset_tag>/certificat-effacement/",
        views.erasure_certificate,
        name="erasure_certificate",
    ),
    path(STAFF + "appareils/<str:asset_tag>/etiquette/", views.labels, name="labels"),
    path(STAFF + "dons/<int:pk>/recu/", views.donation_receipt, name="donation_receipt"),
]
