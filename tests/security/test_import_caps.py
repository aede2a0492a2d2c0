"""Files imported by staff or by an operator are capped before they are parsed:
the ORDS import (page and command) and the communes import (command)."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from comptoir.repair import ords
from comptoir.repair.models import RepairItem
from comptoir.repair.views import ords_files
from comptoir.reports import importing as communes
from comptoir.reports.models import Commune
from comptoir.skills.forms_badges import MAX_IMAGE_BYTES, MAX_VERIFY_BYTES

pytestmark = pytest.mark.django_db

ORDS_SAMPLE = Path(__file__).resolve().parent.parent / "data" / "ords" / "sample.csv"
README = Path(__file__).resolve().parent.parent.parent / "README.md"


def _sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no room on the disk."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _empty_rows(count: int) -> bytes:
    header = ",".join(ords.COLUMNS)
    return (header + "\n" + ("," * (len(ords.COLUMNS) - 1) + "\n") * count).encode()


def test_the_ords_command_refuses_a_file_over_the_cap_before_reading_it(venue, tmp_path):
    path = _sparse(tmp_path / "huge.csv", ords.MAX_FILE_BYTES + 1)
    with pytest.raises(CommandError, match="Le fichier est trop gros"):
        call_command("import_ords", str(path), venue=venue.slug, stderr=io.StringIO())
    assert not RepairItem.objects.exists()


def test_the_ords_command_refuses_a_file_with_too_many_lines(venue, tmp_path, monkeypatch):
    monkeypatch.setattr(ords, "MAX_LINES", 50)
    path = tmp_path / "long.csv"
    path.write_bytes(_empty_rows(60))
    with pytest.raises(CommandError, match="Le fichier a trop de lignes"):
        call_command("import_ords", str(path), venue=venue.slug, stderr=io.StringIO())
    assert not RepairItem.objects.exists()


def test_the_ords_page_refuses_a_file_with_too_many_lines(coordinator_client, venue, monkeypatch):
    monkeypatch.setattr(ords, "MAX_LINES", 50)
    response = coordinator_client.post(
        reverse("repair:import_ords", args=[venue.slug]),
        {"file": SimpleUploadedFile("ords.csv", _empty_rows(60), content_type="text/csv")},
    )
    assert response.status_code == 200
    assert "Le fichier a trop de lignes (50 au plus)" in response.content.decode()
    assert not RepairItem.objects.exists()


def test_the_ords_page_and_command_share_one_byte_cap():
    assert ords_files.MAX_UPLOAD_BYTES == ords.MAX_FILE_BYTES


def test_a_real_ords_file_is_far_below_the_line_cap():
    lines = ORDS_SAMPLE.read_text(encoding="utf-8").count("\n")
    assert lines * 20 < ords.MAX_LINES


def test_the_communes_command_refuses_a_file_over_the_cap_before_reading_it(tmp_path):
    path = _sparse(tmp_path / "communes.csv", communes.MAX_FILE_BYTES + 1)
    with pytest.raises(CommandError, match="larger than 64 MB"):
        call_command("import_communes", str(path), stdout=io.StringIO())
    assert not Commune.objects.exists()


def test_the_nginx_example_accepts_the_largest_upload_and_no_more_than_needed():
    """README: client_max_body_size fits the ORDS import, the largest legitimate upload."""
    text = README.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "client_max_body_size" in line)
    megabytes = int(line.split("client_max_body_size", 1)[1].strip().rstrip(";").rstrip("m"))
    largest = max(ords.MAX_FILE_BYTES, MAX_VERIFY_BYTES, MAX_IMAGE_BYTES)
    assert largest < megabytes * 1024 * 1024 <= largest + 2 * 1024 * 1024
