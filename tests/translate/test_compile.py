"""A translator's mistake never takes a language down or puts markup on a page: `translate compile`
refuses it (and keeps the last good .mo), and a bad .mo built elsewhere loses only its bad strings."""

from __future__ import annotations

import logging
import shutil

import pytest
from babel.messages.mofile import write_mo

from app import create_app
from app.config import ConfigError
from app.extensions import babel, db
from app.translate import catalogs
from tests.factories import PASSWORD, make_user
from tests.web import csrf_token

PROFILE_LINE = "You are signed in as <strong>%(username)s</strong>."


@pytest.fixture
def translations(tmp_path, monkeypatch):
    """A copy of translations/ that the catalogue commands work on."""
    root = tmp_path / "translations"
    shutil.copytree(catalogs.TRANSLATIONS, root, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(catalogs, "TRANSLATIONS", root)
    for function in (catalogs.po_path, catalogs.catalogue_languages, catalogs.check_catalogue):
        monkeypatch.setattr(function, "__defaults__", (root,))
    return root


def replace_translation(root, language: str, msgid: str, msgstr: str) -> int:
    """Put *msgstr* (already escaped for the .po file) as the translation of *msgid*; returns the
    line of the msgstr."""
    path = catalogs.po_path(language, root)
    lines = path.read_text(encoding="utf-8").splitlines()
    quoted = 'msgid "' + msgid.replace('"', '\\"') + '"'
    index = lines.index(quoted)
    while not lines[index].startswith("msgstr"):
        index += 1
    lines[index] = f'msgstr "{msgstr}"'
    while lines[index + 1].startswith('"'):  # a wrapped msgstr continues on the next lines
        del lines[index + 1]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 1


@pytest.mark.parametrize(
    ("msgstr", "says"),
    [
        ("<strong>%(usernam)s</strong> olarak oturum açtınız.", "the translation has %(usernam)s"),
        (
            '<strong onmouseover=\\"alert(1)\\">%(username)s</strong> olarak oturum açtınız.',
            "the translation has the HTML tag <strong onmouseover",
        ),
        ("%(username)s olarak <img src=x onerror=alert(1)", "the HTML is broken"),
        ('<strong>%(username)s</strong> olarak "oturum açtınız.', ""),  # a stray quote
    ],
)
def test_compile_refuses_a_broken_catalogue_and_keeps_the_last_good_one(
    runner, translations, msgstr, says
):
    assert runner.invoke(args=["translate", "compile"]).exit_code == 0
    good = (catalogs.po_path("tr", translations).with_suffix(".mo")).read_bytes()
    line = replace_translation(translations, "tr", PROFILE_LINE, msgstr)
    result = runner.invoke(args=["translate", "compile"])
    assert result.exit_code == 1
    assert f"translations/tr/LC_MESSAGES/messages.po:{line}:" in result.output
    assert says in result.output
    assert "tr: NOT compiled" in result.output and "the last good version is kept" in result.output
    assert catalogs.po_path("tr", translations).with_suffix(".mo").read_bytes() == good
    assert "de: compiled" in result.output  # the other languages are not held back


@pytest.fixture
def app_with(app, tmp_path):
    """An app reading the .mo files of a given folder, with Flask-Babel's cache emptied around it
    (the cache lives on the one `babel` object that every app shares)."""
    made = []

    def build(root):
        babel.domain_instance.cache.clear()
        config = {
            key: app.config[key]
            for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "COURSES_DIR", "TESTING")
        }
        other = create_app({**config, "BABEL_TRANSLATION_DIRECTORIES": str(root)})
        other.test_client_class = app.test_client_class
        made.append(other)
        return other

    yield build
    babel.domain_instance.cache.clear()
    for other in made:
        with other.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


def test_a_bad_mo_built_elsewhere_shows_english_for_its_bad_strings_only(
    app_with, translations, caplog
):
    replace_translation(
        translations,
        "tr",
        PROFILE_LINE,
        '<strong onmouseover=\\"alert(1)\\">%(usernam)s</strong> <img src=x onerror=alert(2)',
    )
    for language in catalogs.catalogue_languages(translations):
        path = catalogs.po_path(language, translations)
        with open(path.with_suffix(".mo"), "wb") as handle:  # as another tool would, unchecked
            write_mo(handle, catalogs.read_catalogue(path))
    site = app_with(translations)
    make_user()
    client = site.test_client()
    client.post(
        "/tr/account/sign-in",
        data={"username": "maria", "password": PASSWORD, "csrf_token": csrf_token(client)},
    )
    with caplog.at_level(logging.WARNING, logger="lernlotse.translations"):
        response = client.get("/tr/account/profile")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You are signed in as <strong>maria</strong>." in html  # English, not the broken one
    assert "onmouseover" not in html and "onerror" not in html
    assert "Profil" in html  # the rest of the page is still Turkish
    assert any("English text is shown instead" in r.getMessage() for r in caplog.records)


def test_a_translation_that_fails_when_formatted_falls_back_to_english(app_with, translations):
    # %(name)d passes every check, but the name is text: formatting fails at run time.
    replace_translation(
        translations,
        "tr",
        "Welcome, %(name)s! Your account has been created.",
        "Hoş geldiniz, %(name)d!",
    )
    for language in catalogs.catalogue_languages(translations):
        path = catalogs.po_path(language, translations)
        with open(path.with_suffix(".mo"), "wb") as handle:
            write_mo(handle, catalogs.read_catalogue(path))
    client = app_with(translations).test_client()
    response = client.post(
        "/tr/account/sign-up",
        data={
            "username": "neu",
            "password": "ein gutes passwort",
            "csrf_token": csrf_token(client, "/tr/account/sign-up"),
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Welcome, neu! Your account has been created." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("de,en,xx", "LANGUAGES names xx, which Lernlotse does not know"),
        ("en,de", "LANGUAGES must start with de"),
        ("de, en ,tr,", None),  # spaces and a trailing comma are fine
    ],
)
def test_an_unknown_language_in_the_configuration_stops_the_start_with_a_message(
    app, monkeypatch, setting, says
):
    monkeypatch.setenv("LANGUAGES", setting)
    config = {key: app.config[key] for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI")}
    if says is None:
        assert create_app(config).config["LANGUAGES"] == ["de", "en", "tr"]
        return
    with pytest.raises(ConfigError, match=says):
        create_app(config)
