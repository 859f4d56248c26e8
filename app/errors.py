"""Error pages in the site layout and the page's language."""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.i18n import DEFAULT_LANGUAGE, enabled_languages, negotiate_language

MESSAGES = {
    400: (
        _l("The request could not be understood"),
        _l("Something in the request was not right. Please go back and try again."),
    ),
    403: (
        _l("You may not open this page"),
        _l(
            "Your account does not have permission for this page. If you think it should, ask your trainer."
        ),
    ),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. If you followed a link, the page may have moved."
        ),
    ),
    429: (
        _l("Too many attempts"),
        _l(
            "Please wait a few minutes, then try again. This protects your account from people guessing passwords."
        ),
    ),
    405: (
        _l("The request could not be understood"),
        _l("Something in the request was not right. Please go back and try again."),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("Please try again later. What you saved before is not lost."),
    ),
}


def render_error(code: int, title=None, text=None):
    if not g.get("lang"):
        # A URL that matched no route may still start with a language; otherwise (an unknown
        # prefix, a media file) the visitor's own language.
        first = request.path.strip("/").split("/", 1)[0]
        g.lang = first if first in enabled_languages() else negotiate_language()
    default_title, default_text = MESSAGES.get(code, MESSAGES[500])
    english = None
    if g.get("unknown_language"):
        # We cannot know the reader's language: say it in German (the page's) and English too.
        g.lang = DEFAULT_LANGUAGE
        with force_locale("en"):
            english = (
                str(title or default_title),
                str(text or default_text),
                gettext("Go to the list of courses"),
            )
    return render_template(
        "errors/error.html",
        code=code,
        title=title or default_title,
        text=text or default_text,
        english=english,
    ), code


def _http_error(error: HTTPException):
    return render_error(error.code or 500)


def _csrf_error(error: CSRFError):
    return render_error(
        400,
        _l("The form has expired"),
        _l(
            "For your security, forms can only be sent once and from this website. "
            "Please go back, reload the page and send the form again."
        ),
    )


def _server_error(error: Exception):
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)
