"""Markdown → sanitised HTML, once, at import. The one allowlist for content HTML lives here.

Swapping the sanitiser means changing this file only.
"""

from __future__ import annotations

import html as html_lib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement

import bleach
import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from app.content.body import parse_check, scan

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_HEADING_ATTRS = ["id"]
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {
    "a": ["href", "title", "rel", "class"],
    "img": ["src", "alt", "title", "width", "height"],
    "abbr": ["title"],
    "th": ["scope"],
    "code": ["class"],
    "span": ["class"],
    "ol": ["start"],
    **{f"h{level}": _HEADING_ATTRS for level in range(2, 7)},
}
#: `city:` links are resolved for the learner's city when the page is served.
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel", "city"})

EXTERNAL_RE = re.compile(r"^https?://", re.IGNORECASE)
CHECK_MARKER_RE = re.compile(r"<!--check:(\d+)-->")
#: A table of contents is shown from this many second-level headings on.
TOC_MIN_HEADINGS = 3


@dataclass
class Rendered:
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)


LinkResolver = Callable[[str], str | None]


class _LinkTreeprocessor(Treeprocessor):
    """Rewrites lesson links and image sources; marks links that leave the site."""

    def __init__(
        self,
        md: markdown.Markdown,
        resolve_link: LinkResolver,
        resolve_image: LinkResolver,
        external_label: str,
    ) -> None:
        super().__init__(md)
        self.resolve_link = resolve_link
        self.resolve_image = resolve_image
        self.external_label = external_label

    def run(self, root: Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            if EXTERNAL_RE.match(href):
                element.set("rel", "noopener noreferrer")
                element.set("class", "external-link")
                hint = SubElement(element, "span", {"class": "visually-hidden"})
                hint.text = f" {self.external_label}"
            else:
                resolved = self.resolve_link(href)
                if resolved is not None:
                    element.set("href", resolved)
        for element in list(root.iter("img")):
            src = element.get("src", "")
            if urlsplit(src).scheme:
                # Pages load nothing from other sites (the checker refuses such files anyway).
                alt = element.get("alt", "")
                element.clear()
                element.tag, element.text = "span", alt
                continue
            resolved = self.resolve_image(src)
            if resolved is not None:
                element.set("src", resolved)


class _LinkExtension(Extension):
    def __init__(
        self, resolve_link: LinkResolver, resolve_image: LinkResolver, external_label: str
    ) -> None:
        super().__init__()
        self.args = (resolve_link, resolve_image, external_label)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_LinkTreeprocessor(md, *self.args), "lernlotse_links", 1)
        # Raw HTML in a course file is shown as text, never passed through: every link and image
        # then goes through the rewriting above, and bleach only has Markdown's own output to clean.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def sanitise(html: str) -> str:
    """The one allowlist: everything else is stripped. City links come out in our own form."""
    cleaned = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return canonical_city_links(cleaned)


#: How every `city:` link is stored, whatever the sanitiser writes: serving finds them by it.
CITY_LINK_FORM = '<a href="city:{key}">'
CITY_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
_A_START_RE = re.compile(r"<a\b[^>]*>", re.IGNORECASE)


class _StartTag(HTMLParser):
    """The attributes of one start tag, however they are quoted or ordered."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.attributes: dict[str, str | None] = {}
        self.feed(tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes = dict(attrs)


def canonical_city_links(html: str) -> str:
    """Rewrite the start tag of every `city:` link to CITY_LINK_FORM (only the href matters)."""

    def canonical(match: re.Match) -> str:
        href = _StartTag(match.group(0)).attributes.get("href") or ""
        key = href.removeprefix("city:")
        if href.startswith("city:") and CITY_KEY_RE.fullmatch(key):
            return CITY_LINK_FORM.format(key=key)
        return match.group(0)

    return _A_START_RE.sub(canonical, html)


def _markdown(
    resolve_link: LinkResolver,
    resolve_image: LinkResolver,
    external_label: str,
    line_breaks: bool = False,
) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            *(["nl2br"] if line_breaks else []),
            "tables",
            "fenced_code",
            "attr_list",
            TocExtension(slugify=slugify_unicode, toc_depth="2-3"),
            _LinkExtension(resolve_link, resolve_image, external_label),
        ],
        output_format="html",
    )


def _no_rewrite(target: str) -> None:
    return None


_LINK_RE = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_HIDDEN_RE = re.compile(r'<span class="visually-hidden">.*?</span>', re.DOTALL)


def links_as_text(html: str) -> str:
    """Sanitised HTML with its links shown, not followed: the link's words as an e-mail shows them,
    then the address behind them, as pointing at a link in a mail program reveals it. For the
    messages of a practice, where learners judge links and must not follow a fake one."""

    def shown(match: re.Match[str]) -> str:
        words = _HIDDEN_RE.sub("", match.group(2))
        return (
            f'<span class="practice-link">{words}</span> '
            f'<code class="practice-link__address">{match.group(1)}</code>'
        )

    return _LINK_RE.sub(shown, html)


def render(
    body: str,
    *,
    resolve_link: LinkResolver = _no_rewrite,
    resolve_image: LinkResolver = _no_rewrite,
    external_label: str = "(external website)",
    line_breaks: bool = False,
) -> Rendered:
    """Render a lesson or introduction body; ```check blocks become structured self-checks.

    With *line_breaks*, a line break in the file stays one on the page: Leichte Sprache puts every
    sentence on its own line.
    """
    md = _markdown(resolve_link, resolve_image, external_label, line_breaks)
    found = scan(body)
    lines = body.split("\n")
    token = "LLCHECK" + secrets.token_hex(6)
    checks: list[dict[str, Any]] = []
    # Replace each check block by a paragraph holding a marker, last block first so indexes stay.
    for number, block in reversed(list(enumerate(found.checks, 1))):
        end = block.end if block.end is not None else len(lines) - 1
        lines[block.start : end + 1] = ["", f"{token}N{number}", ""]
    for block in found.checks:
        check, _problems = parse_check(block.lines)
        explanation = sanitise(md.reset().convert(check.explanation))
        checks.append(
            {
                "question": check.question,
                "options": check.options,
                "correct": check.correct,
                "multiple": len(check.correct) > 1,
                "explanation_html": explanation,
            }
        )
    md.reset()
    html = sanitise(md.convert("\n".join(lines)))
    html = re.sub(rf"<p>{token}N(\d+)</p>", r"<!--check:\1-->", html)
    headings = [token for token in _flatten(md.toc_tokens) if token["level"] == 2]
    toc = (
        # Markdown escapes the names; the template escapes them again, so store the plain text.
        [
            {"id": t["id"], "title": html_lib.unescape(t["name"]), "level": t["level"]}
            for t in _flatten(md.toc_tokens)
        ]
        if len(headings) >= TOC_MIN_HEADINGS
        else []
    )
    return Rendered(html=html, toc=toc, checks=checks)


def _flatten(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten(token.get("children", [])))
    return flat


def split_parts(html: str) -> list[Markup | int]:
    """Lesson HTML as served: runs of Markup and, between them, the 0-based index of a self-check."""
    parts: list[Markup | int] = []
    position = 0
    for match in CHECK_MARKER_RE.finditer(html):
        if match.start() > position:
            parts.append(Markup(html[position : match.start()]))
        parts.append(int(match.group(1)) - 1)
        position = match.end()
    if position < len(html):
        parts.append(Markup(html[position:]))
    return parts


CITY_HREF_RE = re.compile(r'href="city:([A-Za-z0-9_-]+)"')


def resolve_city_links(html: str, url_for_key: Callable[[str], str]) -> str:
    """Point every `city:` link at the learner's city (or a page that lets them choose one)."""
    return CITY_HREF_RE.sub(lambda m: f'href="{url_for_key(m.group(1))}"', html)


def as_markup(html: str) -> Markup:
    """Content HTML that went through sanitise() at import, marked safe for templates."""
    return Markup(html)


HEADING_TAG_RE = re.compile(r"<(/?)h([1-5])\b")
ID_RE = re.compile(r'\bid="([^"]+)"')
FRAGMENT_HREF_RE = re.compile(r'\bhref="#([^"]+)"')


def nested(html: str, prefix: str) -> str:
    """Stored content HTML placed one level down inside a longer page (a course handout): headings
    one level lower, and ids (and the links to them) prefixed so that two lessons' "#tipps" stay
    two targets."""
    html = HEADING_TAG_RE.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
    html = ID_RE.sub(lambda m: f'id="{prefix}{m.group(1)}"', html)
    return FRAGMENT_HREF_RE.sub(lambda m: f'href="#{prefix}{m.group(1)}"', html)
