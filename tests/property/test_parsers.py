"""Parsers and importers: whatever text or bytes they are given, they return a
result or raise their one documented error — never anything else, and what they
accept the database stores (PostgreSQL refuses NUL characters, a decimal column
refuses too many digits, an integer column too big a number)."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from comptoir.kernel.phone import (
    display_phone,
    french_mobile,
    is_mobile,
    normalise_french_phone,
)
from comptoir.people.normalise import name_key, phone_key
from comptoir.repair import ords
from comptoir.repair.importing import import_rows
from comptoir.reports import importing as communes
from tests.conftest import client_for
from tests.property.conftest import assert_not_a_server_error, examples, one_example
from tests.property.strategies import text_value

pytestmark = pytest.mark.slow  # Hypothesis: left out of make test-quick

# --- Phone numbers and names ----------------------------------------------------------------------

phone_like = st.one_of(
    text_value,
    st.from_regex(r"\A[+0]{0,2}[0-9 .\-()/]{0,16}\Z"),
    st.from_regex(r"\A(\+33|0033|0)[1-9]([ .-]?[0-9]{2}){4}\Z"),
)


@examples(300)
@given(raw=phone_like)
def test_phone_numbers_normalise_or_are_refused_never_crash(raw):
    number = normalise_french_phone(raw)
    if number is not None:
        assert re.fullmatch(r"\+\d{7,12}", number)
        assert normalise_french_phone(number) == number  # idempotent
        assert normalise_french_phone(display_phone(number)) == number
    mobile = french_mobile(raw)
    assert mobile is None or (mobile == number and is_mobile(mobile))
    assert isinstance(display_phone(raw), str)
    key = phone_key(raw)
    assert len(key) <= 9
    assert all(character.isdigit() for character in key)


@examples(200)
@given(name=text_value)
def test_name_keys_are_plain_lower_case_words(name):
    key = name_key(name)
    assert key == key.strip()
    assert "  " not in key


# --- The INSEE communes importer ------------------------------------------------------------------

COMMUNE_HEADERS = [
    "COM;LIBELLE;PMUN",
    "CODGEO,LIBGEO,P21_POP",
    "DEP;CODCOM;COM;PMUN",
    "insee_com;nom_qp",
    "NIVGEO;CODGEO;LIBGEO;SEXE;AGED100;NB",
    "CODGEO;moins_de_douze",
    "ville,habitants",
]
number_like = st.one_of(
    text_value,
    st.from_regex(r"\A-?[0-9 ]{1,6}([.,][0-9]{0,3})?([eE][+-]?[0-9]{1,12})?\Z"),
    st.sampled_from(["1e999999999", "9" * 40, "1E+20", "4294967296", "²", "١٢٣"]),
)
code_like = st.one_of(
    text_value, st.from_regex(r"\A[0-9AB]{1,6}(\.0)?\Z"), st.sampled_from(["69266", "2A004"])
)
cell = st.one_of(code_like, number_like, text_value)


def csv_text(header: str, rows: list[list[str]]) -> str:
    separator = ";" if ";" in header else ","
    return header + "\n" + "\n".join(separator.join(row) for row in rows)


communes_file = st.one_of(
    st.binary(max_size=400),
    st.builds(
        lambda text, encoding: text.encode(encoding, errors="replace"),
        st.builds(
            csv_text,
            st.sampled_from(COMMUNE_HEADERS),
            st.lists(st.lists(cell, min_size=1, max_size=7), max_size=5),
        ),
        st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    ),
)


@pytest.mark.django_db
@examples(60)
@given(content=communes_file, which=st.sampled_from(["communes", "qpv", "ages"]))
def test_the_communes_importer_reads_any_file_or_says_it_cannot(tmp_path, content, which):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    read = {
        "communes": communes.read_communes,
        "qpv": communes.read_priority_codes,
        "ages": communes.read_population_by_age,
    }[which]
    try:
        result = read(path)
    except communes.UnreadableFile:
        return
    with one_example():
        if which == "communes":
            communes.import_communes(communes=result)
        elif which == "qpv":
            communes.import_communes(communes=communes.CommunesFile(), priority_codes=result)
        else:
            communes.import_communes(communes=communes.CommunesFile(), ages=result)


@pytest.mark.parametrize("header", ["COM;LIBELLE;PMUN", "insee_com;nom_qp", "CODGEO;AGED100;NB"])
def test_a_cell_too_long_for_the_csv_reader_makes_an_unreadable_file(tmp_path, header):
    path = tmp_path / "file.csv"
    path.write_text(f"{header}\n69266;{'x' * 140_000};1\n")
    with pytest.raises(communes.UnreadableFile):
        for read in (
            communes.read_communes,
            communes.read_priority_codes,
            communes.read_population_by_age,
        ):
            read(path)


@pytest.mark.django_db
def test_communes_files_with_odd_cells_import_what_they_can(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_text(
        "COM;LIBELLE;PMUN\n69266;Villeur\x00banne;156000\n69256;Vaulx;1e999999999\n"
        "69029;Bron;9999999999999\n",
        encoding="utf-8",
    )
    read = communes.read_communes(path)
    assert [row.name for row in read.rows.values()] == ["Villeurbanne"]
    assert len(read.rejected) == 2  # absurd populations, each named with its line
    communes.import_communes(communes=read)
    ages = tmp_path / "ages.csv"
    ages.write_text("CODGEO;AGED100;NB\n69266;²;3\n69266;30;2\n", encoding="utf-8")
    by_age = communes.read_population_by_age(ages)
    assert len(by_age.rejected) == 1
    assert sum(by_age.by_commune["69266"].values()) == 2


@examples(200)
@given(value=number_like, code=code_like, department=code_like)
def test_commune_codes_and_counts_parse_or_are_refused(value, code, department):
    count = communes.parse_count(value)
    assert count is None or (count.is_finite() and 0 <= count <= communes.MAX_COUNT)
    cleaned = communes.clean_code(code, department)
    assert cleaned is None or communes.INSEE_CODE.match(cleaned)


# --- The ORDS importer ----------------------------------------------------------------------------

VALID_ROW = {
    "id": "fixitclinic_1171",
    "data_provider": "Fixit Clinic",
    "country": "USA",
    "partner_product_category": "Mac Keyboard",
    "product_category": "PC accessory",
    "product_category_id": "22",
    "brand": "Apple",
    "year_of_manufacture": "2017",
    "product_age": "5",
    "repair_status": "Repairable",
    "repair_barrier_if_end_of_life": "",
    "group_identifier": "Fixit Clinic",
    "event_date": "2022-10-23",
    "problem": "Row of number keys don't work.",
}
ords_value = st.one_of(
    text_value,
    number_like,
    st.sampled_from(["22", "0", "41", "²", "2017", "0999", "End of life", "Fixed", "FRA"]),
    st.sampled_from(["2022-02-30", "2022-10-23", "99999-01-01", "1000", "999.99", "-0"]),
    st.sampled_from(["fixitclinic_" + "9" * 60, "a-1", "sNaN", "1E+3"]),
)


@st.composite
def ords_rows(draw):
    """Rows of a real file, each with a few values changed."""
    rows = []
    for n in range(draw(st.integers(min_value=1, max_value=4))):
        row = dict(VALID_ROW, id=f"fixitclinic_{n}")
        for column in draw(st.lists(st.sampled_from(ords.COLUMNS), max_size=4)):
            row[column] = draw(ords_value)
        rows.append(row)
    return rows


def ords_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ords.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


ords_file = st.one_of(
    ords_rows().map(ords_csv),
    text_value,
    st.builds(lambda head, body: head + "\n" + body, st.just(",".join(ords.COLUMNS)), text_value),
)


@pytest.mark.django_db
@examples(60)
@given(text=ords_file)
def test_the_ords_importer_imports_or_rejects_rows_never_crashes(venue, text):
    try:
        rows = ords.read_rows(io.StringIO(text, newline=""))
    except ords.MalformedFile:
        return
    with one_example():
        report = import_rows(actor=None, venue=venue, rows=rows)
        assert report.imported + report.already_there + len(report.rejected) == len(rows)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("product_category_id", "²"),  # isdigit() but not a number for int()
        ("product_age", "1000"),  # more digits than the column holds
        ("product_age", "999.99"),  # rounds to 1000.0
        ("product_age", "sNaN"),
        ("problem", "Écran\x00cassé"),  # PostgreSQL refuses NUL characters
        ("brand", "\x00"),
        ("id", "fixitclinic_" + "9" * 60),  # longer than the column
    ],
)
def test_ords_rows_the_database_could_not_store_are_rejected_with_a_reason(venue, column, value):
    row = dict(VALID_ROW, **{column: value})
    [(line, reasons)] = import_rows(actor=None, venue=venue, rows=[(2, row)]).rejected
    assert line == 2 and reasons


@pytest.mark.django_db
def test_an_ords_row_at_the_limits_is_imported(venue):
    row = dict(VALID_ROW, product_age="998.9", id="fixitclinic_" + "9" * 52)
    assert import_rows(actor=None, venue=venue, rows=[(2, row)]).imported == 1


@pytest.mark.django_db
@examples(15)
@given(content=st.one_of(st.binary(max_size=300), ords_rows().map(lambda r: ords_csv(r).encode())))
def test_the_ords_upload_page_answers_whatever_the_file(coordinator, venue, content):
    client = client_for(coordinator)
    url = reverse("repair:import_ords", args=[venue.slug])
    with one_example():
        response = client.post(url, {"file": SimpleUploadedFile("ords.csv", content)})
        assert_not_a_server_error(response, f"upload {content[:80]!r}")
