"""The ORDS import page: a real file, the same file twice, a malformed file."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comptoir.repair import ords
from comptoir.repair.models import RepairItem

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "ords" / "sample.csv"


def small_file(extra_row: str = "") -> bytes:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    return ("\n".join(lines[:4]) + "\n" + extra_row).encode()


def upload(client, venue, content: bytes):
    return client.post(
        reverse("repair:import_ords", args=[venue.slug]),
        {"file": SimpleUploadedFile("ords.csv", content, content_type="text/csv")},
    )


def test_importing_a_file_then_the_same_again(coordinator_client, venue):
    broken = ",".join(["bad_1"] + [""] * (len(ords.COLUMNS) - 1)) + "\n"
    page = upload(coordinator_client, venue, small_file(broken)).content.decode()
    assert "3 réparations importées" in page
    assert "1 ligne refusée" in page
    assert '<td data-label="Ligne">5</td>' in page
    page = upload(coordinator_client, venue, small_file()).content.decode()
    assert "3 déjà présentes" in page and "1 ligne refusée" not in page
    assert RepairItem.objects.count() == 3


def test_a_malformed_file_is_refused_and_nothing_is_written(coordinator_client, venue):
    page = upload(coordinator_client, venue, b"name;age\nbob;3\n").content.decode()
    assert "Ce n’est pas un fichier ORDS v0.3" in page
    assert not RepairItem.objects.exists()
    page = upload(coordinator_client, venue, b"\xff\xfe\x00garbage").content.decode()
    assert "UTF-8" in page
