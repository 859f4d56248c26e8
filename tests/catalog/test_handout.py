"""The course handout: every lesson on one page to print, with QR codes back to each lesson."""

from __future__ import annotations

import re
from collections import Counter

from app.content import reading


def lessons_of(slug: str, language: str) -> list[str]:
    return [entry.text.title for entry in reading.course_detail(slug, [language]).lessons]


def test_every_lesson_in_order_with_a_qr_code_and_its_address(client):
    html = client.get("/de/courses/online-termin/handout").get_data(as_text=True)
    titles = lessons_of("online-termin", "de")
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert html.count('class="segno"') == len(titles)  # one QR code per lesson
    for slug in ("termin-seite-finden", "bestaetigung-absagen"):
        assert f"/de/courses/online-termin/{slug}/</bdi>" in html


def test_practice_steps_are_a_checklist_and_self_checks_have_their_answers(client):
    html = client.get("/de/courses/online-termin/handout").get_data(as_text=True)
    practice = html[html.index('id="practice-uebung-termin-buchen"') :]
    for step in ("Dienstleistung wählen", "Standort wählen", "Tag und Uhrzeit wählen"):
        assert step in practice
    answers = html[html.index('id="answers"') :]
    # The self-check of "Ihr Anliegen auswählen": the right option is printed with the answers.
    assert "Die Anmeldung für zwei Personen" in answers
    # No form to send on paper.
    assert 'type="radio"' not in html


def test_no_id_twice_when_lessons_share_a_heading(client):
    for slug in ("online-termin", "sicher-online", "umzug-online"):
        html = client.get(f"/de/courses/{slug}/handout").get_data(as_text=True)
        ids = Counter(re.findall(r'\bid="([^"]+)"', html))
        assert [i for i, n in ids.items() if n > 1] == [], slug
        for target in re.findall(r'href="#([^"]+)"', html):
            assert target in ids, (slug, target)


def test_headings_nest_under_each_lesson(client):
    html = client.get("/de/courses/online-termin/handout").get_data(as_text=True)
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", html[html.index("<main") :])]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_large_print_and_leichte_sprache(client):
    large = client.get("/de/courses/online-termin/handout?print=large").get_data(as_text=True)
    assert 'class="handout handout--large"' in large
    assert "/de-x-ls/courses/online-termin/handout?print=large" in large
    easy = client.get("/de-x-ls/courses/online-termin/handout").get_data(as_text=True)
    for title in lessons_of("online-termin", "de-x-ls"):
        assert title in easy


def test_in_arabic_untranslated_lessons_keep_their_language_and_say_so(client):
    html = client.get("/ar/courses/sicher-online/handout").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    assert html.count('<section class="handout__lesson" aria-labelledby') == len(
        lessons_of("sicher-online", "de")
    )
    assert '<section class="handout__lesson" aria-labelledby="lesson-1" lang="de" dir="ltr"' in html
    assert 'class="notice" lang="ar" dir="rtl"' in html  # "not yet available in Arabic"
    translated = client.get("/ar/courses/online-termin/handout").get_data(as_text=True)
    assert 'class="notice"' not in translated


def test_the_course_page_links_to_it(client):
    page = client.get("/de/courses/online-termin/").get_data(as_text=True)
    assert 'href="/de/courses/online-termin/handout"' in page
    assert client.get("/de/courses/no-such-course/handout").status_code == 404
