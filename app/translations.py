"""Interface translations at run time: a translator's mistake costs one string, never a page.

`flask translate compile` refuses a catalogue that breaks the rules of app/message_checks.py, but a
`.mo` file may come from elsewhere (an older build, another tool). So when the app loads a
language's catalogue it checks every translation once against its English text and drops those
that break a rule: that string is shown in English and the log says why. Formatting a string with
its values is guarded too: if it still fails, the English text is used and logged, never a 500.

Flask-Babel's Domain and Jinja's newstyle gettext are wrapped here, nowhere else.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.support import Translations
from flask import Flask
from flask_babel import Babel, Domain, get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.utils import cached_property

from app.message_checks import message_problems

log = logging.getLogger("lernlotse.translations")
_lock = threading.Lock()
#: Set on a catalogue once its translations have been checked.
CHECKED = "lernlotse_checked"


def _ids_and_strings(message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return ids, list(strings)


def drop_broken(translations: Translations, mo_files: list[Path], locale: str) -> int:
    """Remove every translation that breaks a rule from *translations*; how many were removed."""
    catalog = translations._catalog  # noqa: SLF001 - gettext's own dictionary, the one to mend
    dropped = 0
    for path in mo_files:
        with open(path, "rb") as handle:
            messages = read_mo(handle)
        for message in messages:
            if not message.id:
                continue
            ids, strings = _ids_and_strings(message)
            problems = [
                problem
                for string in strings
                for problem in message_problems(ids, string, plural=len(ids) > 1)
            ]
            if not problems:
                continue
            key = f"{message.context}\x04{ids[0]}" if message.context else ids[0]
            keys = [(key, index) for index in range(len(strings))] if len(ids) > 1 else [key]
            for name in keys:
                catalog.pop(name, None)
            dropped += 1
            log.warning(
                "translation not used, the English text is shown instead",
                extra={"locale": locale, "msgid": ids[0][:200], "problem": problems[0]},
            )
    return dropped


class CheckedDomain(Domain):
    """Flask-Babel's domain, with catalogues checked on load and formatting that cannot fail."""

    def get_translations(self):
        translations = super().get_translations()
        if not isinstance(translations, Translations) or getattr(translations, CHECKED, False):
            return translations
        with _lock:
            if not getattr(translations, CHECKED, False):
                locale = str(get_locale())
                files = [
                    Path(directory) / locale / "LC_MESSAGES" / f"{self.domain[0]}.mo"
                    for directory in self.translation_directories
                ]
                drop_broken(translations, [f for f in files if f.is_file()], locale)
                setattr(translations, CHECKED, True)
        return translations

    def gettext(self, string, **variables):
        translated = self.get_translations().ugettext(string)
        return format_or_english(translated, string, variables)

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        translated = self.get_translations().ungettext(singular, plural, num)
        return format_or_english(translated, _english((singular, plural, num), True), variables)

    def pgettext(self, context, string, **variables):
        translated = self.get_translations().upgettext(context, string)
        return format_or_english(translated, string, variables)

    def npgettext(self, context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        translated = self.get_translations().unpgettext(context, singular, plural, num)
        return format_or_english(translated, _english((singular, plural, num), True), variables)


def format_or_english(translated, english, variables: dict, always: bool = False):
    """`translated % variables`; if that fails, the English text with them (and a log line)."""
    if not variables and not always:
        return translated
    try:
        return translated % variables
    except (KeyError, ValueError, TypeError, IndexError) as error:
        log.warning(
            "translation could not be formatted, the English text is shown instead",
            extra={
                "locale": str(get_locale()),
                "msgid": str(english)[:200],
                "problem": repr(error),
            },
        )
        if isinstance(translated, Markup):
            english = Markup(english)
        return english % variables


class CheckedBabel(Babel):
    """Flask-Babel with the checked domain, for Python code and for templates."""

    @cached_property
    def domain_instance(self):
        return CheckedDomain(domain=self.domain)

    def init_app(self, app: Flask, *args, **kwargs) -> None:
        super().init_app(app, *args, **kwargs)
        _install_template_gettext(app)


def _english(args: tuple, plural: bool):
    """The English text gettext falls back to: the msgid, or the singular or plural by number."""
    if not plural:
        return args[0]
    singular, plural_text, number = args
    return singular if number == 1 else plural_text


def _template_function(method: str, *, context: bool = False, plural: bool = False):
    """Jinja's newstyle gettext function for one of gettext, ngettext, pgettext, npgettext: the
    same as Jinja's, except that the final `%` falls back to English instead of raising."""

    @pass_context
    def translate(jinja_context, *args, **variables):
        if plural:
            variables.setdefault("num", args[-1])
        translated = getattr(_render_translations(jinja_context), method)(*args)
        english = _english(args[1:] if context else args, plural)
        if jinja_context.eval_ctx.autoescape:
            translated, english = Markup(translated), Markup(english)
        return format_or_english(translated, english, variables, always=True)

    return translate


#: Where a template's context keeps the catalogue it last translated with, and for which locale.
_KEPT_CATALOGUE = "_lernlotse_translations"


def _render_translations(jinja_context):
    """The catalogue for the current locale, kept on the template's context.

    A page asks for a hundred strings or more, and Flask-Babel finds the catalogue afresh for each
    (the request context twice, the app's cache, the locale's name, a dictionary). Kept here, it
    costs one look at the locale. The locale is compared every time because Jinja shares the
    context of an imported macro file between renders, requests and threads; the pair is
    replaced as a whole, so a reader never sees one locale's catalogue under another's name.
    """
    locale = get_locale()
    kept = getattr(jinja_context, _KEPT_CATALOGUE, None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    setattr(jinja_context, _KEPT_CATALOGUE, (locale, translations))
    return translations


def _install_template_gettext(app: Flask) -> None:
    """Replace the gettext functions Flask-Babel installed in Jinja (same names, same behaviour)."""
    app.jinja_env.globals.update(
        gettext=_template_function("ugettext"),
        ngettext=_template_function("ungettext", plural=True),
        pgettext=_template_function("upgettext", context=True),
        npgettext=_template_function("unpgettext", context=True, plural=True),
    )
