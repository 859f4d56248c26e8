"""The UI catalogues (translations/*/LC_MESSAGES/messages.po): counting and checking them.

Used by `flask translate status`, `flask translate check` and the translators' page.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from app.config import PROJECT_ROOT
from app.message_checks import message_problems

TRANSLATIONS = PROJECT_ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"


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


def _msgstr_lines(path: Path) -> dict[int, list[int]]:
    """For each entry (by the line of its msgid), the lines where its msgstr (or msgstr[0],
    msgstr[1] …) begin: the lines a translator edits."""
    starts: dict[int, list[int]] = {}
    entry = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("msgid "):
            entry = number
        elif line.startswith("msgstr") and entry:
            starts.setdefault(entry, []).append(number)
    return starts


def check_catalogue(language: str, root: Path = TRANSLATIONS) -> CheckResult:
    """msgfmt --check, then placeholders, HTML and the plural forms of one catalogue. Each
    problem names the file and the msgstr line to change."""
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
    msgstr_lines = _msgstr_lines(path)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = _ids(message)
        lines = msgstr_lines.get(message.lineno, [message.lineno])
        for index, translation in enumerate(_strings(message)):
            where = f"{shown}:{lines[min(index, len(lines) - 1)]}"
            for problem in message_problems(ids, translation, plural=len(ids) > 1):
                result.problems.append(f"{where}: {problem}")
    return result
