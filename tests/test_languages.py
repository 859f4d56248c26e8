"""Every page in every language: the right lang and dir, the switcher, and no English left over."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT
from app.content.reading import course_detail
from app.extensions import db
from app.languages import LANGUAGE_TABLE
from app.models import Role
from tests import factories
from tests.factories import make_user, make_venue, seminar_with_people
from tests.pages import (
    LANGUAGES,
    LEARNER_PAGES,
    PUBLIC_PAGES,
    SEMINAR_PAGES,
    TRAINER_PAGES,
    TRANSLATOR_PAGES,
)
from tests.web import csrf_token

RTL = {"ar", "fa"}


@pytest.fixture
def seminar():
    return seminar_with_people()


def _sign_in_as(client, role: Role, complete_course: str | None = None):
    user = make_user(username=f"{role.value}-user", role=role)
    if complete_course:
        factories.complete_course(user, complete_course)
    response = client.post(
        "/de/account/sign-in",
        data={
            "username": user.username,
            "password": "correct horse battery",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302
    return user


def _pages(client, pages, seminar=None):
    for template in pages:
        for lang in LANGUAGES:
            url = template.format(lang=lang, seminar=seminar.id if seminar else None)
            response = client.get(url)
            yield lang, url, response


def _assert_lang_dir(lang, url, response):
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    direction = "rtl" if lang in RTL else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html, url
    assert html.count("<h1") == 1, url
    assert html.count('<main id="main-content"') == 1, url


def test_every_public_page_in_every_language_has_the_right_lang_and_dir(client):
    for lang, url, response in _pages(client, PUBLIC_PAGES):
        _assert_lang_dir(lang, url, response)


def test_every_learner_page_in_every_language_has_the_right_lang_and_dir(client):
    _sign_in_as(client, Role.LEARNER, complete_course="online-termin")
    for lang, url, response in _pages(client, LEARNER_PAGES):
        _assert_lang_dir(lang, url, response)


def test_translator_pages_in_every_language(client):
    _sign_in_as(client, Role.TRANSLATOR)
    for lang, url, response in _pages(client, TRANSLATOR_PAGES):
        _assert_lang_dir(lang, url, response)


def test_seminar_pages_in_every_language(client, seminar):
    for lang, url, response in _pages(client, SEMINAR_PAGES, seminar):
        _assert_lang_dir(lang, url, response)


def test_trainer_pages_in_every_language(client, seminar):
    make_venue()
    _sign_in_as(client, Role.ADMIN)
    for lang, url, response in _pages(client, TRAINER_PAGES, seminar):
        _assert_lang_dir(lang, url, response)


def test_the_switcher_names_each_language_in_itself_and_keeps_the_page(client):
    html = client.get("/ar/courses/online-termin/").get_data(as_text=True)
    switcher = html.split('language-switcher">', 1)[1].split("</details>", 1)[0]
    for code in LANGUAGES:
        language = LANGUAGE_TABLE[code]
        assert (
            f'href="/{code}/courses/online-termin/" lang="{code}" hreflang="{code}"' in switcher
        ), code
        assert language.endonym in switcher
    assert 'aria-current="true">العربية<' in switcher


def test_every_page_lists_its_translations_for_search_engines(client):
    html = client.get("/tr/courses/online-termin/").get_data(as_text=True)
    for code in LANGUAGES:
        assert (
            f'<link rel="alternate" hreflang="{code}" href="/{code}/courses/online-termin/">'
            in html
        )


def test_reading_a_page_in_another_language_does_not_change_the_accounts_language(
    client, auth, signed_in
):
    signed_in.language = "tr"
    db.session.commit()
    html = client.get("/de/").get_data(as_text=True)
    db.session.refresh(signed_in)
    assert signed_in.language == "tr"  # the next e-mail is still Turkish
    # The page offers to make German the account's language; only that choice changes it.
    assert "Your e-mails and your start page are in Türkçe." not in html  # the page is German
    assert "Ihre E-Mails und Ihre Startseite sind auf Türkçe." in html
    response = auth.post("/de/account/language", {"language": "de", "next": "/de/seminars/"})
    assert response.headers["Location"] == "/de/seminars/"
    db.session.refresh(signed_in)
    assert signed_in.language == "de"
    client.delete_cookie("lang")
    assert client.get("/").headers["Location"] == "/de/"


def test_the_language_switcher_keeps_the_filters_of_the_page(client):
    html = client.get("/ar/seminars/?city=frankfurt&language=tr").get_data(as_text=True)
    assert 'href="/de/seminars/?city=frankfurt&amp;language=tr"' in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/seminars/", "/de/seminars/"),
        ("/courses/online-termin/", "/de/courses/online-termin/"),
        ("/seminars/?city=wiesbaden", "/de/seminars/?city=wiesbaden"),
        ("/account/sign-in", "/de/account/sign-in"),
    ],
)
def test_addresses_without_a_language_lead_to_the_visitors_language(client, typed, expected):
    response = client.get(typed)
    assert response.status_code == 302 and response.headers["Location"] == expected
    response = client.get(typed, headers={"Accept-Language": "ar,en;q=0.5"})
    assert response.headers["Location"] == expected.replace("/de/", "/ar/", 1)


def test_an_address_that_exists_in_no_language_is_still_not_found(client):
    assert client.get("/nothing-here/").status_code == 404
    assert client.post("/seminars/").status_code in (404, 405)  # no redirect for a POST


def test_unknown_language_prefix_is_a_404_in_german_and_english(client):
    response = client.get("/xx/courses/online-termin/")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in html
    assert "Seite nicht gefunden" in html
    assert '<div lang="en" class="other-language">' in html
    assert "Page not found" in html


def test_leichte_sprache_uses_german_interface_and_its_own_lang_tag(client):
    html = client.get("/de-x-ls/").get_data(as_text=True)
    assert '<html lang="de-x-ls" dir="ltr">' in html
    assert "Kurse filtern" in html  # the German interface
    assert "de-LS" not in html


def test_browsers_are_never_sent_to_leichte_sprache_by_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "de-x-ls, de;q=0.5"})
    assert response.headers["Location"] == "/de/"


def test_lesson_missing_in_the_page_language_is_shown_in_german_with_a_notice(client):
    html = client.get("/tr/courses/sicher-online/warnsignale/").get_data(as_text=True)
    assert '<article class="lesson" lang="de" data-read-aloud' in html
    notice = html.split('<div class="notice" lang="tr" dir="ltr">', 1)[1].split("</div>", 1)[0]
    assert "Almanca" in notice  # "German", in Turkish


def test_learner_can_read_untranslated_lessons_in_english_instead(client):
    url = "/tr/courses/sicher-online/warnsignale/"
    response = client.post(
        "/tr/account/second-language",
        data={"second_language": "en", "next": url, "csrf_token": csrf_token(client, url)},
    )
    assert response.headers["Location"] == url
    html = client.get(url).get_data(as_text=True)
    assert '<article class="lesson" lang="en" data-read-aloud' in html


def test_course_page_marks_untranslated_lessons(client):
    html = client.get("/ar/courses/sicher-online/").get_data(as_text=True)
    assert html.count('class="translation-status"') == 5


# --- no English left on non-English pages ------------------------------------------------

PLACEHOLDER_RE = re.compile(r"%\(\w+\)[sd]|<[^>]+>")


def _english_fragments(language: str) -> set[str]:
    """Pieces of English msgids (between placeholders) that the language translates differently."""
    path = PROJECT_ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    fragments = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings:
                continue
            for fragment in PLACEHOLDER_RE.split(msgid):
                fragment = fragment.strip(" .,:;()“”\"'")
                # Short fragments ("Level", "done") can be real words in the page's language too.
                if len(fragment) >= 14 and " " in fragment:
                    fragments.add(fragment)
    return fragments


def _visible_text(html: str, language: str) -> str:
    """The page's text in its own language: content marked with another lang is left out."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Drop elements in another language (untranslated lessons, the language switcher).
    html = re.sub(
        r'<(\w+)[^>]*\blang="(?!' + re.escape(language) + r'")[^"]*"[^>]*>.*?</\1>',
        " ",
        html,
        flags=re.S,
    )
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html_lib.unescape(text).split())


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code not in ("en", "de-x-ls")])
def test_no_english_interface_text_leaks_into_other_languages(client, language, seminar):
    fragments = _english_fragments(language)
    assert fragments, "the catalogue should translate something"
    # An admin sees every kind of page: learner, translator and trainer pages.
    _sign_in_as(client, Role.ADMIN, complete_course="online-termin")
    pages = PUBLIC_PAGES + LEARNER_PAGES + TRANSLATOR_PAGES + SEMINAR_PAGES + TRAINER_PAGES
    for template in pages + ["/{lang}/no-such-page"]:
        url = template.format(lang=language, seminar=seminar.id)
        text = _visible_text(client.get(url).get_data(as_text=True), language)
        leaked = sorted(fragment for fragment in fragments if fragment in text)
        assert leaked == [], f"English on {url}: {leaked}"


def test_german_text_on_an_arabic_page_keeps_its_own_direction(client):
    html = client.get("/ar/courses/sicher-online/warnsignale/").get_data(as_text=True)
    assert '<article class="lesson" lang="de" dir="ltr" data-read-aloud' in html
    # The Arabic notice inside the German article is marked right-to-left again.
    assert '<div class="notice" lang="ar" dir="rtl">' in html
    catalogue = client.get("/ar/").get_data(as_text=True)
    assert 'lang="de" dir="ltr">' in catalogue


@pytest.mark.parametrize(("lang", "expected"), [("de", "1.234 Kurse"), ("en", "1,234 courses")])
def test_counts_are_written_the_way_the_page_language_writes_numbers(app, lang, expected):
    from flask import g, render_template_string

    with app.test_request_context(f"/{lang}/"):
        g.lang = lang
        rendered = render_template_string(
            "{% trans count=1234|number %}{{ count }} course{% pluralize %}{{ count }} courses{% endtrans %}"
        )
    assert rendered == expected


def test_the_site_has_an_icon_where_browsers_look_for_it(client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/en/").get_data(as_text=True)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"] == "/static/favicon.svg"
    with client.get("/static/favicon.svg") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


class _LangOfText(HTMLParser):
    """The language each piece of text is in, after the `lang` attributes around it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str | None, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if data.strip():
            lang = next((lang for _tag, lang in reversed(self.stack) if lang), None)
            tags = [tag for tag, _lang in self.stack]
            hidden = {"title", "script", "style"} & set(tags)  # not read out as page text
            self.texts.append((data.strip(), lang, "hidden" if hidden else ""))


def languages_of(html: str, text: str) -> set[str | None]:
    parser = _LangOfText()
    parser.feed(html)
    return {lang for data, lang, where in parser.texts if text in data and where != "hidden"}


def test_content_in_another_language_than_the_page_is_marked_wherever_it_appears(client):
    """A course only in German and English, read on Turkish pages: its title in the breadcrumbs,
    the heading and the lists is read with a German voice."""
    detail = course_detail("online-ausweis", ["de"])
    title = detail.text.title
    lesson = detail.lessons[0]
    pages = [
        "/tr/",
        "/tr/courses/online-ausweis/",
        f"/tr/courses/online-ausweis/{lesson.lesson.slug}/",
    ]
    for page in pages:
        html = client.get(page).get_data(as_text=True)
        assert languages_of(html, title) == {"de"}, page


def test_titles_in_another_language_are_marked_on_my_courses(client, auth, signed_in):
    """A Turkish reader's course that exists in German only: its title on the card and the first
    lesson's title inside the sentence "Start: …" are read with a German voice."""
    detail = course_detail("online-ausweis", ["de"])
    client.get("/tr/courses/online-ausweis/")
    auth.post("/tr/courses/online-ausweis/enroll")
    client.get("/tr/courses/online-ausweis/")  # the enrollment's message is shown there
    html = client.get("/tr/my/").get_data(as_text=True)
    assert languages_of(html, detail.text.title) == {"de"}
    assert languages_of(html, detail.lessons[0].text.title) == {"de"}


def test_strings_from_a_macro_file_follow_the_language_of_each_page(client):
    """Jinja shares an imported macro file between renders: its strings must still be translated
    for the page at hand, one language after another."""
    for language, words in [("de", "etwa"), ("en", "about"), ("tr", "yaklaşık"), ("de", "etwa")]:
        html = client.get(f"/{language}/").get_data(as_text=True)
        assert f"{words} " in html, language


@pytest.mark.parametrize(
    ("lang", "joined"), [("de", ", "), ("ar", "، "), ("fa", "، ساعت "), ("tr", " ")]
)
def test_a_seminars_date_and_time_are_joined_the_languages_way(client, lang, joined):
    from tests.factories import make_seminar

    seminar = make_seminar()
    html = client.get(f"/{lang}/seminars/{seminar.id}/").get_data(as_text=True)
    when = html.split(f'<time datetime="{seminar.starts_at.isoformat()}">', 1)[1].split("</time>")[
        0
    ]
    date_part, time_part = when.rsplit(joined, 1)
    assert date_part and time_part and ":" in time_part, when
    if lang in ("ar", "fa"):
        assert ", " not in when  # never an ASCII comma inside right-to-left text


def test_a_title_and_its_date_are_never_joined_by_an_ascii_comma_in_arabic(client):
    from datetime import timedelta

    from app.models import utcnow
    from tests.factories import make_seminar, make_trainer
    from tests.web import sign_in

    past = make_seminar(title="Vergangenes Seminar")
    past.starts_at = utcnow() - timedelta(days=2)
    past.ends_at = past.starts_at + timedelta(hours=2)
    db.session.commit()
    make_trainer()
    sign_in(client, "tara", lang="ar")
    html = client.get("/ar/trainer/seminars/").get_data(as_text=True)
    line = html[html.index("Vergangenes Seminar") :].split("</li>")[0]
    assert "</a> · " in line and "</a>, " not in line
