"""The language table, locale selection and language-prefixed URLs.

Every page lives under a language prefix (/de/…, /en/…). The prefix is taken off the URL before a
view runs (it lands in ``g.lang``) and put back by ``url_for`` automatically, so views and
templates never pass it by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from flask_login import current_user

COOKIE_NAME = "lang"


@dataclass(frozen=True)
class Language:
    code: str
    #: The language's name in its own language and script, as the switcher shows it.
    endonym: str
    direction: str = "ltr"


# Every language the platform knows. Only those in config LANGUAGES are served as UI languages;
# course content may exist in any of them.
LANGUAGE_TABLE: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("de", "Deutsch"),
        Language("en", "English"),
        Language("tr", "Türkçe"),
        Language("ar", "العربية", "rtl"),
        Language("fa", "فارسی", "rtl"),
        Language("uk", "Українська"),
        Language("ru", "Русский"),
        Language("pl", "Polski"),
    )
}

DEFAULT_LANGUAGE = "de"


def enabled_languages() -> list[str]:
    """Codes of the UI languages this installation serves, default first."""
    return list(current_app.config["LANGUAGES"])


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
    return request.accept_languages.best_match(enabled) or DEFAULT_LANGUAGE


def select_locale() -> str:
    """Flask-Babel's locale selector: the URL prefix when there is one."""
    if g.get("lang"):
        return g.lang
    return negotiate_language() if has_request_context() else DEFAULT_LANGUAGE


def pull_lang(endpoint: str | None, values: dict | None) -> None:
    """Take the language prefix off the URL; an unknown prefix is a 404."""
    if values is None or "lang" not in values:
        return
    code = values.pop("lang")
    if code not in enabled_languages():
        abort(404)
    g.lang = code


def add_lang(endpoint: str, values: dict) -> None:
    """Put the current page's language into every URL that needs one."""
    if "lang" in values or not g.get("lang"):
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = g.lang


def remember_language(response):
    """Keep the language of the last page read, so that / brings the visitor back to it."""
    code = g.get("lang")
    if code and request.cookies.get(COOKIE_NAME) != code and response.status_code < 400:
        response.set_cookie(
            COOKIE_NAME,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def alternate_urls() -> list[tuple[Language, str]]:
    """The current page in every enabled language, for the switcher and hreflang links."""
    if (
        request.endpoint is None
        or request.url_rule is None
        or "lang" not in request.url_rule.arguments
    ):
        return []
    args = dict(request.view_args or {})
    return [
        (LANGUAGE_TABLE[code], url_for(request.endpoint, **args, lang=code))
        for code in enabled_languages()
    ]


bp = Blueprint("i18n", __name__)


@bp.route("/")
def root():
    """Send the visitor to the start page in their language."""
    return redirect(url_for("catalog.index", lang=negotiate_language()))


def init_app(app: Flask) -> None:
    """Wire the prefix handling into the app."""
    app.url_value_preprocessor(pull_lang)
    app.url_defaults(add_lang)
    app.after_request(remember_language)
    app.register_blueprint(bp)
