"""`manage.py import_communes`: the INSEE communes, the QPV list and the
population by age, from the sample files of tests/data/insee (see its README)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comptoir.people.enums import AgeBracket
from comptoir.reports.importing import bracket_of_age, clean_code
from comptoir.reports.models import Commune

DATA = Path(__file__).resolve().parent.parent / "data" / "insee"
COMMUNES = str(DATA / "communes.csv")
QPV = str(DATA / "qpv.csv")
AGES = str(DATA / "ages.csv")


def run(*args) -> str:
    out = StringIO()
    call_command("import_communes", *args, stdout=out)
    return out.getvalue()


def test_it_imports_the_valid_communes_and_reports_the_bad_line(db):
    output = run(COMMUNES)

    assert Commune.objects.count() == 13
    villeurbanne = Commune.objects.get(pk="69266")
    assert (villeurbanne.name, villeurbanne.population, villeurbanne.department) == (
        "Villeurbanne",
        156000,
        "69",
    )
    assert Commune.objects.get(pk="69259").name == "Vénissieux"  # UTF-8 with BOM
    assert "line 13 rejected: invalid commune code '69X99'" in output
    assert "13 communes created, 0 updated, 1 lines rejected." in output


def test_it_restores_the_leading_zero_a_spreadsheet_removed(db):
    run(COMMUNES)

    bourg = Commune.objects.get(pk="01053")
    assert (bourg.name, bourg.department) == ("Bourg-en-Bresse", "01")
    assert Commune.objects.filter(pk="01004").exists()
    assert not Commune.objects.filter(pk="1053").exists()


def test_a_second_run_updates_and_creates_nothing_twice(db):
    run(COMMUNES)
    Commune.objects.filter(pk="69029").update(population=1, name="Old name")

    output = run(COMMUNES)

    assert Commune.objects.count() == 13
    bron = Commune.objects.get(pk="69029")
    assert (bron.name, bron.population) == ("Bron", 43000)
    assert "0 communes created, 13 updated, 1 lines rejected." in output


def test_a_file_without_recognisable_columns_is_refused_and_nothing_is_written(db):
    with pytest.raises(CommandError) as error:
        run(str(DATA / "communes-unrecognised.csv"), "--qpv", QPV)

    message = str(error.value)
    assert "COM, CODGEO" in message and "PMUN" in message
    assert "ville, habitants" in message
    assert "Nothing was imported" in message
    assert not Commune.objects.exists()


def test_it_reads_insee_own_layout_department_plus_commune_number_in_latin_1(db):
    run(str(DATA / "communes-insee-layout.csv"))

    assert set(Commune.objects.values_list("pk", "name")) == {
        ("69266", "Villeurbanne"),
        ("01053", "Bourg-en-Bresse"),
        ("69259", "Vénissieux"),
    }


def test_the_qpv_list_flags_its_communes_and_resets_the_others(db):
    run(COMMUNES)
    Commune.objects.filter(pk="69029").update(has_priority_area=True)  # an old list

    output = run(COMMUNES, "--qpv", QPV)

    flagged = set(Commune.objects.filter(has_priority_area=True).values_list("pk", flat=True))
    # One cell holds "69259,69199"; 69199 (Saint-Fons) is not among the communes.
    assert flagged == {"69256", "69259", "69266", "69388", "01053"}
    assert "every commune's flag was reset, 5 communes flagged" in output
    assert "69199" in output


def test_a_run_without_qpv_list_keeps_the_flags(db):
    run(COMMUNES, "--qpv", QPV)

    run(COMMUNES)

    assert Commune.objects.filter(has_priority_area=True).count() == 5


def test_ages_are_summed_into_the_report_brackets_at_their_edges(db):
    output = run(COMMUNES, "--ages", AGES)

    # Bron has one row per edge age: 0:1 11:2 | 12:10 17:20 | 18:100 24:200 |
    # 25:1000 39:2000 | 40:10000 59:20000 | 60:100000 69:200000 | 70:1e6 100:2e6.
    assert Commune.objects.get(pk="69029").population_by_age == {
        AgeBracket.UNDER_12: 3,
        AgeBracket.FROM_12_TO_17: 30,
        AgeBracket.FROM_18_TO_24: 300,
        AgeBracket.FROM_25_TO_39: 3000,
        AgeBracket.FROM_40_TO_59: 30000,
        AgeBracket.FROM_60_TO_69: 300000,
        AgeBracket.OVER_70: 3000000,
    }
    # Weighted counts (10.4 + 10.4 at 30) are summed, then rounded; both sexes.
    villeurbanne = Commune.objects.get(pk="69266").population_by_age
    assert villeurbanne[AgeBracket.FROM_25_TO_39] == 21
    assert villeurbanne[AgeBracket.OVER_70] == 5
    # The département row (NIVGEO DEP, 99999 people) is skipped; an arrondissement is kept.
    assert Commune.objects.get(pk="69383").population_by_age[AgeBracket.UNDER_12] == 3
    assert "line 21 rejected: invalid age 'trente'" in output
    assert "Population by age stored for 3 communes" in output
    assert Commune.objects.get(pk="69256").population_by_age == {}


def test_a_dry_run_writes_nothing(db):
    output = run(COMMUNES, "--qpv", QPV, "--ages", AGES, "--dry-run")

    assert "13 communes created" in output
    assert "Dry run: nothing was written." in output
    assert not Commune.objects.exists()


@pytest.mark.parametrize(
    ("age", "bracket"),
    [
        (0, AgeBracket.UNDER_12),
        (11, AgeBracket.UNDER_12),
        (12, AgeBracket.FROM_12_TO_17),
        (17, AgeBracket.FROM_12_TO_17),
        (18, AgeBracket.FROM_18_TO_24),
        (24, AgeBracket.FROM_18_TO_24),
        (25, AgeBracket.FROM_25_TO_39),
        (39, AgeBracket.FROM_25_TO_39),
        (40, AgeBracket.FROM_40_TO_59),
        (59, AgeBracket.FROM_40_TO_59),
        (60, AgeBracket.FROM_60_TO_69),
        (69, AgeBracket.FROM_60_TO_69),
        (70, AgeBracket.OVER_70),
        (100, AgeBracket.OVER_70),
    ],
)
def test_each_age_falls_in_its_bracket(age, bracket):
    assert bracket_of_age(age) == bracket


@pytest.mark.parametrize(
    ("raw", "department", "code"),
    [
        ("69266", "", "69266"),
        ("1053", "", "01053"),
        ("1053.0", "", "01053"),
        ("2A004", "", "2A004"),
        ("266", "69", "69266"),
        ("53", "01", "01053"),
        ("69X99", "", None),
        ("", "", None),
        ("123456", "", None),
    ],
)
def test_commune_codes_are_cleaned(raw, department, code):
    assert clean_code(raw, department) == code


def test_a_large_file_is_imported_in_few_queries(db, tmp_path, django_assert_max_num_queries):
    big = tmp_path / "communes.csv"
    rows = [f"{69000 + n};Commune {n};{n * 10}" for n in range(1, 6001)]
    big.write_text("CODGEO,LIBGEO,P21_POP\n".replace(",", ";") + "\n".join(rows) + "\n")

    # Batches, never a query per row (SQLite caps the parameters of one insert,
    # so it needs a few more batches than PostgreSQL).
    with django_assert_max_num_queries(60):
        output = run(str(big))

    assert Commune.objects.count() == 6000
    assert Commune.objects.get(pk="69042").population == 420
    assert "5000 / 6000" in output
