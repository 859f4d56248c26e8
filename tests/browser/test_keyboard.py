"""The main journeys with the keyboard alone: Tab, Shift+Tab, Enter and Space.

At every stop the focused element must show a visible focus indicator, and focus is never lost
(it never falls back to the page itself).
"""

from __future__ import annotations

import fnmatch

import pytest

from tests.factories import make_seminar

FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {lost: true};
  const style = getComputedStyle(e);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const ringed = style.boxShadow && style.boxShadow !== "none";
  return {lost: false, visible: outlined || ringed, outline: style.outlineStyle + " " + style.outlineWidth, shadow: style.boxShadow, text: (e.innerText || e.value || e.getAttribute("aria-label") || "").trim(), tag: e.tagName, id: e.id, href: e.getAttribute("href") || ""};
}"""


def tab_to(page, matches, limit: int = 120) -> dict:
    """Press Tab until the focused element *matches*; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        assert not state["lost"], f"focus lost on {page.url}"
        assert state["visible"], f"no visible focus on {state} at {page.url}"
        if matches(state):
            return state
    raise AssertionError(f"never reached the element on {page.url}")


def follow(page, key: str) -> None:
    """Press *key* on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_at(page, pattern: str) -> None:
    path = page.url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]
    assert fnmatch.fnmatch("/" + path, pattern.replace("**", "*")), page.url


def text(value: str):
    return lambda state: value in state["text"]


def element_id(value: str):
    return lambda state: state["id"] == value


@pytest.fixture
def seminar_soon():
    return make_seminar(title="Tastatur-Seminar")


def test_find_a_course_sign_up_do_a_lesson_and_register_for_a_seminar(page, seminar_soon):
    page.goto("/de/")
    # The skip link comes first and takes the reader into main.
    first = tab_to(page, lambda state: True, limit=1)
    assert first["text"] == "Zum Hauptinhalt springen"
    page.keyboard.press("Enter")

    # Find a course and open it.
    tab_to(page, text("Einen Termin im Bürgeramt online buchen"))
    follow(page, "Enter")
    assert_at(page, "**/de/courses/online-termin/")

    # Create an account from the course page (the link that comes back here afterwards).
    tab_to(page, lambda state: "sign-up?next=" in state["href"])
    follow(page, "Enter")
    assert_at(page, "**/account/sign-up**")
    tab_to(page, element_id("username"))
    page.keyboard.type("tastatur.test")
    tab_to(page, element_id("password"))
    page.keyboard.type("nur mit der tastatur")
    follow(page, "Enter")
    assert_at(page, "**/de/courses/online-termin/")

    # Start the course, answer the first self-check, mark the lesson done.
    tab_to(page, text("Mit der ersten Lektion beginnen"))
    follow(page, "Enter")
    assert_at(page, "**/termin-seite-finden/")
    tab_to(page, element_id("check-1-answer-0"))
    page.keyboard.press("Space")
    tab_to(page, text("Antwort prüfen"))
    follow(page, "Enter")
    assert page.locator("#check-1 .feedback").count() == 1
    tab_to(page, text("Als erledigt markieren und weiter"))
    follow(page, "Enter")
    assert_at(page, "**/anliegen-waehlen/")
    assert "ist als erledigt markiert" in page.locator(".flash-messages").inner_text()

    # Register for a seminar.
    tab_to(page, text("Seminare"))
    follow(page, "Enter")
    assert_at(page, "**/de/seminars/")
    tab_to(page, text("Tastatur-Seminar"))
    follow(page, "Enter")
    assert_at(page, f"**/de/seminars/{seminar_soon.id}/")
    tab_to(page, text("Platz buchen"))
    follow(page, "Enter")
    assert "Ihr Platz ist gebucht" in page.locator(".flash-messages").inner_text()
