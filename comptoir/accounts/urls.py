from django.urls import path

from comptoir.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/code/", views.verify, name="verify"),
    path("compte/securite/", views.security, name="security"),
    path("compte/securite/application/", views.setup, name="setup"),
    path("compte/securite/codes-de-secours/", views.recovery_codes, name="recovery_codes"),
    path("compte/securite/desactiver/", views.turn_off, name="turn_off"),
]
