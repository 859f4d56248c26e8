"""Error pages in the site layout and the page's language; JSON errors for the open-data API.

Every error keeps the headers its exception carries (`Allow` on a 405, `Retry-After` on a 429), as
RFC 9110 asks, whether it is answered as a page or as JSON.
"""

from __future__ import annotations

from flask import Flask, g, jsonify, redirect, render_template, request
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.i18n import negotiate_language, prefixed_address
from app.languages import DEFAULT_LANGUAGE, enabled_languages

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
    413: (
        _l("Too much text at once"),
        _l("What you sent is longer than this site accepts. Please shorten it and send it again."),
    ),
    415: (
        _l("The request could not be understood"),
        _l("Something in the request was not right. Please go back and try again."),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("Please try again later. What you saved before is not lost."),
    ),
}


#: Open data answers in JSON, errors included (docs/open-data.md).
API_PREFIX = "/api/"


def _default_message(code: int):
    """The title and text for *code*: its own, else the general one for client or server errors."""
    if code in MESSAGES:
        return MESSAGES[code]
    return MESSAGES[400] if 400 <= code < 500 else MESSAGES[500]


def api_error(code: int, message: str, headers=None):
    """An error of the open-data API: JSON in English, the language of the API's documentation."""
    response = jsonify(error={"status": code, "message": message})
    response.status_code = code
    for name, value in headers or []:
        if name.lower() != "content-type":
            response.headers[name] = value
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def render_error(code: int, title=None, text=None, headers=None):
    if not g.get("lang"):
        # A URL that matched no route may still start with a language; otherwise (an unknown
        # prefix, a media file) the visitor's own language.
        first = request.path.strip("/").split("/", 1)[0]
        g.lang = first if first in enabled_languages() else negotiate_language()
    default_title, default_text = _default_message(code)
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
    body = render_template(
        "errors/error.html",
        code=code,
        title=title or default_title,
        text=text or default_text,
        english=english,
    )
    kept = [(name, value) for name, value in headers or [] if name.lower() != "content-type"]
    return body, code, kept


def _http_error(error: HTTPException):
    code = error.code or 500
    if code == 404 and (target := prefixed_address()) is not None:
        # /seminars/ and other addresses typed or shared without a language, like /.
        return redirect(target)
    headers = error.get_headers()
    if request.path.startswith(API_PREFIX):
        # The app's own errors say what was wrong; Werkzeug's generic ones get our title.
        if type(error).__module__.startswith("app."):
            return api_error(code, str(error.description), headers)
        with force_locale("en"):
            return api_error(code, str(_default_message(code)[0]), headers)
    return render_error(code, headers=headers)


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
    if request.path.startswith(API_PREFIX):
        with force_locale("en"):
            return api_error(500, str(MESSAGES[500][0]))
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(500, _server_error)
