from django.urls import path

from comptoir.journal import views

app_name = "journal"
urlpatterns = [
    path("equipe/<slug:venue_slug>/journal/", views.activity_list, name="list"),
    path("equipe/<slug:venue_slug>/journal/export.csv", views.activity_export, name="export"),
    path("equipe/<slug:venue_slug>/journal/noter/", views.activity_create, name="create"),
    path("equipe/<slug:venue_slug>/journal/<int:pk>/", views.activity_detail, name="detail"),
    path("equipe/<slug:venue_slug>/journal/<int:pk>/modifier/", views.activity_edit, name="edit"),
    path(
        "equipe/<slug:venue_slug>/journal/<int:pk>/supprimer/", views.activity_delete, name="delete"
    ),
]
