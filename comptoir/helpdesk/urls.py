from django.urls import path

from comptoir.helpdesk.views import configuration, screens, staff

app_name = "helpdesk"
urlpatterns = [
    # Staff
    path("equipe/<slug:venue_slug>/cafe/", staff.queue, name="queue"),
    path("equipe/<slug:venue_slug>/cafe/suivante/", staff.take_next, name="take_next"),
    path(
        "equipe/<slug:venue_slug>/cafe/jours-precedents/",
        staff.clear_previous_days,
        name="clear_previous_days",
    ),
    path("equipe/<slug:venue_slug>/cafe/bilan/", staff.summary, name="summary"),
    path("equipe/<slug:venue_slug>/cafe/reglages/", configuration.settings_view, name="settings"),
    path(
        "equipe/<slug:venue_slug>/cafe/reglages/appareils/",
        configuration.enable_device,
        name="enable_device",
    ),
    path(
        "equipe/<slug:venue_slug>/cafe/reglages/appareils/<int:pk>/retirer/",
        configuration.revoke_device,
        name="revoke_device",
    ),
    path("equipe/<slug:venue_slug>/cafe/<int:pk>/", staff.session, name="session"),
    path("equipe/<slug:venue_slug>/cafe/<int:pk>/prendre/", staff.take, name="take"),
    path("equipe/<slug:venue_slug>/cafe/<int:pk>/partie/", staff.left, name="left"),
    path("equipe/<slug:venue_slug>/cafe/<int:pk>/prolonger/", staff.extend, name="extend"),
    path("equipe/<slug:venue_slug>/cafe/<int:pk>/remettre/", staff.put_back, name="put_back"),
    # Screens (an enabled device, or staff)
    path("cafe/<slug:slug>/borne/", screens.kiosk, name="kiosk"),
    path("cafe/<slug:slug>/borne/merci/<int:pk>/", screens.kiosk_done, name="kiosk_done"),
    path("cafe/<slug:slug>/ecran/", screens.board, name="board"),
]
