"""Learning groups and handouts in a real browser: axe and the Nu HTML Checker on every new page in
every language (forms with their errors too), and joining a group by code with the keyboard alone,
in German and in Arabic."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.content.reading import course_detail
from app.extensions import db
from app.groups import services as groups
from app.learn import practising
from app.learn import services as learn
from app.models import Course, Practice
from tests.browser.checks import html_is_valid, violations  # noqa: F401 (html_is_valid: a fixture)
from tests.browser.conftest import sign_in
from tests.browser.test_keyboard import follow, tab_to
from tests.factories import PASSWORD, make_helper, make_trainer, make_user
from tests.pages import LANGUAGES


@pytest.fixture
def world():
    """Tara's group on two courses: Maria joined (a lesson done, stuck on a self-check and a
    practice step), Ali invited; Hanna, a helper, runs nothing yet."""
    tara = make_trainer(display_name="Tara Trainerin")
    make_helper(display_name="Hanna Helferin")
    maria = make_user(display_name="Maria Musterfrau")
    make_user(username="ali", display_name="Ali Yılmaz")
    courses = [
        db.session.scalar(select(Course.id).where(Course.slug == s))
        for s in ("online-termin", "sicher-online")
    ]
    group = groups.create_group(
        tara, groups.GroupData("Digitale Sprechstunde", courses, "Dienstags 10–12 Uhr")
    )
    groups.join(maria, group)
    groups.invite(tara, group, "ali")
    detail = course_detail("online-termin", ["de"])
    learn.mark_done(maria, detail.lessons[0].lesson)
    text = learn_text(detail)
    for _ in range(2):
        learn.answer_check(maria, text, 1, [0])
    practice = db.session.scalar(select(Practice).where(Practice.course_id == courses[0]))
    for _ in range(2):
        practising.record_try(maria, practice.id, "dienst", done=False)
    db.session.commit()
    code, group_id = group.code, group.id
    db.session.commit()  # the test's session must not hold SQLite's lock while the server writes
    return {"code": code, "group": group_id}


def learn_text(detail):
    from app.content.reading import lesson_body

    return lesson_body(detail.lessons[1].text)


def leader_pages(group: int) -> list[str]:
    return [
        "/{lang}/trainer/groups/",
        "/{lang}/trainer/groups/new",
        f"/{{lang}}/trainer/groups/{group}/",
        f"/{{lang}}/trainer/groups/{group}/edit",
        f"/{{lang}}/trainer/groups/{group}/delete",
        f"/{{lang}}/trainer/groups/{group}/sheet",
    ]


HANDOUTS = [
    "/{lang}/courses/online-termin/handout",
    "/{lang}/courses/online-termin/handout?print=large",
    "/{lang}/courses/sicher-online/handout",
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_group_pages_and_handouts_pass_axe_and_the_nu_checker(page, world, lang):
    found = []

    def check(address: str) -> None:
        page.goto(address.format(lang=lang))
        found.extend(violations(page))

    # A visitor: the consent page with the way to sign in, the join form, the handouts.
    check(f"/{{lang}}/join/{world['code']}")
    check("/{lang}/join")
    page.fill("#code", "xyz 999")
    page.click("main form.form button[type=submit]")
    found.extend(violations(page))
    for address in HANDOUTS:
        check(address)

    # Ali, invited: the invitation on My groups, and the consent page with its buttons.
    sign_in(page, "ali", PASSWORD, lang)
    check("/{lang}/my-groups/")
    check(f"/{{lang}}/join/{world['code']}")
    check("/{lang}/my/")
    page.context.clear_cookies()

    # Maria, in the group.
    sign_in(page, "maria", PASSWORD, lang)
    check("/{lang}/my-groups/")
    page.context.clear_cookies()

    # Tara, who runs it: every leader page, the forms with their errors.
    sign_in(page, "tara", PASSWORD, lang)
    for address in leader_pages(world["group"]):
        check(address)
    check("/{lang}/trainer/groups/new")
    page.click("main form.form button[type=submit]")
    found.extend(violations(page))
    check(f"/{{lang}}/trainer/groups/{world['group']}/")
    page.click(f"form[action$='/{world['group']}/invite'] button[type=submit]")
    found.extend(violations(page))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_join_by_code_with_the_keyboard_alone(page, world, lang):
    make_user(username="lena", display_name="Lena")
    sign_in(page, "lena", PASSWORD, lang)
    page.goto(f"/{lang}/my/")
    tab_to(page, lambda state: state["href"].endswith("/join"))
    follow(page, "Enter")
    tab_to(page, lambda state: state["id"] == "code")
    # As read out: lower case, with the space.
    page.keyboard.type(f"{world['code'][:3].lower()} {world['code'][3:].lower()}")
    follow(page, "Enter")
    assert page.url.endswith(f"/{lang}/join/{world['code']}")
    # The consent page: what will be shown; then "Yes" with the keyboard.
    assert page.locator(".consent").count() == 1
    tab_to(page, lambda state: button_in_main(page, state))
    follow(page, "Enter")
    assert page.url.endswith(f"/{lang}/my-groups/")
    assert page.locator("main section.group-entry").count() == 1
    # Leaving, with the keyboard too.
    tab_to(page, lambda state: button_in_main(page, state))
    follow(page, "Enter")
    assert page.locator("main section.group-entry").count() == 0


def button_in_main(page, state: dict) -> bool:
    """The focus is on a button of a form in the page's main content (not the header's)."""
    return state["tag"] == "BUTTON" and page.evaluate(
        "document.activeElement.closest('main form') !== null"
    )


def test_a_mistyped_code_is_said_in_arabic_and_kept(page, world):
    make_user(username="lena", display_name="Lena")
    sign_in(page, "lena", PASSWORD, "ar")
    page.goto("/ar/join")
    tab_to(page, lambda state: state["id"] == "code")
    page.keyboard.type("abc 234")
    follow(page, "Enter")
    # The error summary takes focus; the typed code stays in the field.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.input_value("#code") == "abc 234"
    assert page.locator("html").get_attribute("dir") == "rtl"
