"""axe-core and the Nu HTML Checker on every page type, every language (German and Arabic at
full depth): zero WCAG 2.0/2.1/2.2 A and AA violations and zero HTML errors, forms included with
their errors shown.
"""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from tests.browser.checks import (  # noqa: F401 (html_is_valid: a fixture)
    SNAPSHOTS,
    STRUCTURE_CHECKS,
    html_is_valid,
    violations,
)
from tests.browser.conftest import nu_errors, sign_in
from tests.factories import PASSWORD, complete_course, make_user, make_venue, seminar_with_people
from tests.pages import (
    LANGUAGES,
    LEARNER_PAGES,
    PUBLIC_PAGES,
    SEMINAR_PAGES,
    TRAINER_PAGES,
    TRANSLATOR_PAGES,
)

PUBLIC = PUBLIC_PAGES + SEMINAR_PAGES + ["/{lang}/no-such-page"]
SIGNED_IN = LEARNER_PAGES + TRANSLATOR_PAGES + TRAINER_PAGES
FULL_DEPTH = ["de", "ar"]

# Forms sent empty (or with a bad value), to be checked with their error summary and inline errors.
BAD_VALUES = {"/{lang}/account/profile": {"#email": "no address"}}
FORMS_WITH_ERRORS = [
    "/{lang}/account/profile",
    "/{lang}/account/password",
    "/{lang}/trainer/seminars/new",
    "/{lang}/trainer/seminars/{seminar}/guests/new",
    "/{lang}/trainer/venues/new",
    "/{lang}/account/participants/new",
    "/{lang}/admin/staff/",
    "/{lang}/admin/staff/login-card",
    "/{lang}/account/delete",
]
ANONYMOUS_FORMS_WITH_ERRORS = [
    "/{lang}/account/sign-in",
    "/{lang}/account/sign-up",
    "/{lang}/report-a-barrier",
    "/{lang}/cities/",
    "/{lang}/account/reset",
]


@pytest.fixture
def seminar():
    return seminar_with_people()


@pytest.fixture
def admin():
    user = make_user(username="chefin", role=Role.ADMIN, display_name="Chefin")
    complete_course(user, "online-termin")
    make_venue()
    return user


def _visit(page, urls, lang, seminar) -> list[str]:
    found = []
    for template in urls:
        page.goto(template.format(lang=lang, seminar=seminar.id))
        found += violations(page)
    return found


def _submit_empty(page, urls, lang, seminar) -> list[str]:
    found = []
    for template in urls:
        page.goto(template.format(lang=lang, seminar=seminar.id))
        form = page.locator("main form.form").first
        for field in form.locator(
            "input[type=text]:not([hidden]), input[type=email], input[type=password], textarea"
        ).all():
            field.fill("")
        for selector, value in BAD_VALUES.get(template, {}).items():
            page.fill(selector, value)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").count() == 1, f"no error summary on {page.url}"
        found += violations(page)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_have_no_axe_violations(page, seminar, lang):
    assert _visit(page, PUBLIC, lang, seminar) == []
    assert page.outside == [], "no request may leave the site"
    assert page.console_errors == [], "no script error, nothing refused by the CSP"


@pytest.mark.parametrize("lang", FULL_DEPTH)
def test_every_page_type_and_form_error_has_no_axe_violations(page, seminar, admin, lang):
    found = _submit_empty(page, ANONYMOUS_FORMS_WITH_ERRORS, lang, seminar)
    # A self-check sent without an answer.
    page.goto(f"/{lang}/courses/online-termin/termin-buchen/")
    page.locator("form.self-check button[type=submit]").first.click()
    page.wait_for_load_state()
    found += violations(page)
    sign_in(page, admin.username, PASSWORD, lang)
    found += _visit(page, SIGNED_IN, lang, seminar)
    found += _submit_empty(page, FORMS_WITH_ERRORS, lang, seminar)
    assert found == []
    assert page.outside == [], "no request may leave the site"
    assert page.console_errors == [], "no script error, nothing refused by the CSP"


@pytest.mark.parametrize("lang", FULL_DEPTH)
def test_the_notice_about_a_login_card_and_its_record_have_no_axe_violations(
    page, seminar, admin, lang
):
    from app.accounts.password_help import print_login_card

    nora = make_user(username="nora", display_name="Nora Nowak")
    print_login_card(admin, nora)
    db.session.commit()
    sign_in(page, "nora", PASSWORD, lang)
    assert f"/{lang}/account/notice" in page.url
    assert page.locator("h1").count() == 1
    found = violations(page)
    page.context.clear_cookies()
    sign_in(page, admin.username, PASSWORD, lang)
    page.goto(f"/{lang}/admin/staff/password-help")
    assert page.locator("tbody tr").count() == 1
    found += violations(page)
    assert found == []


def test_the_checkers_do_find_problems(page, tmp_path):
    """The harness itself: a page with an unlabelled field and a stray tag fails both checkers."""
    broken = '<!doctype html><html lang="en"><title>x</title><main><input><p></span></main></html>'
    page.set_content(broken)
    assert any("label" in finding for finding in violations(page))
    assert nu_errors([("broken", broken)], tmp_path) != []
    page.set_content(
        '<form method="post"><label for="x">X</label><input id="a" aria-describedby="b" disabled></form><p id="a"></p>'
    )
    problems = page.evaluate(STRUCTURE_CHECKS)
    for expected in (
        "duplicate id a",
        "aria-describedby points to missing #b",
        "label for missing #x",
        "form without novalidate",
        "disabled INPUT",
    ):
        assert any(expected in problem for problem in problems), (expected, problems)
    page.set_content('<img alt="" src="https://fonts.example.org/logo.png">')
    assert page.outside == ["https://fonts.example.org/logo.png"]
    # On a real page the CSP refuses inline script, and the harness hears of it.
    page.goto("/en/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.title = 'injected'";
            document.head.append(script);
        }"""
    )
    assert page.title() != "injected"
    assert any("Content Security Policy" in error for error in page.console_errors)
    SNAPSHOTS.clear()


@pytest.mark.parametrize("lang", FULL_DEPTH)
def test_pages_reflow_at_320_css_pixels(browser, live_server, seminar, admin, lang):
    """No horizontal scrolling on a small phone (WCAG 1.4.10): scroll width ≤ viewport width."""
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = []
    try:
        for urls in (PUBLIC, SIGNED_IN):
            if urls is SIGNED_IN:
                sign_in(page, admin.username, PASSWORD, lang)
            for template in urls:
                page.goto(template.format(lang=lang, seminar=seminar.id))
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 320:
                    too_wide.append(f"{page.url}: {width}px")
    finally:
        context.close()
    assert too_wide == []


@pytest.mark.parametrize("lang", FULL_DEPTH)
def test_larger_text_and_high_contrast_keep_pages_accessible(browser, live_server, seminar, lang):
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 640})
    context.add_cookies([{"name": "display", "value": "large,high", "url": live_server}])
    page = context.new_page()
    page.documents = {}
    found = []
    try:
        for template in (
            "/{lang}/",
            "/{lang}/courses/online-termin/termin-buchen/",
            "/{lang}/seminars/{seminar}/",
        ):
            page.goto(template.format(lang=lang, seminar=seminar.id))
            assert "contrast-high" in page.evaluate("document.documentElement.className")
            found += violations(page)
            if page.evaluate("document.documentElement.scrollWidth") > 320:
                found.append(f"{page.url}: horizontal scroll with larger text")
    finally:
        context.close()
    assert found == []
