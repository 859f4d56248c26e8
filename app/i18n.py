"""Languages in a request: locale selection and language-prefixed URLs (the table of languages
itself is app/languages.py).

Every page lives under a language prefix (/de/…, /en/…). The prefix is taken off the URL before a
view runs (it lands in ``g.lang``) and put back by ``url_for`` automatically, so views and
templates never pass it by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from babel import Locale
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from app import cookies
from app.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGE_TABLE,
    SECOND_LANGUAGES,
    Language,
    check_languages,
    enabled_languages,
)

COOKIE_NAME = "lang"
SECOND_LANGUAGE_COOKIE = "second_lang"


def language_name(code: str) -> str:
    """The name of a language in the page's language ("Deutsch", "الألمانية", "Almanca")."""
    if code == "de-x-ls":
        # i18n: the name of easy-read German; "Leichte Sprache" is the term German readers know
        return gettext("Leichte Sprache (easy-read German)")
    return _language_names(current_language().locale).get(code, code)


@functools.cache
def _language_names(locale: str) -> Mapping[str, str]:
    """Babel's names of languages in *locale* (parsing a locale costs more than a page's SQL, and
    there are only as many as the platform's languages)."""
    return Locale.parse(locale).languages


def current_language() -> Language:
    """The language of the page being served (German outside a request)."""
    code = g.get("lang") if g else None
    return LANGUAGE_TABLE[code or DEFAULT_LANGUAGE]


def negotiate_language() -> str:
    """The visitor's language: saved choice, then Accept-Language (with q-values), then German."""
    enabled = enabled_languages()
    if current_user and current_user.is_authenticated and current_user.language in enabled:
        return current_user.language
    saved = request.cookies.get(COOKIE_NAME)
    if saved in enabled:
        return saved
    # Browsers never ask for the private-use Leichte Sprache tag; offer only real languages.
    negotiable = [code for code in enabled if LANGUAGE_TABLE[code].babel_locale is None]
    return request.accept_languages.best_match(negotiable) or DEFAULT_LANGUAGE


def select_locale() -> str:
    """Flask-Babel's locale selector: the URL prefix's language when there is one."""
    if g.get("lang"):
        return LANGUAGE_TABLE[g.lang].locale
    code = negotiate_language() if has_request_context() else DEFAULT_LANGUAGE
    return LANGUAGE_TABLE[code].locale


def second_language() -> str:
    """The language a learner reads untranslated lessons in: their choice, else German."""
    if current_user and current_user.is_authenticated and current_user.second_language:
        return current_user.second_language
    chosen = request.cookies.get(SECOND_LANGUAGE_COOKIE)
    return chosen if chosen in SECOND_LANGUAGES else DEFAULT_LANGUAGE


def content_languages() -> list[str]:
    """The order in which to look for a text: the page's language, its fallback, the second language."""
    language = current_language()
    order = [language.code]
    if language.falls_back_to:
        order.append(language.falls_back_to)
    order.append(second_language())
    return list(dict.fromkeys(order))


def pull_lang(endpoint: str | None, values: dict | None) -> None:
    """Take the language prefix off the URL; an unknown prefix is a 404."""
    if values is None or "lang" not in values:
        return
    code = values.pop("lang")
    if code not in enabled_languages():
        g.unknown_language = code
        abort(404)
    g.lang = code


def add_lang(endpoint: str, values: dict) -> None:
    """Put the current page's language into every URL that needs one."""
    if "lang" in values or not g.get("lang"):
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = g.lang


def remember_language(response):
    """Keep the language of the last page read in a cookie, so that / and the next visit bring the
    visitor back to it. An account's language (e-mails, the start page) changes only when its
    owner chooses so (settings.choose_language): following a link to a German page must not
    make the next e-mail German."""
    code = g.get("lang")
    if not code or response.status_code >= 400:
        return response
    if request.cookies.get(COOKIE_NAME) != code:
        cookies.keep(response, COOKIE_NAME, code)
    return response


def alternate_urls() -> list[tuple[Language, str]]:
    """The current page in every enabled language, for the switcher and hreflang links (built
    once a request: a page asks twice, for its head and its switcher)."""
    if "alternate_urls" not in g:
        g.alternate_urls = _alternate_urls()
    return g.alternate_urls


def _alternate_urls() -> list[tuple[Language, str]]:
    if (
        request.endpoint is None
        or request.url_rule is None
        or "lang" not in request.url_rule.arguments
    ):
        return []
    args = dict(request.view_args or {})
    # The same page, filters included: ?city=frankfurt stays when the language changes. (Names
    # starting with "_" would be options of url_for, and no form of the site uses one.)
    query = {
        name: values
        for name, values in request.args.to_dict(flat=False).items()
        if name not in args and name != "lang" and not name.startswith("_")
    }
    return [
        (LANGUAGE_TABLE[code], url_for(request.endpoint, **args, **query, lang=code))
        for code in enabled_languages()
    ]


def prefixed_address() -> str | None:
    """For a GET to an address without a language prefix that exists with one (/seminars/,
    /courses/online-termin/): that address in the visitor's language, query string kept."""
    if request.method not in ("GET", "HEAD"):
        return None
    first = request.path.strip("/").split("/", 1)[0]
    if first in LANGUAGE_TABLE:
        return None
    code = negotiate_language()
    path = f"/{code}{request.path}"
    try:
        endpoint, _args = current_app.url_map.bind_to_environ(request.environ).match(path)
    except HTTPException:
        return None
    if not current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        return None
    query = request.query_string.decode("latin-1")
    return path + (f"?{query}" if query else "")


bp = Blueprint("i18n", __name__)


@bp.get("/favicon.ico")
def favicon():
    """Browsers and bookmarking tools ask for this address whatever the page says."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.route("/")
def root():
    """Send the visitor to the start page in their language."""
    return redirect(url_for("catalog.index", lang=negotiate_language()))


def init_app(app: Flask) -> None:
    """Wire the prefix handling into the app."""
    check_languages(app.config["LANGUAGES"])
    app.url_value_preprocessor(pull_lang)
    app.url_defaults(add_lang)
    app.after_request(remember_language)
    app.register_blueprint(bp)
