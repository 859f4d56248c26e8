"""The pages the law asks for: the accessibility statement and the Leichte Sprache and sign language
pages, linked from the start page and every footer; the two explanation pages come from editable files."""

from __future__ import annotations

import re
import shutil

import pytest

from app.accessibility import statement
from app.content.checker import check_tree
from tests.factories import COURSES, write_course

FOOTER_LINKS = {
    "statement": "/{lang}/accessibility",
    "report": "/{lang}/report-a-barrier",
    "easy": "/{lang}/leichte-sprache",
    "sign": "/{lang}/gebaerdensprache",
}


def footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.parametrize(
    "page",
    [
        "/{lang}/",
        "/{lang}/courses/online-termin/termin-buchen/",
        "/{lang}/account/sign-in",
        "/{lang}/seminars/",
        "/{lang}/no-such-page",
    ],
)
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_footer_links_the_four_accessibility_pages(client, page, lang):
    html = footer(client.get(page.format(lang=lang)).get_data(as_text=True))
    for link in FOOTER_LINKS.values():
        assert f'href="{link.format(lang=lang)}' in html


def test_the_start_page_links_leichte_sprache_and_sign_language_above_the_courses(client):
    html = client.get("/tr/").get_data(as_text=True)
    main = html[html.index("<main") : html.index('<footer class="site-footer">')]
    assert main.index('href="/tr/leichte-sprache"') < main.index('class="course-list"')
    assert main.index('href="/tr/gebaerdensprache"') < main.index('class="course-list"')
    assert 'href="/tr/accessibility"' in main


def test_the_statement_has_what_the_law_asks_for_in_the_pages_language(client):
    html = client.get("/de/accessibility").get_data(as_text=True)
    assert "<h1>Erklärung zur Barrierefreiheit</h1>" in html
    # conformity status, with the gaps and their alternatives
    assert "teilweise" in html
    assert html.count("<strong>Alternative:</strong>") == len(statement.known_gaps())
    # contact route: the report form, and the enforcement procedure of Hessen
    assert 'href="/de/report-a-barrier?page=/de/accessibility"' in html
    assert f'href="{statement.ENFORCEMENT_URL}"' in html
    assert "Durchsetzungsstelle" in html and "§ 6 HVBIT" in html
    # the dates, written out in German
    assert "26. November 2026" in html


def test_the_statement_in_arabic_keeps_the_legal_names_and_reads_right_to_left(client):
    html = client.get("/ar/accessibility").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    assert "HVBIT" in html and "Durchsetzungsstelle" in html
    assert "Alternative:" not in html


def test_the_leichte_sprache_page_covers_the_four_topics(client):
    html = client.get("/de-x-ls/leichte-sprache").get_data(as_text=True)
    assert "<h1>Lernlotse in Leichter Sprache</h1>" in html
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert headings == [
        "Was ist Lernlotse?",
        "So finden Sie sich auf der Seite zurecht",
        "Ist die Seite barriere·frei?",
        "Wo gibt es mehr in Leichter Sprache?",
    ]
    # the statement's essentials: where to report, and where to turn after six weeks
    assert 'href="/de-x-ls/report-a-barrier"' in html
    assert f'href="{statement.ENFORCEMENT_URL}"' in html
    # already in Leichte Sprache: no note explaining what it is
    assert "kurzen, einfachen Sätzen" not in html


def test_the_leichte_sprache_page_in_another_language_says_what_it_is(client):
    html = client.get("/ar/leichte-sprache").get_data(as_text=True)
    assert '<article class="site-page" lang="de-x-ls" dir="ltr">' in html
    note = re.search(r'<p class="notice" lang="ar" dir="rtl">\s*(.*?)\s*</p>', html, re.S)
    assert note is not None and "Leichte Sprache" in note.group(1)


def test_the_sign_language_page_keeps_a_place_for_the_video_and_shows_the_text(client):
    html = client.get("/de/gebaerdensprache").get_data(as_text=True)
    assert "<video" not in html
    assert '<p class="notice" lang="de" dir="ltr">' in html
    for topic in ("Was bietet Lernlotse?", "Wie finde ich mich zurecht?", "Wo finde ich mehr?"):
        assert topic in html


@pytest.fixture
def site_tree(app, tmp_path, monkeypatch, empty_content):
    """A course tree with the city profiles and site pages of the repository, served by the app."""
    root = tmp_path / "courses"
    shutil.copytree(COURSES / "_cities", root / "_cities")
    shutil.copytree(COURSES / "_pages", root / "_pages")
    monkeypatch.setitem(app.config, "COURSES_DIR", str(root))
    return root


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_once_the_cities_add_a_video_it_is_shown_with_captions_and_served(
    client, runner, site_tree
):
    media = site_tree / "_pages" / "media"
    write_course(media, {"dgs.vtt": "WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n"})
    (media / "dgs.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    page = site_tree / "_pages" / "gebaerdensprache.md"
    _edit(page, '# video = "lernlotse-dgs.mp4"', 'video = "dgs.mp4"')
    _edit(page, '# captions = "lernlotse-dgs.vtt"', 'captions = "dgs.vtt"')
    result = runner.invoke(args=["courses", "import"])
    assert result.exit_code == 0, result.output

    html = client.get("/de/gebaerdensprache").get_data(as_text=True)
    assert '<source src="/site-media/dgs.mp4">' in html
    assert '<track kind="captions" srclang="de" label="Deutsch" default' in html
    assert 'src="/site-media/dgs.vtt"' in html
    assert '<h2 id="transcript">' in html
    with client.get("/site-media/dgs.vtt") as captions:
        assert captions.get_data(as_text=True).startswith("WEBVTT")
    with client.get("/site-media/dgs.mp4") as video:
        assert video.status_code == 200


def test_site_media_serves_only_media_files_from_their_folder(client, site_tree):
    assert client.get("/site-media/gebaerdensprache.md").status_code == 404
    assert client.get("/site-media/..%2Fleichte-sprache.md").status_code == 404
    assert client.get("/site-media/missing.mp4").status_code == 404


def test_an_edited_page_is_shown_after_the_import(client, runner, site_tree):
    runner.invoke(args=["courses", "import"])
    page = site_tree / "_pages" / "leichte-sprache.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n## Neuer Abschnitt\n", encoding="utf-8")
    assert "Neuer Abschnitt" not in client.get("/de-x-ls/leichte-sprache").get_data(as_text=True)
    result = runner.invoke(args=["courses", "import"])
    assert "updated: _pages/leichte-sprache" in result.output
    assert "Neuer Abschnitt" in client.get("/de-x-ls/leichte-sprache").get_data(as_text=True)


def test_a_broken_page_changes_nothing_and_the_checker_says_where(client, runner, site_tree):
    runner.invoke(args=["courses", "import"])
    page = site_tree / "_pages" / "leichte-sprache.md"
    page.write_text(
        '+++\ntitle = "Leicht"\nvideo = "x.mp4"\ncolour = "rot"\n+++\n\n'
        "Text mit [Link](andere-seite).\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["courses", "import"])
    assert result.exit_code != 0
    assert result.output.splitlines()[:4] == [
        "courses/_pages/leichte-sprache.md:3: x.mp4 does not exist in _pages/media/",
        'courses/_pages/leichte-sprache.md:3: a video needs captions: add captions = "….vtt" '
        "(WebVTT file in media/)",
        "courses/_pages/leichte-sprache.md:4: unknown key 'colour' (allowed: captions, poster, "
        "title, video)",
        "courses/_pages/leichte-sprache.md:7: the link andere-seite must start with / "
        "(a page of this site) or be a full address",
    ]
    # The page as last imported is still there.
    assert "Was ist Lernlotse?" in client.get("/de-x-ls/leichte-sprache").get_data(as_text=True)


def test_the_pages_in_the_repository_have_no_problems():
    _catalogue, problems = check_tree(COURSES)
    assert [str(p) for p in problems] == []


def test_leichte_sprache_keeps_one_sentence_per_line(client):
    page = client.get("/de-x-ls/leichte-sprache").get_data(as_text=True)
    assert "Ein Kurs ist ein Lern·angebot.<br>\nEin Kurs hat mehrere Teile.<br>" in page
    course = client.get("/de-x-ls/courses/online-termin/").get_data(as_text=True)
    assert "Sie brauchen einen Termin im Bürger·amt?<br>" in course
    # Standard German flows as paragraphs.
    german = client.get("/de/courses/online-termin/").get_data(as_text=True)
    main = german[german.index("<main") : german.index("</main>")]
    assert "<br>" not in main
