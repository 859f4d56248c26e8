"""Pages about the website itself, written by editors in Markdown: `courses/_pages/<name>.md`.

The law asks for two of them (BITV 2.0 § 4, copied by Hessen's HVBIT): an explanation of the site in
Leichte Sprache and one in German Sign Language. They are content, not code, so editors change them
like a lesson; `flask courses check` reports their problems as `path:line: message`.

`flask courses import` renders them into the database like lessons (the SitePage table); their
video files are served from courses/_pages/media/, like a course's images from its folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from flask_babel import force_locale, gettext

from app.content.body import scan
from app.content.files import Document, Problem, display_path, read_document
from app.content.render import render

PAGES_DIR = "_pages"
MEDIA_DIR = "media"
PAGE_KEYS = {"title", "video", "captions", "poster"}
#: What each media key may point at (a file in courses/_pages/media/).
MEDIA_EXTENSIONS = {
    "video": {".mp4", ".webm"},
    "captions": {".vtt"},
    "poster": {".png", ".jpg", ".jpeg", ".webp"},
}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
#: Pages in Leichte Sprache, where every line of the file is a line on the page.
LINE_BREAK_PAGES = {"leichte-sprache"}


@dataclass(frozen=True)
class SitePageSource:
    """A page file as read and checked: its Markdown body is rendered by the importer."""

    name: str
    title: str
    body: str
    file_hash: str
    #: File names in courses/_pages/media/, or None where the page has none (yet).
    video: str | None = None
    captions: str | None = None
    poster: str | None = None

    @property
    def line_breaks(self) -> bool:
        return self.name in LINE_BREAK_PAGES


def media_folder(root: Path) -> Path:
    return root / PAGES_DIR / MEDIA_DIR


def read_site_pages(root: Path, problems: list[Problem]) -> list[SitePageSource]:
    """Every page in courses/_pages/*.md without errors; the errors go to *problems*."""
    folder = root / PAGES_DIR
    pages = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        page = _read(path, root, problems)
        if page is not None:
            pages.append(page)
    return pages


def _read(path: Path, root: Path, problems: list[Problem]) -> SitePageSource | None:
    shown = display_path(path, root)
    document = read_document(path, shown, "de", problems)
    if document is None:
        return None
    found = _front_matter_problems(document, shown, root) + _link_problems(document, shown)
    problems += found
    if found:
        return None
    meta = document.meta
    return SitePageSource(
        name=path.stem,
        title=meta["title"],
        body=document.body,
        file_hash=document.file_hash,
        video=meta.get("video"),
        captions=meta.get("captions"),
        poster=meta.get("poster"),
    )


def _front_matter_problems(document: Document, shown: Path, root: Path) -> list[Problem]:
    """Known keys, a title, and media files that exist in courses/_pages/media/."""
    meta = document.meta
    problems = [
        Problem(
            shown,
            document.meta_lines.get(key, 1),
            f"unknown key {key!r} (allowed: {', '.join(sorted(PAGE_KEYS))})",
        )
        for key in sorted(set(meta) - PAGE_KEYS)
    ]
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem(shown, 1, 'the page needs a title: add title = "…"'))
    for key, extensions in MEDIA_EXTENSIONS.items():
        value = meta.get(key)
        if value is None:
            continue
        line = document.meta_lines.get(key, 1)
        name = PurePosixPath(str(value))
        if not isinstance(value, str) or name.name != value:
            problems.append(
                Problem(shown, line, f"{key} must be a file name in {PAGES_DIR}/{MEDIA_DIR}/")
            )
        elif name.suffix.lower() not in extensions:
            problems.append(
                Problem(shown, line, f"{key} must end in {', '.join(sorted(extensions))}")
            )
        elif not (media_folder(root) / value).is_file():
            problems.append(
                Problem(shown, line, f"{value} does not exist in {PAGES_DIR}/{MEDIA_DIR}/")
            )
    if meta.get("video") and not meta.get("captions"):
        problems.append(
            Problem(
                shown,
                document.meta_lines.get("video", 1),
                'a video needs captions: add captions = "….vtt" (WebVTT file in media/)',
            )
        )
    return problems


def _link_problems(document: Document, shown: Path) -> list[Problem]:
    """No images; links to this site's pages (/…) or full addresses."""
    problems = []
    for link in scan(document.body).links:
        parts = urlsplit(link.target)
        line = document.body_line + link.line
        if link.image:
            problems.append(
                Problem(shown, line, "pages about the site have no images; describe it in words")
            )
        elif parts.scheme and parts.scheme not in LINK_SCHEMES:
            problems.append(
                Problem(shown, line, f"links may use {', '.join(sorted(LINK_SCHEMES))} only")
            )
        elif not parts.scheme and not link.target.startswith(("/", "#")):
            problems.append(
                Problem(
                    shown,
                    line,
                    f"the link {link.target} must start with / (a page of this site) "
                    "or be a full address",
                )
            )
    return problems


def render_site_page(page: SitePageSource) -> str:
    """The page's sanitised HTML; its outside links are marked in German, the pages' language."""
    with force_locale("de"):
        # i18n: hidden text read out after a link that leaves Lernlotse
        label = gettext("(external website)")
    return render(page.body, external_label=label, line_breaks=page.line_breaks).html
