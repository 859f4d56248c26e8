"""How pages use the screen: on a phone (390 x 844) the main heading starts within the top 300 px
for visitors, learners, trainers and admins, in German and Arabic; every language is two steps
away; a wide table scrolls inside its region with its caption in view, on a phone and a desktop."""

from __future__ import annotations

import pytest

from tests.browser.conftest import sign_in
from tests.browser.test_keyboard import follow, tab_to
from tests.factories import PASSWORD, make_city_admin, make_trainer, make_user, seminar_with_people

PHONE = {"width": 390, "height": 844}
#: What issue 17 looked at: the start page, a lesson, the seminar list, a trainer's seminar page
#: and the reports (the last two for those who may open them).
PAGES = {
    None: ["/{lang}/", "/{lang}/courses/online-termin/termin-buchen/", "/{lang}/seminars/"],
    "maria": ["/{lang}/", "/{lang}/courses/online-termin/termin-buchen/", "/{lang}/seminars/"],
    "tara": ["/{lang}/", "/{lang}/seminars/", "/{lang}/trainer/seminars/{seminar}/"],
    "fritz": ["/{lang}/", "/{lang}/trainer/seminars/{seminar}/", "/{lang}/admin/reports/"],
}
H1_TOP = "document.querySelector('h1').getBoundingClientRect().top"


@pytest.fixture
def people():
    seminar = seminar_with_people()
    make_user(display_name="Maria Musterfrau")
    make_trainer(display_name="Tara Trainerin")
    make_city_admin("fritz", "frankfurt", display_name="Fritz Stadtadmin")
    return seminar.id


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_main_heading_starts_in_the_top_300_px_of_a_phone(browser, live_server, people, lang):
    found = []
    for person, pages in PAGES.items():
        context = browser.new_context(base_url=live_server, viewport=PHONE)
        page = context.new_page()
        if person:
            # Accounts without a language of their own: every page also offers to make its
            # language theirs (the longest header there is).
            sign_in(page, person, PASSWORD, lang)
        for template in pages:
            address = template.format(lang=lang, seminar=people)
            assert page.goto(address).status == 200, address
            top = page.evaluate(H1_TOP)
            if top > 300:
                found.append(f"{person or 'visitor'} {address}: h1 at {top:.0f} px")
        context.close()
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_language_is_two_steps_away_with_the_keyboard(page, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/courses/online-termin/")
    summary = tab_to(page, lambda state: state["tag"] == "SUMMARY")
    assert ("Deutsch" if lang == "de" else "العربية") in summary["text"]
    page.keyboard.press("Enter")  # step one: the list opens
    target = "Українська"
    tab_to(page, lambda state: state["text"] == target)
    follow(page, "Enter")  # step two: the same page in that language
    assert page.url.endswith("/uk/courses/online-termin/")


CAPTIONS = """() => [...document.querySelectorAll('.table-wrap')].flatMap((wrap) => {
  const caption = wrap.querySelector('caption:not(.visually-hidden)');
  if (!caption) return [];
  const rtl = getComputedStyle(wrap).direction === 'rtl';
  const problems = [];
  for (const scroll of [0, 10000]) {
    wrap.scrollLeft = rtl ? -scroll : scroll;
    const box = wrap.getBoundingClientRect(), text = caption.getBoundingClientRect();
    if (text.left < box.left - 1 || text.right > box.right + 1) problems.push(`${caption.textContent.trim()} clipped at scroll ${scroll}`);
  }
  const scrolls = wrap.scrollWidth > wrap.clientWidth;
  if (scrolls && (wrap.tabIndex !== 0 || !wrap.getAttribute('aria-labelledby'))) problems.push(`${caption.textContent.trim()}: scrolls but cannot be focused or has no name`);
  return problems;
})"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_wide_tables_scroll_in_their_region_and_keep_their_caption(
    browser, live_server, people, lang, width
):
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, "fritz", PASSWORD, lang)
    problems = []
    for address in (f"/{lang}/admin/reports/", f"/{lang}/trainer/seminars/{people}/"):
        page.goto(address)
        problems += [f"{address}: {problem}" for problem in page.evaluate(CAPTIONS)]
    context.close()
    assert problems == [], "\n".join(problems)
