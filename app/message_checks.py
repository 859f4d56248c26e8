"""Does a translation have the same placeholders and the same HTML as its English text?

One set of rules for every place that needs them: `flask translate check`, `flask translate compile`
(which refuses a catalogue that breaks them), the translators' page, and the running app, which drops
any translation that breaks them (the English text is shown instead) when it loads a catalogue built
elsewhere. Translations are shown as trusted HTML in templates, so "the same HTML" is exact: the
same tags with the same attributes and values, each closed; a translator may move them in the
sentence, never add, drop or change one. Problems are said in plain words, for translators who are
not programmers.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

PERCENT_RE = re.compile(r"%\((\w+)\)[sd]|%[sd]")
BRACE_RE = re.compile(r"\{(\w+)\}")
#: Elements that have no end tag.
VOID = frozenset({"br", "hr", "img", "input", "wbr", "meta", "link", "source", "track", "area"})


def placeholders(text: str) -> set[str]:
    """%(name)s, %s and {name} in *text*."""
    found = {match.group(0) for match in PERCENT_RE.finditer(text)}
    return found | {match.group(0) for match in BRACE_RE.finditer(text)}


class _Markup(HTMLParser):
    """The start tags of a text (name and attributes), and what is wrong with its structure."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.open: list[str] = []
        #: (what, in plain words): "what" is compared with the English text, the words are shown.
        self.broken: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        shown = "".join(
            f' {name}="{value}"' if value is not None else f" {name}" for name, value in attrs
        )
        self.tags[f"<{tag}{shown}>"] += 1
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.broken.append((f"</{tag}>", f"</{tag}> closes nothing that is open at that point"))


#: A complete tag, as far as "is every < part of one?" is concerned.
TAG_RE = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")


def markup(text: str) -> _Markup:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    covered = {i for match in TAG_RE.finditer(text) for i in range(*match.span())}
    for index, char in enumerate(text):
        if char in "<>" and index not in covered:
            near = text[max(0, index - 10) : index + 25]
            parser.broken.append((char, f"the “{char}” in “{near}” is not part of a complete tag"))
    parser.broken += [(f"<{tag}>", f"<{tag}> is never closed") for tag in parser.open]
    return parser


class _AnyValue(dict):
    """Stands for every variable when trying whether a text formats."""

    def __missing__(self, key):
        return 0


def formats(text: str) -> bool:
    """Whether Python's % formatting accepts *text* (as every translation is formatted)."""
    try:
        text % _AnyValue()
    except (ValueError, TypeError, KeyError):
        return False
    return True


def message_problems(ids: list[str], translation: str, *, plural: bool = False) -> list[str]:
    """What is wrong with *translation* of the English text(s) *ids* (one, or singular and
    plural), in plain words. Empty when the translation is fine."""
    if not translation:
        return []
    problems = []
    english = placeholders(" ".join(ids))
    own = placeholders(translation)
    if extra := sorted(own - english):
        problems.append(
            f"the translation has {', '.join(extra)}, which the English text does not have. "
            f"Use only the placeholders of the English text ({', '.join(sorted(english)) or 'none'})."
        )
    missing = english - own
    # A plural form may leave out the number where it means exactly one (or two).
    if plural:
        missing -= {"%(count)s", "%(num)s", "%(num)d"}
    if missing:
        problems.append(
            f"{', '.join(sorted(missing))} is missing in the translation. Copy it unchanged from "
            "the English text: the program puts a name, a number or a link there."
        )
    if not problems and any(formats(text) for text in ids) and not formats(translation):
        problems.append("a % sign on its own must be written as %% (for example “50 %%”).")
    source, target = markup(ids[0]), markup(translation)
    for tag in sorted((target.tags - source.tags).elements()):
        problems.append(
            f"the translation has the HTML tag {tag}, which the English text does not have. "
            "Keep exactly the tags of the English text."
        )
    for tag in sorted((source.tags - target.tags).elements()):
        problems.append(
            f"the HTML tag {tag} of the English text is missing in the translation (or its "
            "attributes were changed). Copy it unchanged."
        )
    # Only what the translation breaks: an English text may itself contain "a < b".
    allowed = Counter(what for what, _words in source.broken)
    for what, words in target.broken:
        if allowed[what] > 0:
            allowed[what] -= 1
        else:
            problems.append(f"the HTML is broken: {words}.")
    return problems
