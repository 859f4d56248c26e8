"""A line scanner for lesson bodies: headings, links, images and ```check blocks, with line numbers.

The checker and the renderer both use it, so that what is checked is exactly what is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FENCE_RE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})\s*([\w-]*)")
HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
CODE_SPAN_RE = re.compile(r"`+[^`]*`+")
# [text](target "title") and ![alt](target "title")
LINK_RE = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)"
)

# [label]: target "title"
REF_DEF_RE = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?([^\s>]*)>?(?:\s+[\"'(].*)?\s*$")
# ![alt][label], ![alt][] and ![alt] followed by no ( — images that take their target from a definition
REF_IMAGE_RE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?(?!\()")
# [text][label]
REF_LINK_RE = re.compile(r"(?<!!)\[([^\]]+)\]\[([^\]]*)\]")
SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
# A tag, a comment or a processing instruction; <https://…> and <name@host> are Markdown autolinks.
RAW_HTML_RE = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|!--.*?--)>")
BLOCK_START_RE = re.compile(r"^\s*(?:[-*+>|]|\d+[.)])\s")

CHECK_KIND = "check"


@dataclass
class Heading:
    line: int
    level: int
    text: str


@dataclass
class Link:
    line: int
    image: bool
    text: str
    target: str


@dataclass
class CheckBlock:
    #: 0-based indexes into the body's lines: the opening fence and the closing fence (None if open)
    start: int
    end: int | None
    lines: list[str]


@dataclass
class BodyScan:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    checks: list[CheckBlock] = field(default_factory=list)
    #: 0-based indexes of lines with raw HTML (shown as text: authors write Markdown)
    raw_html: list[int] = field(default_factory=list)
    #: 0-based index of a code fence that is never closed
    unclosed_fence: int | None = None


def scan(body: str) -> BodyScan:
    """Find headings, links and check blocks outside code; indexes are 0-based body lines."""
    result = BodyScan()
    lines = body.split("\n")
    fence: tuple[str, int, str] | None = None  # (marker, start index, kind)
    definitions: dict[str, tuple[int, str]] = {}
    references: list[tuple[int, bool, str, str]] = []
    for index, line in enumerate(lines):
        match = FENCE_RE.match(line)
        if fence is not None:
            marker, start, kind = fence
            if match and match.group(2).startswith(marker) and not match.group(3):
                if kind == CHECK_KIND:
                    result.checks.append(CheckBlock(start, index, lines[start + 1 : index]))
                fence = None
            continue
        if match:
            fence = (match.group(2), index, match.group(3).lower())
            continue
        heading = HEADING_RE.match(line)
        if heading:
            result.headings.append(Heading(index, len(heading.group(1)), heading.group(2) or ""))
        setext = SETEXT_RE.match(line)
        previous = lines[index - 1] if index else ""
        if (
            setext
            and previous.strip()
            and not HEADING_RE.match(previous)
            and not BLOCK_START_RE.match(previous)
            and not SETEXT_RE.match(previous)
        ):
            level = 1 if setext.group(1).startswith("=") else 2
            result.headings.append(Heading(index - 1, level, previous.strip()))
        text = CODE_SPAN_RE.sub("", line)
        if RAW_HTML_RE.search(text):
            result.raw_html.append(index)
        definition = REF_DEF_RE.match(text)
        if definition:
            definitions[definition.group(1).strip().lower()] = (index, definition.group(2))
            continue
        for link in LINK_RE.finditer(text):
            result.links.append(Link(index, link.group(1) == "!", link.group(2), link.group(3)))
        without_inline = LINK_RE.sub("", text)
        for image in REF_IMAGE_RE.finditer(without_inline):
            label = (image.group(2) or image.group(1)).strip().lower()
            references.append((index, True, image.group(1), label))
        for link in REF_LINK_RE.finditer(without_inline):
            label = (link.group(2) or link.group(1)).strip().lower()
            references.append((index, False, link.group(1), label))
    # Reference-style links and images take their target from a "[label]: target" line.
    for index, image, text, label in references:
        if label in definitions:
            result.links.append(Link(index, image, text, definitions[label][1]))
        elif image:
            result.links.append(Link(index, True, text, ""))
    if fence is not None:
        marker, start, kind = fence
        if kind == CHECK_KIND:
            result.checks.append(CheckBlock(start, None, lines[start + 1 :]))
        result.unclosed_fence = start
    return result


@dataclass
class Check:
    question: str = ""
    options: list[str] = field(default_factory=list)
    correct: list[int] = field(default_factory=list)
    explanation: str = ""


OPTION_RE = re.compile(r"^-\s+\[([ xX])\]\s+(.+)$")


def parse_check(lines: list[str]) -> tuple[Check, list[tuple[int, str]]]:
    """Parse the inside of a ```check block; problems carry their 0-based offset in *lines*."""
    check = Check()
    problems: list[tuple[int, str]] = []
    explanation: list[str] = []
    for offset, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        option = OPTION_RE.match(line)
        if line.startswith("?"):
            if check.question:
                problems.append(
                    (
                        offset,
                        "a self-check has one question; start a new ```check block for the next one",
                    )
                )
            elif check.options or explanation:
                problems.append((offset, "put the question ('? …') first in the self-check"))
            check.question = line[1:].strip()
            if not check.question:
                problems.append((offset, "the question after '?' is empty"))
        elif option:
            if explanation:
                problems.append(
                    (offset, "put every answer ('- [ ] …') before the explanation ('> …')")
                )
            if option.group(1).lower() == "x":
                check.correct.append(len(check.options))
            check.options.append(option.group(2).strip())
        elif line.startswith(">"):
            explanation.append(line[1:].strip())
        else:
            problems.append(
                (
                    offset,
                    "this line of the self-check is not understood: start it with '? ' for the question, "
                    "'- [ ] ' for a wrong answer, '- [x] ' for a right answer or '> ' for the explanation",
                )
            )
    check.explanation = "\n".join(explanation).strip()
    if not check.question:
        problems.append((0, "the self-check has no question: add a line that starts with '? '"))
    if len(check.options) < 2:
        problems.append(
            (
                0,
                "the self-check needs at least two answers, each on a line starting with '- [ ] ' or '- [x] '",
            )
        )
    elif not check.correct:
        problems.append((0, "no answer is marked right: mark it with '- [x] '"))
    if not check.explanation:
        problems.append(
            (
                0,
                "the self-check has no explanation: add a line starting with '> ' that says why the answer is right",
            )
        )
    return check, problems
