"""The UI catalogues (translations/*/LC_MESSAGES/messages.po): counting and checking them.

Used by `flask translate status`, `flask translate check` and the translators' page.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"

PERCENT_RE = re.compile(r"%\((\w+)\)[sd]|%[sd]")
BRACE_RE = re.compile(r"\{(\w+)\}")
TAG_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
ATTR_RE = re.compile(r"<a\s[^>]*>")


def po_path(language: str, root: Path = TRANSLATIONS) -> Path:
    return root / language / "LC_MESSAGES" / "messages.po"


def catalogue_languages(root: Path = TRANSLATIONS) -> list[str]:
    """Languages that have a messages.po."""
    return sorted(p.parent.parent.name for p in root.glob("*/LC_MESSAGES/messages.po"))


def read_catalogue(path: Path) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, abort_invalid=False)


def _strings(message: Message) -> list[str]:
    value = message.string
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _ids(message: Message) -> list[str]:
    value = message.id
    return list(value) if isinstance(value, (list, tuple)) else [value]


@dataclass
class CatalogueStatus:
    language: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def complete(self) -> bool:
        return self.fuzzy == 0 and self.untranslated == 0


def catalogue_status(language: str, root: Path = TRANSLATIONS) -> CatalogueStatus:
    """Translated, fuzzy and untranslated counts of one language's catalogue."""
    status = CatalogueStatus(language)
    for message in read_catalogue(po_path(language, root)):
        if not message.id:
            continue  # the header
        if message.fuzzy:
            status.fuzzy += 1
        elif all(_strings(message)):
            status.translated += 1
        else:
            status.untranslated += 1
    return status


@dataclass
class CheckResult:
    language: str
    problems: list[str] = field(default_factory=list)


def _placeholders(text: str) -> set[str]:
    found = {match.group(0) for match in PERCENT_RE.finditer(text)}
    return found | {match.group(0) for match in BRACE_RE.finditer(text)}


def _tags(text: str) -> list[str]:
    return sorted(
        match.group(0) if match.group(0).startswith("<a") else match.group(1).lower()
        for match in TAG_RE.finditer(text)
    )


def check_catalogue(language: str, root: Path = TRANSLATIONS) -> CheckResult:
    """msgfmt --check, then placeholders, HTML tags and the plural forms of one catalogue."""
    result = CheckResult(language)
    path = po_path(language, root)
    shown = path.relative_to(root.parent) if path.is_relative_to(root.parent) else path
    completed = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        result.problems += [
            line
            for line in completed.stderr.splitlines()
            if line.strip() and "warning:" not in line and not line.startswith("msgfmt: found")
        ] or [f"{shown}: msgfmt --check failed"]

    catalog = read_catalogue(path)
    expected = get_plural(Locale.parse(language.replace("-", "_")))
    if catalog.num_plurals != expected.num_plurals:
        result.problems.append(
            f"{shown}: Plural-Forms has nplurals={catalog.num_plurals}, but {language} needs "
            f"{expected.num_plurals}: {expected.plural_forms}"
        )
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = _ids(message)
        for index, translation in enumerate(_strings(message)):
            if not translation:
                continue
            # A plural translation may leave out the number in forms that mean exactly one or two.
            source = ids[min(index, len(ids) - 1)] if len(ids) > 1 else ids[0]
            where = f"{shown}:{message.lineno}"
            missing = _placeholders(" ".join(ids)) - _placeholders(translation)
            extra = _placeholders(translation) - _placeholders(" ".join(ids))
            if extra:
                result.problems.append(
                    f"{where}: unknown placeholder(s) {', '.join(sorted(extra))} in the translation"
                )
            if missing and not (len(ids) > 1 and missing <= {"%(count)s", "%(num)s"}):
                result.problems.append(
                    f"{where}: placeholder(s) {', '.join(sorted(missing))} of the English text are missing"
                )
            if _tags(source) != _tags(translation):
                result.problems.append(
                    f"{where}: the HTML tags differ from the English text ({' '.join(_tags(source)) or 'none'})"
                )
    return result
