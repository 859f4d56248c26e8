"""'Read aloud' on lessons: only with speech and a voice for the lesson's language; keyboard controls.

Headless Chromium has no voices, so the browser's speech is replaced by a recorder that behaves like
it: this tests our script, not the operating system's speech engine.
"""

from __future__ import annotations

FAKE_SPEECH = """(voices) => {
  window.__spoken = [];
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  const synth = {
    paused: false,
    getVoices: () => voices.map((lang) => ({lang: lang, name: lang})),
    speak: (u) => { window.__spoken.push(["speak", u.text, u.lang]); },
    pause: () => { synth.paused = true; window.__spoken.push(["pause"]); },
    resume: () => { synth.paused = false; window.__spoken.push(["resume"]); },
    cancel: () => { synth.paused = false; window.__spoken.push(["cancel"]); },
    addEventListener: () => {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth});
}"""


def _with_voices(page, voices):
    page.add_init_script(f"({FAKE_SPEECH})({voices!r})")


def test_read_aloud_by_keyboard_in_the_lessons_language(page):
    _with_voices(page, ["de-DE", "en-GB"])
    page.goto("/de/courses/online-termin/termin-buchen/")
    play = page.get_by_role("button", name="Vorlesen")
    play.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert spoken[-1][0] == "speak" and spoken[-1][2] == "de-DE"
    assert page.locator("article h1").inner_text() in spoken[-1][1]
    page.get_by_role("button", name="Pause").focus()
    page.keyboard.press("Space")
    assert page.evaluate("window.__spoken")[-1] == ["pause"]
    assert page.evaluate("document.activeElement.textContent") == "Weiterlesen"
    page.get_by_role("button", name="Stopp").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__spoken")[-1] == ["cancel"]


def test_no_read_aloud_without_a_voice_for_the_language(page):
    _with_voices(page, ["en-GB"])
    page.goto("/ar/courses/online-termin/termin-buchen/")
    assert page.locator(".read-aloud").count() == 0


def test_no_read_aloud_without_speech(page):
    page.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined})")
    page.goto("/de/courses/online-termin/termin-buchen/")
    assert page.locator(".read-aloud").count() == 0
