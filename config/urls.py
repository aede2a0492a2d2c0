from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from comptoir.accounts import views as account_views
from comptoir.ops import views as ops_views
from comptoir.venues import views as venue_views

urlpatterns = [
    path("", venue_views.front, name="home"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("connexion/", account_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("comptoir.accounts.urls")),
    path("", include("comptoir.venues.urls")),
    path("", include("comptoir.people.urls")),
    path("", include("comptoir.journal.urls")),
    path("", include("comptoir.skills.urls")),
    path("", include("comptoir.workshops.urls")),
    path("", include("comptoir.reuse.urls")),
    path("", include("comptoir.repair.urls")),
    path("", include("comptoir.venues.history_urls")),
    path("", include("comptoir.appointments.urls")),
    path("", include("comptoir.helpdesk.urls")),
    path("", include("comptoir.notifications.urls")),
    path("", include("comptoir.reports.urls")),
    path("admin/", admin.site.urls),
]
