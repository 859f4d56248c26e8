"""The languages the platform knows: their codes, names and directions, and which are served.

Plain data, below everything that uses it (content, services, views); choosing the language of a
request is app/i18n.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app.config import ConfigError


@dataclass(frozen=True)
class Language:
    #: The BCP 47 tag: URL prefix, `lang` and `hreflang`, and the name of a course's folder.
    code: str
    #: The language's name in its own language and script, as the switcher shows it.
    endonym: str
    direction: str = "ltr"
    #: The Babel locale for interface strings, numbers and dates, when it differs from the code.
    babel_locale: str | None = None
    #: Content to show before the learner's second language when a text is missing.
    falls_back_to: str | None = None

    @property
    def locale(self) -> str:
        return self.babel_locale or self.code


# Every language the platform knows. Only those in config LANGUAGES are served; course content
# may exist in any of them.
LANGUAGE_TABLE: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("de", "Deutsch"),
        # Leichte Sprache (easy-read German) has no language subtag of its own: a private-use tag
        # (never "de-LS", which is German as spoken in Lesotho), German interface strings.
        Language("de-x-ls", "Leichte Sprache", babel_locale="de", falls_back_to="de"),
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
#: Languages a learner may choose for lessons that are not translated into their own.
SECOND_LANGUAGES = ("de", "en")


def enabled_languages() -> list[str]:
    """Codes of the UI languages this installation serves, default first."""
    return list(current_app.config["LANGUAGES"])


def check_languages(codes: list[str]) -> None:
    """Refuse to start with a LANGUAGES setting the code cannot serve (every page would fail)."""
    unknown = [code for code in codes if code not in LANGUAGE_TABLE]
    if unknown:
        raise ConfigError(
            f"LANGUAGES names {', '.join(unknown)}, which Lernlotse does not know. Known: "
            f"{', '.join(LANGUAGE_TABLE)}. A new language needs a line in LANGUAGE_TABLE "
            "(app/languages.py) and a catalogue (TRANSLATING.md) first."
        )
    if not codes or codes[0] != DEFAULT_LANGUAGE:
        raise ConfigError(
            f"LANGUAGES must start with {DEFAULT_LANGUAGE}, the language every course is written "
            f"in, for example LANGUAGES={DEFAULT_LANGUAGE},en,tr"
        )
