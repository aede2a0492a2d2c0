from django.urls import path

from comptoir.notifications import views

app_name = "notifications"
urlpatterns = [
    path("equipe/<slug:venue_slug>/messages/", views.outbox, name="outbox"),
    path("equipe/<slug:venue_slug>/messages/<int:pk>/renvoyer/", views.retry, name="retry"),
]
