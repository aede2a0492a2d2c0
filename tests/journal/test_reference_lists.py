"""Our enumerations map one-to-one onto the official lists (copied in tests/data/reference)."""

import json
import re
from pathlib import Path

import pytest

from comptoir.journal import cra
from comptoir.journal.export import COLUMNS
from comptoir.people import enums
from comptoir.venues import opendata

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"
CRA = json.loads((REFERENCE / "coop-cra-enums.json").read_text(encoding="utf-8"))
SCHEMA = json.loads(
    (REFERENCE / "schema-lieux-mediation-numerique.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize(
    ("ours", "key"),
    [
        (cra.ActivityType, "type_activite"),
        (cra.PlaceType, "type_lieu"),
        (cra.Equipment, "materiel"),
        (cra.Theme, "thematiques_mediation_numerique"),
        (cra.ProcedureTheme, "thematiques_demarches_administratives"),
        (cra.Autonomy, "autonomie_individuel"),
        (cra.WorkshopLevel, "niveau_atelier_collectif"),
        (cra.ReferralStructure, "structure_de_redirection"),
        (enums.Gender, "beneficiaire_genre"),
        (enums.AgeBracket, "beneficiaire_tranche_age"),
        (enums.SocialStatus, "beneficiaire_statut_social"),
    ],
)
def test_cra_lists_match_value_for_value_and_label_for_label(ours, key):
    expected = [(item["api_value"], item["label"]) for item in CRA[key]]
    assert [(value, str(label)) for value, label in ours.choices] == expected


def test_duration_presets_are_the_cra_ones():
    assert list(cra.DURATION_PRESETS) == CRA["duree_minutes_presets"]
    assert CRA["duree_custom"]["heures_max"] * 60 + 59 == cra.MAX_DURATION_MINUTES


def test_export_columns_are_the_cra_ones():
    reference = [re.sub(r"^\[|\].*$", "", c).strip() for c in CRA["export_accompagnements_columns"]]
    # Columns the CRA only fills for coordinators' exports, personal exports or its v1 data.
    not_ours = {"ID - Conum", "Notes supplémentaires", "Source de la donnée"}
    reference = [
        "Bénéficiaire" if c == "Bénéficiaire" else c for c in reference if c not in not_ours
    ]
    assert reference == COLUMNS


def _schema_enum(field: str) -> list[str]:
    pattern = next(f for f in SCHEMA["fields"] if f["name"] == field)["constraints"]["pattern"]
    inner = re.search(r"\|\)\((.*)\)\)\+\$$", pattern).group(1)
    return [re.sub(r"\\(.)", r"\1", value) for value in inner.split("|")]


@pytest.mark.parametrize(
    ("ours", "field"),
    [
        (opendata.Service, "services"),
        (opendata.Public, "publics_specifiquement_adresses"),
        (opendata.SpecificSupport, "prise_en_charge_specifique"),
        (opendata.Fee, "frais_a_charge"),
        (opendata.AccessMode, "modalites_acces"),
        (opendata.SupportMode, "modalites_accompagnement"),
    ],
)
def test_venue_lists_match_the_open_data_schema(ours, field):
    assert ours.values == _schema_enum(field)
    assert SCHEMA["version"] == f"v{opendata.SCHEMA_VERSION}"
