import pytest

from comptoir.repair.ords import COLUMNS, validate_row

VALID = {
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
    "problem": "Row of number keys don't work. . .",
}


def test_the_columns_are_those_of_the_published_files():
    with open("tests/data/ords/sample.csv", encoding="utf-8") as handle:
        assert tuple(handle.readline().strip().split(",")) == COLUMNS


def test_a_valid_row_has_no_error():
    assert validate_row(VALID) == []
    assert (
        validate_row(VALID | {"id": "comptoir-12", "product_age": "", "year_of_manufacture": ""})
        == []
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "Fixit-12"}, "identifiant"),
        ({"id": "12"}, "identifiant"),
        ({"country": "FR"}, "pays"),
        ({"country": "fra"}, "pays"),
        ({"data_provider": ""}, "fournisseur"),
        ({"partner_product_category": ""}, "catégorie d’origine"),
        ({"product_category_id": "41"}, "catégorie ORDS « 41 » inconnue"),
        ({"product_category_id": "x"}, "inconnue"),
        ({"product_category": "Laptop"}, "ne correspond pas à l’identifiant 22"),
        ({"year_of_manufacture": "17"}, "année"),
        ({"product_age": "-1"}, "âge"),
        ({"product_age": "old"}, "âge"),
        ({"repair_status": "fixed"}, "résultat « fixed » inconnu"),
        (
            {"repair_barrier_if_end_of_life": "Lack of equipment"},
            "qu’avec le résultat « End of life »",
        ),
        ({"repair_status": "End of life", "repair_barrier_if_end_of_life": "Bad luck"}, "obstacle"),
        ({"event_date": "23/10/2022"}, "date"),
        ({"event_date": "2022-02-30"}, "date"),
    ],
)
def test_each_rule_is_checked(change, message):
    errors = validate_row(VALID | change)
    assert len(errors) == 1 and message in errors[0], errors


def test_barrier_variants_of_the_standard_are_accepted():
    for text in ("Item too worn out", "Too worn out", "Product too worn out"):
        assert (
            validate_row(
                VALID | {"repair_status": "End of life", "repair_barrier_if_end_of_life": text}
            )
            == []
        )


def test_a_short_or_long_line_is_reported():
    short = {k: v for k, v in VALID.items() if k != "problem"} | {"problem": None}
    assert "valeurs manquantes : problem" in validate_row(short)[0]
    assert "trop de valeurs" in validate_row(VALID | {None: ["extra"]})[0]
