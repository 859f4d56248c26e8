"""What every template can use: the page language, the switcher, labels."""

from __future__ import annotations

from flask import Flask

from app.content.render import as_markup
from app.i18n import (
    SECOND_LANGUAGES,
    alternate_urls,
    current_language,
    language_name,
    second_language,
)
from app.labels import LEVEL_LABELS, TOPIC_LABELS


def _context() -> dict:
    return {
        "page_language": current_language(),
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
    app.context_processor(_context)
