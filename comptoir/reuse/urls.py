from django.urls import path

from comptoir.reuse.views import devices, donations, moves, overview, parts

app_name = "reuse"

STAFF = "equipe/<slug:venue_slug>/reemploi/"
DEVICE = STAFF + "appareils/<str:asset_tag>/"

urlpatterns = [
    path(STAFF, overview.index, name="index"),
    path(STAFF + "appareils/", overview.device_list, name="device_list"),
    path(STAFF + "dons/nouveau/", donations.donation_create, name="donation_create"),
    path(STAFF + "dons/<int:pk>/", donations.donation_detail, name="donation"),
    path(STAFF + "dons/<int:pk>/recu/", donations.donation_receipt, name="donation_receipt"),
    path(DEVICE, devices.device_detail, name="device"),
    path(DEVICE + "etape/", devices.device_move, name="device_move"),
    path(DEVICE + "stockage/", moves.device_drive, name="device_drive"),
    path(DEVICE + "effacement/", moves.device_erasure, name="device_erasure"),
    path(DEVICE + "reconditionnement/", moves.device_recondition, name="device_recondition"),
    path(DEVICE + "attribution/", moves.device_allocate, name="device_allocate"),
    path(DEVICE + "recyclage/", moves.device_recycle, name="device_recycle"),
    path(DEVICE + "piece/", moves.device_part, name="device_part"),
    path(
        DEVICE + "certificat-effacement/", devices.erasure_certificate, name="erasure_certificate"
    ),
    path(DEVICE + "etiquette/", devices.labels, name="labels"),
    path(STAFF + "pieces/", parts.part_list, name="parts"),
    path(STAFF + "pieces/nouvelle/", parts.part_create, name="part_create"),
    path(STAFF + "pieces/<int:pk>/rebut/", parts.part_discard, name="part_discard"),
]
