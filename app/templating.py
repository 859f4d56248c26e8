"""What every template can use: the page language, the switcher, labels."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from functools import lru_cache

from babel.dates import get_datetime_format
from babel.numbers import format_decimal
from flask import Flask, has_request_context, request
from flask_babel import format_date, format_time, get_locale
from markupsafe import Markup, escape

from app.content.render import as_markup
from app.content.version import kept_per_revision
from app.i18n import alternate_urls, current_language, language_name, second_language
from app.labels import LEVEL_LABELS, TOPIC_LABELS
from app.languages import LANGUAGE_TABLE, SECOND_LANGUAGES


@lru_cache(maxsize=4096)
def _formatted(value: int, locale: str) -> str:
    # Babel reads the locale's number pattern on every call; pages print the same few counts.
    return format_decimal(value, locale=locale)


class LocaleNumber(int):
    """A count that chooses the plural form as a number and prints in the page's locale."""

    def __str__(self) -> str:
        return _formatted(int(self), str(get_locale()))


def locale_number(value: int) -> LocaleNumber:
    return LocaleNumber(value)


def date_and_time(moment: datetime, date_format: str = "full", time_format: str = "short") -> str:
    """A date and its time joined the way the page's language joins them (Babel's datetime
    pattern): "Donnerstag, 3. Dezember 2026, 10:00", and in Arabic with the Arabic comma, in
    Persian with "ساعت". Times are shown in the site's zone, as every date filter does."""
    pattern = str(get_datetime_format(date_format, locale=get_locale())).replace("'", "")
    return pattern.replace("{1}", format_date(moment, date_format)).replace(
        "{0}", format_time(moment, time_format)
    )


def lang_attrs(code: str) -> Markup:
    """`lang` (and `dir`, when the direction differs) for content in another language than the page."""
    page = current_language()
    if code == page.code:
        return Markup("")
    language = LANGUAGE_TABLE.get(code)
    attrs = Markup('lang="{}"').format(code)
    if language is not None and language.direction != page.direction:
        attrs += Markup(' dir="{}"').format(language.direction)
    return attrs


def in_language(text: str, code: str) -> Markup:
    """*text* (a title inside one of the page's sentences) marked with its language when that is
    not the page's, so that a screen reader switches voice for it."""
    attrs = lang_attrs(code)
    return Markup("<span {}>{}</span>").format(attrs, text) if attrs else escape(text)


def page_lang_attrs() -> Markup:
    """`lang` and `dir` of the page, for its own words inside content in another language."""
    page = current_language()
    return Markup('lang="{}" dir="{}"').format(page.code, page.direction)


#: Pieces of pages kept per app (kept_fragment()): a course card in one language is a few hundred
#: bytes, and the catalogue has a few hundred cards in nine languages at most.
FRAGMENTS_KEPT = 4096


def kept_fragment(key: tuple[Hashable, ...], render: Callable[..., str], *args: object) -> Markup:
    """What *render* (a macro) makes of *args*, rendered once per page language and content
    revision and kept: for pieces of pages shown to everyone alike, such as a course card.

    Only for pieces that depend on nothing but the content and the page's language (its words,
    its `lang` attributes, its language-prefixed links): never on the reader, their progress, a
    form token or anything counted live. *key* names the piece among the pieces of its kind.
    """
    return kept_per_revision(
        "fragments",
        FRAGMENTS_KEPT,
        (key, current_language().code),
        lambda: Markup(render(*args)),
    )


DISPLAY_COOKIE = "display"
DISPLAY_CHOICES = {"text_size": ("normal", "large"), "contrast": ("normal", "high")}


def display_settings() -> dict[str, str]:
    """The visitor's display settings from their cookie ("large,high"), with safe defaults."""
    parts = (request.cookies.get(DISPLAY_COOKIE) or "").split(",")
    settings = {"text_size": "normal", "contrast": "normal"}
    for key, value in zip(settings, parts, strict=False):
        if value in DISPLAY_CHOICES[key]:
            settings[key] = value
    return settings


def _display_classes() -> str:
    if not has_request_context():
        return ""  # e-mails are rendered outside requests
    settings = display_settings()
    classes = []
    if settings["text_size"] == "large":
        classes.append("text-large")
    if settings["contrast"] == "high":
        classes.append("contrast-high")
    return " ".join(classes)


def _context() -> dict:
    return {
        "display_classes": _display_classes(),
        "page_language": current_language(),
        "language_table": LANGUAGE_TABLE,
        "alternate_urls": alternate_urls,
        "language_name": language_name,
        "second_language": second_language,
        "second_languages": SECOND_LANGUAGES,
        "topic_labels": TOPIC_LABELS,
        "level_labels": LEVEL_LABELS,
    }


def init_app(app: Flask) -> None:
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markup_content"] = as_markup
    app.jinja_env.filters["number"] = locale_number
    app.jinja_env.filters["date_and_time"] = date_and_time
    app.jinja_env.globals.update(
        lang_attrs=lang_attrs,
        page_lang_attrs=page_lang_attrs,
        in_language=in_language,
        kept_fragment=kept_fragment,
    )
    app.context_processor(_context)
