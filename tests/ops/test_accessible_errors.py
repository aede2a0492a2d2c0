"""A field's error and hint are tied to its input by Django's own rendering
(BoundField.aria_describedby, Django 5.2): no mixin of ours is needed."""

from comptoir.people.forms import PersonForm


def test_an_input_in_error_is_described_by_its_error_and_its_hint():
    form = PersonForm(data={"first_name": "", "postal_code": "abc"})
    assert not form.is_valid()
    html = str(form["postal_code"])
    assert 'aria-invalid="true"' in html
    described = form["postal_code"].aria_describedby.split()
    assert "id_postal_code_error" in described
    assert f'aria-describedby="{form["postal_code"].aria_describedby}"' in html


def test_an_input_without_error_is_not_described_by_an_error():
    form = PersonForm(data={"first_name": "Josiane"})
    form.is_valid()
    assert "_error" not in str(form["first_name"])
