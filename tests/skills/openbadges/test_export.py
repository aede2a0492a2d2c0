import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from comptoir.skills.issuing import award_credential, revoke_credential, verify_credential
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_it_writes_every_credential_and_the_json_files_verify(
    tmp_path, coordinator, achievement, venue, client_fetch
):
    credentials = [
        award_credential(
            actor=coordinator, achievement=achievement, person=PersonFactory(venue=venue)
        )
        for _ in range(3)
    ]
    revoke_credential(actor=coordinator, credential=credentials[0], reason="Erreur")
    out = StringIO()
    target = tmp_path / "export" / "badges"
    call_command("export_credentials", "--output", str(target), stdout=out)
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [f"{c.public_id}.json" for c in credentials] + [f"{c.public_id}.jwt" for c in credentials]
    )
    assert f"3 credentials written to {target}, 1 revoked" in out.getvalue()
    expected = {credentials[0].public_id: "revoked"}
    for credential in credentials:
        signed = json.loads((target / f"{credential.public_id}.json").read_text())
        token = (target / f"{credential.public_id}.jwt").read_text()
        status = expected.get(credential.public_id, "valid")
        assert verify_credential(signed, fetch=client_fetch).status == status
        assert verify_credential(token, fetch=client_fetch).status == status


def test_it_refuses_a_file_as_output(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(CommandError, match="est un fichier"):
        call_command("export_credentials", "--output", str(target), stdout=StringIO())


def test_it_works_with_nothing_to_export(tmp_path):
    out = StringIO()
    call_command("export_credentials", "--output", str(tmp_path / "vide"), stdout=out)
    assert "0 credentials written" in out.getvalue()
    assert (tmp_path / "vide").is_dir()
