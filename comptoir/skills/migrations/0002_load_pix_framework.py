"""Load the Pix competence framework (5 areas, 16 competences) shipped in
comptoir/skills/data/referentiel-pix.json (source and licence in SOURCES.md).

Idempotent: rows are matched on their code, so running it again updates titles.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "referentiel-pix.json"


def load_pix_framework(apps, schema_editor):
    PixArea = apps.get_model("skills", "PixArea")
    PixCompetence = apps.get_model("skills", "PixCompetence")
    framework = json.loads(DATA.read_text(encoding="utf-8"))
    for area_data in framework["domaines"]:
        area, _created = PixArea.objects.update_or_create(
            code=area_data["code"], defaults={"title": area_data["nom"]}
        )
        for competence in area_data["competences"]:
            PixCompetence.objects.update_or_create(
                code=competence["code"],
                defaults={
                    "area": area,
                    "title": competence["nom"],
                    "description": competence.get("description", ""),
                },
            )


def unload_pix_framework(apps, schema_editor):
    apps.get_model("skills", "PixCompetence").objects.all().delete()
    apps.get_model("skills", "PixArea").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_pix_framework_and_recognised_skills")]

    operations = [migrations.RunPython(load_pix_framework, unload_pix_framework)]
