"""The catalogue checks behind `flask translate check` and `status`."""

from __future__ import annotations

import shutil

import pytest

from app.languages import LANGUAGE_TABLE
from app.translate import catalogs

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Language: {lang}\\n"
"Plural-Forms: {plural}\\n"

"""

GOOD_AR = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"


def _catalogue(tmp_path, lang: str, body: str, plural: str = "nplurals=2; plural=(n != 1);"):
    path = catalogs.po_path(lang, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(HEADER.format(lang=lang, plural=plural) + body, encoding="utf-8")
    return tmp_path


def test_every_shipped_catalogue_passes_the_check():
    for language in catalogs.catalogue_languages():
        assert catalogs.check_catalogue(language).problems == [], language


def test_every_language_has_a_catalogue_and_every_catalogue_is_complete():
    shipped = set(catalogs.catalogue_languages())
    for code, language in LANGUAGE_TABLE.items():
        # English is the language of the code; Leichte Sprache uses the German interface.
        if code != "en" and not language.babel_locale:
            assert code in shipped, f"translations/{code}/LC_MESSAGES/messages.po is missing"
    for code in shipped:
        status = catalogs.catalogue_status(code)
        assert status.complete, f"{code}: {status.fuzzy} fuzzy, {status.untranslated} untranslated"


def test_arabic_needs_six_plural_forms(tmp_path):
    root = _catalogue(tmp_path, "ar", 'msgid "Hello"\nmsgstr "مرحبا"\n')
    [problem] = catalogs.check_catalogue("ar", root).problems
    assert "nplurals=2, but ar needs 6" in problem
    shutil.rmtree(tmp_path / "ar")
    root = _catalogue(tmp_path, "ar", 'msgid "Hello"\nmsgstr "مرحبا"\n', GOOD_AR)
    assert catalogs.check_catalogue("ar", root).problems == []


@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("Hello %(name)s", "Hallo %(nam)s", "the translation has %(nam)s, which the English"),
        ("Hello %(name)s", "Hallo", "%(name)s is missing in the translation"),
        ("Hello {name}", "Hallo", "{name} is missing in the translation"),
        (
            'Read <a href="%(url)s">this</a>',
            'Lies <a href="%(link)s">das</a>',
            "the translation has %(link)s",
        ),
        ("Be <strong>careful</strong>", "Sei vorsichtig", "the HTML tag <strong> of the English"),
        (
            'Go <a href="%(url)s">here</a>',
            'Geh <a href="%(url)s" onclick="x">hin</a>',
            'the translation has the HTML tag <a href="%(url)s" onclick="x">',
        ),
        (
            "Be <strong>careful</strong>",
            "Sei <strong onmouseover=alert(1)>vorsichtig</strong>",
            'the translation has the HTML tag <strong onmouseover="alert(1)">',
        ),
        ("Be careful", "Sei <img src=x onerror=alert(1)", "the HTML is broken: the “<”"),
        ("Go <em>now</em>", "Geh <em>jetzt", "the HTML is broken: <em> is never closed"),
        ("Save %(count)s", "%(count)s sparen, 50% mehr", "written as %%"),
    ],
)
def test_placeholder_and_tag_mismatches_are_reported(tmp_path, msgid, msgstr, expected):
    root = _catalogue(
        tmp_path,
        "de",
        f'msgid "{msgid.replace(chr(34), chr(92) + chr(34))}"\nmsgstr "{msgstr.replace(chr(34), chr(92) + chr(34))}"\n',
    )
    problems = catalogs.check_catalogue("de", root).problems
    assert any(expected in problem for problem in problems), problems


def test_msgfmt_errors_are_reported(tmp_path):
    root = _catalogue(
        tmp_path, "de", '#, python-format\nmsgid "%(a)s and %(b)s"\nmsgstr "%(a)s und %(c)s"\n'
    )
    problems = catalogs.check_catalogue("de", root).problems
    assert any("format specification for argument 'b' doesn't exist" in p for p in problems), (
        problems
    )
    assert any("the translation has %(c)s" in problem for problem in problems)


def test_status_counts_translated_fuzzy_and_untranslated(tmp_path):
    body = 'msgid "A"\nmsgstr "A1"\n\n#, fuzzy\nmsgid "B"\nmsgstr "B1"\n\nmsgid "C"\nmsgstr ""\n'
    root = _catalogue(tmp_path, "de", body)
    status = catalogs.catalogue_status("de", root)
    assert (status.translated, status.fuzzy, status.untranslated) == (1, 1, 1)


def test_translate_check_command_exits_1_on_problems(runner, monkeypatch, tmp_path):
    root = _catalogue(tmp_path, "de", 'msgid "Hello %(name)s"\nmsgstr "Hallo"\n')
    monkeypatch.setattr(catalogs, "TRANSLATIONS", root)
    monkeypatch.setattr(catalogs.po_path, "__defaults__", (root,))
    monkeypatch.setattr(catalogs.catalogue_languages, "__defaults__", (root,))
    monkeypatch.setattr(catalogs.check_catalogue, "__defaults__", (root,))
    result = runner.invoke(args=["translate", "check"])
    assert result.exit_code == 1
    assert "de: 1 problem(s)" in result.output
