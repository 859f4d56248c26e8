"""The start page, the catalogue with its filters, course pages, city links and course images."""

from __future__ import annotations

import re

import pytest

from app.caches import forget
from tests.factories import make_user


def test_root_redirects_to_german_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/de/"


def test_root_follows_accept_language_with_quality_values(client):
    response = client.get("/", headers={"Accept-Language": "fr;q=1.0, en;q=0.8, de;q=0.5"})
    assert response.headers["Location"] == "/en/"


def test_root_prefers_the_language_read_last_over_the_browser(client):
    client.get("/en/")
    response = client.get("/", headers={"Accept-Language": "de"})
    assert response.headers["Location"] == "/en/"


def test_catalogue_lists_the_demo_courses_in_german(client):
    html = client.get("/de/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in html
    assert ">Einen Termin im Bürgeramt online buchen</a>" in html
    assert html.count('class="course-card"') == 5


def test_catalogue_in_english_shows_english_titles(client):
    html = client.get("/en/").get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert html.count('class="course-card"') == 5
    assert "5 courses" in html


def test_filter_by_topic_shows_only_matching_courses(client):
    html = client.get("/en/?topic=safety").get_data(as_text=True)
    assert html.count('class="course-card"') == 1
    assert "/en/courses/sicher-online/" in html
    assert '<option selected value="safety">' in html


def test_filter_by_level_and_unknown_values_are_harmless(client):
    assert (
        client.get("/en/?level=beginner").get_data(as_text=True).count('class="course-card"') == 5
    )
    assert client.get("/en/?level=advanced&topic=nonsense").status_code == 200


def test_catalogue_query_count_does_not_grow_with_the_number_of_courses(client, count_queries):
    client.get("/de/")  # warm-up: first request loads translations
    forget(client.application, "course_lists")
    with count_queries() as all_courses:
        client.get("/de/")
    with count_queries() as one_course:
        client.get("/de/?topic=safety")
    # content version, source languages, courses, their titles, lesson counts, filters, cities
    assert all_courses.count == one_course.count <= 7
    # Built once: then the content version.
    with count_queries() as all_again:
        client.get("/de/")
    with count_queries() as one_again:
        client.get("/de/?topic=safety")
    assert all_again.count == one_again.count <= 1


def test_catalogue_query_count_for_a_signed_in_learner(client, auth, count_queries):
    make_user()
    auth.sign_in()
    client.get("/de/")
    with count_queries() as counter:
        client.get("/de/")
    # user, content version, progress: the list, its filters, each course's lessons and the
    # cities are kept per content revision
    assert counter.count <= 3, counter.statements


def test_course_page_shows_introduction_lessons_and_minutes(client):
    html = client.get("/en/courses/online-ausweis/").get_data(as_text=True)
    assert '<h2 id="about-course">About this course</h2>' in html
    assert html.count('class="lesson-list__item') == 5
    assert "minutes" in html
    assert "Start with the first lesson" in html


def test_unknown_course_is_a_404_in_the_site_layout(client):
    response = client.get("/en/courses/no-such-course/")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<h1>Page not found</h1>" in html
    assert 'href="#main-content"' in html


def test_unknown_language_prefix_is_a_404_not_a_500(client):
    response = client.get("/xx/courses/", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_city_link_lets_a_learner_choose_their_city(client):
    html = client.get("/en/city-links/appointments/").get_data(as_text=True)
    for city in ("Frankfurt am Main", "Wiesbaden", "Darmstadt"):
        assert city in html
    assert 'rel="noopener noreferrer"' in html


def test_unknown_city_link_is_404(client):
    assert client.get("/en/city-links/nothing-like-this/").status_code == 404


def test_course_image_is_served_with_a_strict_policy(client):
    response = client.get("/media/sicher-online/de/phishing-mail.svg")
    response.close()
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


@pytest.mark.parametrize(
    "url",
    [
        # an image that exists, but in another course's folder
        "/media/online-termin/de%2F..%2F..%2Fsicher-online%2Fde%2Fphishing-mail.svg",
        "/media/online-termin/..%2Fsicher-online%2Fde%2Fphishing-mail.svg",
        "/media/sicher-online/../../pyproject.toml",
        "/media/sicher-online/de/..%2F..%2F..%2Fpyproject.toml",
        "/media/_cities/frankfurt.toml",
        "/media/sicher-online/course.toml",
        "/media/sicher-online/de/01-was-ist-phishing.md",
        "/media/no-course/x.png",
    ],
)
def test_course_media_refuses_anything_but_images_inside_the_course(client, url):
    assert client.get(url).status_code == 404


def test_the_start_page_shows_an_import_at_once_although_the_list_is_kept(
    client, empty_content, tmp_path, count_queries
):
    import shutil

    from app.content.importer import import_courses
    from app.extensions import db
    from tests.content.factories import INTRO, valid_tree, write

    valid_tree(tmp_path)
    courses = tmp_path / "courses"
    import_courses(courses)
    db.session.commit()
    forget(client.application, "course_lists", "course_filters")
    with count_queries() as building:
        assert "Ein Testkurs" in client.get("/de/").get_data(as_text=True)
    with count_queries() as kept:
        assert "Ein Testkurs" in client.get("/de/").get_data(as_text=True)
    # Topics and levels, source languages, courses with their titles, lesson counts, cities: not
    # asked again.
    assert building.count - kept.count == 6
    write(courses, {"testkurs/de/course.md": INTRO.replace("Ein Testkurs", "Ein neuer Titel")})
    import_courses(courses)
    db.session.commit()
    html = client.get("/de/").get_data(as_text=True)
    assert "Ein neuer Titel" in html and "Ein Testkurs" not in html
    shutil.rmtree(courses / "testkurs")
    import_courses(courses)
    db.session.commit()
    assert "Ein neuer Titel" not in client.get("/de/").get_data(as_text=True)


def test_kept_course_cards_follow_the_page_language(client, auth):
    """Course cards are rendered once per language and content revision: never one language's
    card on another language's page."""
    make_user()
    auth.sign_in()
    german = client.get("/de/").get_data(as_text=True)
    english = client.get("/en/").get_data(as_text=True)
    arabic = client.get("/ar/").get_data(as_text=True)
    assert 'href="/de/courses/online-termin/"' in german and "Lektionen" in german
    assert 'href="/en/courses/online-termin/"' in english and "Lektionen" not in english
    assert "lessons" in english
    # Arabic where translated, and titles still in German marked as German, left to right
    assert 'href="/ar/courses/online-termin/"' in arabic and "دروس" in arabic
    # The language sits on the heading (a block): a German title on an Arabic page aligns
    # left, like the German summary under it, not right.
    title_attrs = re.compile(r'class="course-card__title"\s*([^>]*)>')
    assert 'lang="de" dir="ltr"' in title_attrs.findall(arabic)
    assert set(title_attrs.findall(german)) == {""}
    card = arabic[arabic.index('class="course-card__title" lang="de" dir="ltr"') :]
    assert '<p lang="de" dir="ltr">' in card[: card.index("</li>")]


def test_made_up_course_addresses_are_not_kept(client):
    """Outlines are kept per content revision; addresses anyone can make up are answered 404
    and never kept, so they cannot push the real courses out of the store."""
    client.get("/de/courses/online-termin/")
    stores = client.application.extensions["lernlotse_stores"]
    kept = len(stores["course_outlines"])
    for number in range(30):
        assert client.get(f"/de/courses/gibt-es-nicht-{number}/").status_code == 404
        assert client.get(f"/de/courses/gibt-es-nicht-{number}/lektion/").status_code == 404
    assert len(stores["course_outlines"]) == kept
