"""English is complete: every French string has a translation, compiled in the .mo file."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _unquote(text: str) -> str:
    """Undo .po escapes (\\n, \\", \\\\) in a UTF-8 string."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _po_entries(text: str) -> list[dict]:
    """A minimal .po reader (entries are separated by blank lines): enough to check
    completeness without another dependency."""
    entries = []
    for block in text.strip().split("\n\n"):
        entry = {"flags": "", "msgctxt": None, "msgid": "", "msgstr": {}}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] = line
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line
            ):
                key = match.group(1)
                if key.startswith("msgstr"):
                    entry["msgstr"][key] = match.group(2)
                else:
                    entry[key] = match.group(2)
            elif (match := re.match(r'^"(.*)"$', line)) and key:
                if key.startswith("msgstr"):
                    entry["msgstr"][key] += match.group(1)
                else:
                    entry[key] += match.group(1)
        if entry["msgid"]:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries():
    return _po_entries(PO.read_text(encoding="utf-8"))


def test_every_string_has_an_english_translation(entries):
    assert len(entries) > 100
    missing = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not missing, f"Untranslated: {missing[:10]}"
    assert not fuzzy, f"Fuzzy (unchecked) translations: {fuzzy[:10]}"


def test_the_compiled_catalogue_is_up_to_date(entries):
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        msgid = _unquote(entry["msgid"])
        if entry["msgctxt"] is not None:
            translated = catalogue.pgettext(_unquote(entry["msgctxt"]), msgid)
        else:
            translated = catalogue.gettext(msgid)
        if "msgstr[0]" in entry["msgstr"]:
            continue  # plural entries: checked by msgfmt when compiling
        if translated != _unquote(entry["msgstr"]["msgstr"]):
            stale.append(msgid)
    assert not stale, f"Run `make messages`: the .mo file lacks {stale[:5]}"
