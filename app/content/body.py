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


def _setext_heading(lines: list[str], index: int) -> Heading | None:
    """The heading a "===" or "---" line makes of the line above it, if it does."""
    setext = SETEXT_RE.match(lines[index])
    previous = lines[index - 1] if index else ""
    if (
        not setext
        or not previous.strip()
        or HEADING_RE.match(previous)
        or BLOCK_START_RE.match(previous)
        or SETEXT_RE.match(previous)
    ):
        return None
    level = 1 if setext.group(1).startswith("=") else 2
    return Heading(index - 1, level, previous.strip())


@dataclass
class _References:
    """Reference-style links and images, and the "[label]: target" lines they take targets from."""

    definitions: dict[str, tuple[int, str]] = field(default_factory=dict)
    uses: list[tuple[int, bool, str, str]] = field(default_factory=list)

    def resolve(self) -> list[Link]:
        links = []
        for index, image, text, label in self.uses:
            if label in self.definitions:
                links.append(Link(index, image, text, self.definitions[label][1]))
            elif image:
                links.append(Link(index, True, text, ""))
        return links


def _scan_text(result: BodyScan, references: _References, line: str, index: int) -> None:
    """Headings, raw HTML, links and images of one line outside code."""
    heading = HEADING_RE.match(line)
    if heading:
        result.headings.append(Heading(index, len(heading.group(1)), heading.group(2) or ""))
    text = CODE_SPAN_RE.sub("", line)
    if RAW_HTML_RE.search(text):
        result.raw_html.append(index)
    definition = REF_DEF_RE.match(text)
    if definition:
        references.definitions[definition.group(1).strip().lower()] = (index, definition.group(2))
        return
    for link in LINK_RE.finditer(text):
        result.links.append(Link(index, link.group(1) == "!", link.group(2), link.group(3)))
    without_inline = LINK_RE.sub("", text)
    for image in REF_IMAGE_RE.finditer(without_inline):
        label = (image.group(2) or image.group(1)).strip().lower()
        references.uses.append((index, True, image.group(1), label))
    for link in REF_LINK_RE.finditer(without_inline):
        label = (link.group(2) or link.group(1)).strip().lower()
        references.uses.append((index, False, link.group(1), label))


def scan(body: str) -> BodyScan:
    """Find headings, links and check blocks outside code; indexes are 0-based body lines."""
    result = BodyScan()
    lines = body.split("\n")
    fence: tuple[str, int, str] | None = None  # (marker, start index, kind)
    references = _References()
    for index, line in enumerate(lines):
        match = FENCE_RE.match(line)
        if fence is not None:
            marker, start, kind = fence
            if match and match.group(2).startswith(marker) and not match.group(3):
                if kind == CHECK_KIND:
                    result.checks.append(CheckBlock(start, index, lines[start + 1 : index]))
                fence = None
        elif match:
            fence = (match.group(2), index, match.group(3).lower())
        else:
            if (setext := _setext_heading(lines, index)) is not None:
                result.headings.append(setext)
            _scan_text(result, references, line, index)
    result.links += references.resolve()
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


def _question(check: Check, line: str, explanation: list[str]) -> list[str]:
    """Take a '? …' line; what is wrong with it, if anything."""
    if check.question:
        return ["a self-check has one question; start a new ```check block for the next one"]
    problems = []
    if check.options or explanation:
        problems.append("put the question ('? …') first in the self-check")
    check.question = line[1:].strip()
    if not check.question:
        problems.append("the question after '?' is empty")
    return problems


def _complete(check: Check) -> list[str]:
    """What a whole self-check still lacks: a question, two answers, a right one, an explanation."""
    problems = []
    if not check.question:
        problems.append("the self-check has no question: add a line that starts with '? '")
    if len(check.options) < 2:
        problems.append(
            "the self-check needs at least two answers, each on a line starting with '- [ ] ' or '- [x] '"
        )
    elif not check.correct:
        problems.append("no answer is marked right: mark it with '- [x] '")
    if not check.explanation:
        problems.append(
            "the self-check has no explanation: add a line starting with '> ' that says why the answer is right"
        )
    return problems


def parse_check(lines: list[str]) -> tuple[Check, list[tuple[int, str]]]:
    """Parse the inside of a ```check block; problems carry their 0-based offset in *lines*."""
    check = Check()
    problems: list[tuple[int, str]] = []
    explanation: list[str] = []
    for offset, raw in enumerate(lines):
        line = raw.strip()
        option = OPTION_RE.match(line)
        if not line:
            continue
        if line.startswith("?"):
            problems += [(offset, problem) for problem in _question(check, line, explanation)]
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
    problems += [(0, problem) for problem in _complete(check)]
    return check, problems
