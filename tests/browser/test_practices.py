"""Every shipped practice in a real browser: axe and the Nu HTML Checker on every screen in every
language (with errors and hints shown in German and Arabic), and each practice done from start to
end with the keyboard alone, in German and in Arabic."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Course, Practice, PracticeText
from tests.browser.checks import html_is_valid, violations  # noqa: F401 (html_is_valid: a fixture)
from tests.browser.test_keyboard import FOCUS_STATE, follow, tab_to
from tests.pages import LANGUAGES

FULL_DEPTH = ["de", "ar"]


def shipped() -> list[tuple[str, str, list[dict]]]:
    """(course slug, practice slug, screens in the source language) of every active practice."""
    rows = db.session.execute(
        db.select(Course.slug, Practice.slug, PracticeText.screens)
        .join(Practice, Practice.course_id == Course.id)
        .join(PracticeText, PracticeText.practice_id == Practice.id)
        .where(Practice.retired_at.is_(None), PracticeText.language == Course.source_language)
        .order_by(Course.slug, Practice.position)
    )
    found = [(course, practice, screens) for course, practice, screens in rows]
    db.session.commit()  # the test's session must not hold SQLite's lock while the server writes
    return found


def test_every_course_that_ships_has_a_practice(app):
    courses = {course for course, _practice, _screens in shipped()}
    assert courses == set(db.session.scalars(db.select(Course.slug)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_practice_screen_passes_axe_and_the_nu_checker(page, lang):
    found = []
    for course, practice, screens in shipped():
        start = f"/{lang}/courses/{course}/practice/{practice}/"
        page.goto(start)
        found += violations(page)
        for screen in screens:
            page.goto(f"{start}{screen['id']}/")
            found += violations(page)
            answered = any(part["kind"] not in ("message", "button") for part in screen["parts"])
            if lang in FULL_DEPTH and answered:
                # Sent as it is, twice: the errors, the hint, then the answer.
                here = f"{start}{screen['id']}/"
                for _ in range(2):
                    page.click("form.replica button[value=send]")
                    if not page.url.endswith(here):
                        break  # nothing to get wrong on this screen: it went on
                    found += violations(page)
    assert found == [], "\n".join(found)


# --- the keyboard alone ---------------------------------------------------------------------------


def right_moves(screen: dict) -> list[tuple[int, str]]:
    """What a learner does on a screen to get it right: (part index, the id of the control to
    choose, or "type:<text>" for a field), in page order."""
    moves = []
    for index, part in enumerate(screen["parts"]):
        kind, settings = part["kind"], part["settings"]
        if kind in ("choice", "search", "slots"):
            right = [n for n, option in enumerate(part["options"]) if option["right"]]
            moves += [(index, f"part-{index}-{n}") for n in right[: 1 if kind == "slots" else None]]
        elif kind == "calendar":
            days = settings.get("right") or settings["free"]
            first = sorted(int(day) for day in days.split(",") if day.strip())[0]
            moves.append((index, f"part-{index}-day-{first}"))
        elif kind == "field":
            rules = settings["rule"]
            entry = rules.split("equals ", 1)[1] if "equals " in rules else settings["example"]
            moves.append((index, f"type:{entry}"))
        elif kind == "consent":
            moves.append((index, f"part-{index}-input"))
    return moves


ACTIVE = "() => ({id: document.activeElement.id, name: document.activeElement.name || '', type: document.activeElement.type || '', value: document.activeElement.value || ''})"


def focused(page) -> dict:
    return page.evaluate(ACTIVE)


def choose(page, index: int, control: str) -> None:
    """Reach *control* with Tab (and the arrow keys inside a radio group) and choose it."""
    if focused(page)["id"] != control:
        tab_to(page, lambda _state: focused(page)["name"] == f"part-{index}")
    if focused(page)["type"] == "radio":
        for _ in range(60):  # Tab enters a radio group once; the arrow keys move and choose
            if focused(page)["id"] == control:
                break
            page.keyboard.press("ArrowDown")
        assert focused(page)["id"] == control, f"the arrow keys never reached {control}"
        if not page.is_checked(f"#{control}"):  # Tab focuses the first radio without choosing
            page.keyboard.press("Space")
    else:
        if focused(page)["id"] != control:
            tab_to(page, lambda state: state["id"] == control)
        page.keyboard.press("Space")
    assert page.is_checked(f"#{control}")


def send(page) -> None:
    """Tab to the screen's own button (not the search's) and press Enter."""
    tab_to(page, lambda _state: focused(page)["value"] == "send")
    follow(page, "Enter")


def do_screen(page, screen: dict) -> None:
    for index, move in right_moves(screen):
        if move.startswith("type:"):
            tab_to(page, lambda state, i=index: state["id"] == f"part-{i}-input")
            page.keyboard.type(move.removeprefix("type:"))
        else:
            choose(page, index, move)
    send(page)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_practice_can_be_done_with_the_keyboard_alone(page, lang):
    for course, practice, screens in shipped():
        by_id = {screen["id"]: screen for screen in screens}
        start = f"/{lang}/courses/{course}/practice/{practice}/"
        page.goto(start)
        first = f"/{screens[0]['id']}/"
        tab_to(page, lambda state, first=first: state["href"].endswith(first))
        follow(page, "Enter")
        first_answered = next(s for s in screens if right_moves(s))
        for _ in range(len(screens) + 2):
            current = page.url.rstrip("/").rsplit("/", 1)[1]
            if current not in by_id:
                break
            if current == first_answered["id"]:
                # Sent empty first: the error summary takes the focus, its link leads to the field.
                send(page)
                assert page.evaluate("document.activeElement.className") == "error-summary"
                assert page.evaluate(FOCUS_STATE)["lost"] is False
            do_screen(page, by_id[current])
        assert page.url.endswith(f"{start}#finished"), page.url
        assert page.locator("#finished").count() == 1
