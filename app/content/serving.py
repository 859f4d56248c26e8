"""Imported content HTML on its way into a page: the one request-time step (no Markdown here).

`city:` links are resolved here, because they depend on who reads: a learner who chose a city gets
that city's page; anyone else sees one link per city, labelled with the city's name. The caller
says who reads (app/cities/context.py); nothing here reads the request.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import url_for
from flask_babel import force_locale, gettext
from markupsafe import Markup, escape

from app.content.reading import CityInfo
from app.content.render import CITY_LINK_FORM, as_markup, resolve_city_links
from app.languages import LANGUAGE_TABLE

#: A `city:` link as app/content/render.py stores it (CITY_LINK_FORM), with its text.
CITY_ANCHOR_RE = re.compile(
    re.escape(CITY_LINK_FORM).replace(re.escape("{key}"), "([A-Za-z0-9_-]+)") + "(.*?)</a>", re.S
)


def content_html(
    html: str,
    language: str,
    reader_city: Callable[[], CityInfo | None],
    all_cities: Callable[[], list[CityInfo]],
) -> Markup:
    """Content HTML with its `city:` links resolved for the reader; *language* is the content's.
    *reader_city* tells the reader's city (None: not said, so every city's link, labelled), and
    is asked only when the HTML has a `city:` link."""
    if "city:" not in html:
        return as_markup(html)
    with force_locale(LANGUAGE_TABLE[language].locale if language in LANGUAGE_TABLE else "de"):
        # i18n: hidden text read out after a link that leaves Lernlotse
        outside = gettext("(external website)")
    city = reader_city()
    cities = [city] if city is not None else all_cities()

    def resolve(match: re.Match) -> str:
        key, text = match.group(1), match.group(2)
        targets = [(c, c.links[key]) for c in cities if key in c.links]
        if not targets:
            return match.group(0)  # handled below: the page that lets the reader choose
        if city is not None:
            return _anchor(targets[0][1], Markup(text), outside)
        labelled = ", ".join(_anchor(url, escape(c.name), outside) for c, url in targets)
        return f"{text} ({labelled})"

    html = CITY_ANCHOR_RE.sub(resolve, html)
    return as_markup(resolve_city_links(html, lambda key: url_for("catalog.city_link", key=key)))


def _anchor(url: str, text: Markup, outside: str) -> str:
    if url.startswith(("http://", "https://")):
        return (
            f'<a class="external-link" href="{escape(url)}" rel="noopener noreferrer">{text}'
            f'<span class="visually-hidden"> {escape(outside)}</span></a>'
        )
    return f'<a href="{escape(url)}">{text}</a>'
