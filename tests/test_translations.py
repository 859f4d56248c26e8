"""The German interface is complete, and every string in the code is in the catalogue."""

from __future__ import annotations

from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"


def _catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def test_german_catalogue_has_no_untranslated_or_fuzzy_strings():
    catalog = _catalog(TRANSLATIONS / "de/LC_MESSAGES/messages.po")
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert missing == []


def test_catalogue_template_is_up_to_date(runner, tmp_path):
    """Every string in code and templates is in messages.pot (run `flask translate extract`)."""
    from babel.messages.frontend import CommandLineInterface

    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(PROJECT_ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-o",
            str(fresh),
            str(PROJECT_ROOT),
        ]
    )
    committed = {message.id for message in _catalog(TRANSLATIONS / "messages.pot") if message.id}
    extracted = {message.id for message in _catalog(fresh) if message.id}
    assert extracted - committed == set()
    german = {
        message.id
        for message in _catalog(TRANSLATIONS / "de/LC_MESSAGES/messages.po")
        if message.id
    }
    assert extracted - german == set()
