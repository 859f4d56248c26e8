"""Pages kept for visitors without an account: the catalogue, course pages and lessons.

Most readers never sign in, and what they read changes only when `flask courses import` runs. So a
page for a visitor who has no account, no guest progress and no message waiting is rendered once per
address, set of cookies and content version (app/content/version.py), kept in the process (the
PAGE_CACHE_ENTRIES most recently used pages), and served from there to the next such visitor.

What keeps this correct:
- only GET requests to views marked with `@for_visitors`, and only when the session holds nothing
  but a CSRF token: no account, no remember-me cookie, no guest progress, no flashed message;
- the key is the full URL, every cookie except the session (city, display settings, languages...)
  and the content version, so a visitor never gets a page made for other choices or older content;
- a page is kept only when the view answered 200 with HTML and kept nothing of the visitor's in
  the session (guest progress, a message);
- forms stay protected: the page is rendered with a placeholder where the CSRF token goes, and each
  visitor's own token is put in when the page is served.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from cachetools import LRUCache
from flask import Flask, Response, current_app, g, request, session
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE_NAME
from flask_wtf.csrf import generate_csrf

from app.caches import Store
from app.content.version import recent_content_version

#: What a visitor's session may hold for their pages to come from the cache: their CSRF token, and
#: what Flask and Flask-Login note for every session ("_fresh" means nothing without an account).
VISITOR_SESSION_KEYS = frozenset({"csrf_token", "_permanent", "_fresh"})
#: Headers a view may set on a page that is kept (the others are added per request, after it).
PAGE_HEADERS = frozenset({"Content-Type", "Content-Length"})
EXTENSION = "lernlotse_page_cache"

ViewT = TypeVar("ViewT", bound=Callable)


def for_visitors(view: ViewT) -> ViewT:
    """Mark a view whose page, for visitors without an account, depends only on the URL, the
    cookies and the content. Put it below the route decorator."""
    view.page_cache = True  # type: ignore[attr-defined]
    return view


@dataclass(frozen=True)
class CachedPage:
    body: str
    mimetype: str
    has_token: bool


class PageCache(Store[tuple, CachedPage]):
    """The most recently used pages of one app in one worker."""

    def __init__(self, max_entries: int) -> None:
        super().__init__(LRUCache(max_entries))
        #: Stands where the CSRF token goes while a page is rendered for the cache. Random per
        #: process, so that no content can contain it.
        self.token_placeholder = "csrf-placeholder-" + secrets.token_hex(16)


def _cache() -> PageCache:
    return current_app.extensions[EXTENSION]


def _is_plain_visitor() -> bool:
    """No account, no remember-me cookie, nothing of theirs in the session but a CSRF token."""
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE_NAME)
    return remember_cookie not in request.cookies and set(session) <= VISITOR_SESSION_KEYS


def _key() -> tuple | None:
    """The cache key of this request, or None when its page must be rendered for it alone."""
    if request.method != "GET" or request.endpoint is None:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "page_cache", False) or not _is_plain_visitor():
        return None
    session_cookie = current_app.config["SESSION_COOKIE_NAME"]
    cookies = tuple(
        sorted((name, value) for name, value in request.cookies.items() if name != session_cookie)
    )
    # The address as the server received it (cheaper than request.url, and just as exact).
    environ = request.environ
    address = (
        environ["wsgi.url_scheme"],
        request.host,
        environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )
    return (address, cookies, recent_content_version())


def _token_field() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def serve_kept_page() -> Response | None:
    """Before the view: answer from the cache, or prepare the rendering for it."""
    key = _key()
    if key is None:
        return None
    cache = _cache()
    page = cache.get(key)
    if page is None:
        g.page_cache_key = key
        # Flask-WTF takes the request's token from `g` when it is there: every form on the page
        # gets the placeholder, and the session is not touched while rendering.
        setattr(g, _token_field(), cache.token_placeholder)
        return None
    body = page.body
    if page.has_token:
        body = body.replace(cache.token_placeholder, generate_csrf())
    return current_app.response_class(body, mimetype=page.mimetype)


def keep_page(response: Response) -> Response:
    """After the view: keep the page when it may be shared, and put the visitor's token in."""
    key = g.pop("page_cache_key", None)
    if key is None:
        return response
    cache = _cache()
    g.pop(_token_field(), None)
    if response.mimetype != "text/html" or response.direct_passthrough or response.is_streamed:
        return response
    body = response.get_data(as_text=True)
    has_token = cache.token_placeholder in body
    if (
        response.status_code == 200
        and set(session) <= VISITOR_SESSION_KEYS  # the view kept nothing of the visitor's
        and set(response.headers.keys()) <= PAGE_HEADERS
    ):
        cache.put(key, CachedPage(body, response.mimetype, has_token))
    if has_token:
        response.set_data(body.replace(cache.token_placeholder, generate_csrf()))
    return response


def init_app(app: Flask) -> None:
    """Register last: `keep_page` must see the view's response before other hooks add headers."""
    entries = app.config["PAGE_CACHE_ENTRIES"]
    if entries <= 0:
        return
    app.extensions[EXTENSION] = PageCache(entries)
    app.before_request(serve_kept_page)
    app.after_request(keep_page)
