"""The printed documents: their text is checked through pdftotext."""

import subprocess

import pytest
from django.conf import settings

from comptoir.kernel.qr import qr_code
from comptoir.reuse import actions
from comptoir.reuse.documents import (
    asset_label_html,
    asset_label_pdf,
    device_url,
    donation_receipt_pdf,
    erasure_certificate_pdf,
)
from comptoir.reuse.models import DeviceState as S
from tests.reuse.conftest import walk
from tests.reuse.factories import DeviceFactory


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def test_the_donation_receipt_lists_the_donor_the_devices_and_the_commitment(
    donation, laptop, venue
):
    text = pdf_text(donation_receipt_pdf(donation))
    assert "Reçu de don de matériel" in text
    assert "Menuiserie Lebrun" in text
    assert venue.name in text
    assert laptop.asset_tag in text
    assert "Ordinateur portable Lenovo ThinkPad T440" in text
    assert "s’engage à effacer toutes les données" in text
    assert "NIST SP 800-88" in text


def test_the_erasure_certificate_lists_each_drive_and_each_erasure(venue, mediator, laptop):
    mediator.first_name, mediator.last_name = "Karim", "Benali"
    mediator.save()
    walk(laptop, mediator, venue, S.TO_ERASE)
    drive = laptop.drives.get()
    actions.record_erasure(
        actor=mediator, venue=venue, drive=drive, method="clear", tool="nwipe 0.36", passed=False
    )
    text = pdf_text(erasure_certificate_pdf(laptop))
    assert "L’effacement de cet appareil n’est pas terminé" in text
    assert "Échec" in text
    actions.record_erasure(
        actor=mediator, venue=venue, drive=drive, method="destroy", tool="Broyeur", passed=True
    )
    text = pdf_text(erasure_certificate_pdf(laptop))
    assert "Certificat d’effacement des données" in text
    assert laptop.asset_tag in text
    assert "S2R5NX0H123456" in text
    assert "850 EVO" in text
    assert "NIST SP 800-88 Destroy" in text
    # Table cells wrap: check the words, not the lines.
    assert {"nwipe", "0.36", "Broyeur", "Karim", "Benali", "Échec"} <= set(text.split())
    assert "Réussie" in text
    assert "Toutes les données de cet appareil ont été effacées" in text


def test_the_label_s_qr_code_is_the_device_page(venue):
    device = DeviceFactory(venue=venue, asset_tag="CPT-000123")
    url = device_url(device)
    assert (
        url == settings.SITE_URL.rstrip("/") + "/equipe/cafe-du-port/reemploi/appareils/CPT-000123/"
    )
    expected = qr_code(url).svg_inline(
        scale=3, border=0, dark="#000", svgclass="qr", lineclass=None
    )
    assert expected in asset_label_html([device])
    text = pdf_text(asset_label_pdf([device]))
    assert "CPT-000123" in text
    assert "Ordinateur portable Lenovo ThinkPad T440" in text


@pytest.mark.parametrize("count", [1, 14])
def test_labels_print_for_many_devices(venue, count):
    devices = DeviceFactory.create_batch(count, venue=venue)
    text = pdf_text(asset_label_pdf(devices))
    assert all(device.asset_tag in text for device in devices)
