"""The fixed lists: every topic maps onto real CRA themes, every device onto CRA equipment."""

from comptoir.helpdesk.topics import (
    DEVICE_EQUIPMENT,
    TOPIC_THEMES,
    BroughtDevice,
    Topic,
    device_options,
    equipment_for,
    pictogram,
    themes_for,
    topic_options,
)
from comptoir.journal.cra import Equipment, Theme


def test_every_topic_has_cra_themes_and_a_pictogram():
    assert set(TOPIC_THEMES) == set(Topic.values)
    for topic in Topic.values:
        assert themes_for(topic)
        assert set(themes_for(topic)) <= set(Theme.values)
    assert [o.value for o in topic_options()] == Topic.values
    for option in topic_options() + device_options():
        assert option.icon.startswith("<svg")
        assert 'aria-hidden="true"' in option.icon
        assert option.label


def test_the_everyday_mappings():
    assert themes_for(Topic.SMARTPHONE) == [Theme.GETTING_STARTED]
    assert themes_for(Topic.EMAIL) == [Theme.EMAIL]
    assert themes_for(Topic.ADMIN_PROCEDURE) == [Theme.ADMIN_PROCEDURES]
    assert themes_for(Topic.ONLINE_PAYMENT) == [Theme.BANKING]
    assert themes_for(Topic.SCAM_SECURITY) == [Theme.SECURITY]


def test_every_device_maps_onto_cra_equipment():
    assert set(DEVICE_EQUIPMENT) == set(BroughtDevice.values)
    assert set(DEVICE_EQUIPMENT.values()) <= set(Equipment.values)
    assert equipment_for(BroughtDevice.LAPTOP) == [Equipment.COMPUTER]
    assert equipment_for("") == []


def test_pictograms_are_hidden_from_screen_readers():
    svg = pictogram("email")
    assert 'aria-hidden="true"' in svg
    assert 'focusable="false"' in svg
    assert pictogram("unknown").startswith("<svg")
