from django.urls import path

from comptoir.venues import history

# The namespace stays "audit" (audit:list), whichever app holds the view.
app_name = "audit"
urlpatterns = [
    path("equipe/<slug:venue_slug>/historique/", history.audit_list, name="list"),
]
