from django.urls import path

from tests.contract.dummy_service import views

app_name = "dummy"
urlpatterns = [path("equipe/<slug:venue_slug>/factice/", views.index, name="index")]
