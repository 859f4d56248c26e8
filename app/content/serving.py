"""Imported content HTML on its way into a page: the one request-time step (no Markdown here)."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from app.content.render import as_markup, resolve_city_links


def content_html(html: str) -> Markup:
    """Content HTML with its `city:` links pointed at the page that lets the learner pick a city."""
    return as_markup(resolve_city_links(html, lambda key: url_for("catalog.city_link", key=key)))
