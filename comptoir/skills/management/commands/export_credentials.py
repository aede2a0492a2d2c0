"""Write every credential of the installation to a folder: signed JSON and VC-JWT."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from comptoir.skills.models import Credential


class Command(BaseCommand):
    help = "Exporte tous les badges délivrés : <public_id>.json (signé) et <public_id>.jwt."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help="Dossier où écrire les fichiers.")

    def handle(self, *args, output: str, **options) -> None:
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} est un fichier, pas un dossier : choisissez un dossier.")
        folder.mkdir(parents=True, exist_ok=True)
        total = Credential.objects.count()
        written = revoked = 0
        rows = Credential.objects.order_by("pk").values_list(
            "public_id", "signed_json", "signed_jwt", "revoked_at"
        )
        for public_id, signed_json, signed_jwt, revoked_at in rows.iterator(chunk_size=500):
            (folder / f"{public_id}.json").write_text(
                json.dumps(signed_json, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            (folder / f"{public_id}.jwt").write_text(signed_jwt, encoding="ascii")
            written += 1
            revoked += revoked_at is not None
            if written % 100 == 0:
                self.stdout.write(f"{written}/{total}…")
        self.stdout.write(
            self.style.SUCCESS(f"{written} credentials written to {folder}, {revoked} revoked")
        )
