"""Every string in the code and templates is in messages.pot and in every catalogue."""

from __future__ import annotations

from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"


def _catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle)


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
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        ids = {message.id for message in _catalog(po) if message.id}
        assert extracted - ids == set(), f"{po}: run flask translate update"
