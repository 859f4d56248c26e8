"""Reading lessons, self-checks, enrollment, progress, "My courses" and the certificate over HTTP."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, func, select

from app.caches import forget
from app.content.reading import course_detail, lesson_body
from app.extensions import db
from app.models import Enrollment, LessonProgress
from tests.factories import PASSWORD, finish_practices, make_user
from tests.web import csrf_token

COURSE = "online-ausweis"


@pytest.fixture
def course():
    return course_detail(COURSE, ["en"])


def lesson_url(lang: str, slug: str) -> str:
    return f"/{lang}/courses/{COURSE}/{slug}/"


def test_every_lesson_is_readable_without_an_account(client, course):
    for entry in course.lessons:
        response = client.get(lesson_url("en", entry.lesson.slug))
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert f"<h1>{entry.text.title}</h1>" in html
        assert 'lang="de"' not in html.split("<main", 1)[1].split("</article>")[0]


def test_german_lesson_page_is_german(client):
    html = client.get(lesson_url("de", "was-sie-brauchen")).get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in html
    assert "Lektion 2 von 5" in html


def test_enrolling_needs_an_account_and_returns_to_the_course_page(client, auth):
    response = auth.post(f"/en/courses/{COURSE}/enroll")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/account/sign-in?next=/en/courses/{COURSE}/"


def test_enrolling_with_one_click_and_clicking_twice_is_harmless(client, auth, signed_in):
    for _ in range(2):
        response = auth.post(f"/en/courses/{COURSE}/enroll", follow_redirects=True)
        assert response.status_code == 200
    assert db.session.scalar(select(func.count(Enrollment.id))) == 1
    assert "You are enrolled in this course." in response.get_data(as_text=True)


def test_marking_done_goes_to_the_next_lesson_and_twice_is_harmless(
    client, auth, signed_in, course
):
    first, second = course.lessons[0], course.lessons[1]
    for _ in range(2):
        response = auth.post(lesson_url("en", first.lesson.slug) + "done")
        assert response.status_code == 302
        assert response.headers["Location"] == lesson_url("en", second.lesson.slug)
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 1
    html = client.get(lesson_url("en", first.lesson.slug)).get_data(as_text=True)
    assert "You have done this lesson." in html


def _check_lesson(course):
    entry = next(e for e in course.lessons if lesson_body(e.text).checks)
    check = lesson_body(entry.text).checks[0]
    wrong = next(i for i in range(len(check["options"])) if i not in check["correct"])
    return entry, check, wrong


def test_right_answer_gets_confirmation_and_explanation(client, auth, course):
    entry, check, _wrong = _check_lesson(course)
    url = lesson_url("en", entry.lesson.slug)
    response = auth.post(url + "checks/1", {"answer": [str(i) for i in check["correct"]]})
    assert response.status_code == 302
    assert response.headers["Location"] == url + "#check-1"
    html = client.get(url).get_data(as_text=True)
    assert "<strong>Correct.</strong>" in html
    assert check["explanation_html"] in html


def test_wrong_answer_shows_the_right_one(client, auth, signed_in, course):
    entry, check, wrong = _check_lesson(course)
    url = lesson_url("en", entry.lesson.slug)
    auth.post(url + "checks/1", {"answer": str(wrong)})
    html = client.get(url).get_data(as_text=True)
    assert "<strong>Not quite.</strong>" in html
    assert f"<li>{check['options'][check['correct'][0]]}</li>" in html
    assert re.search(rf'id="check-1-answer-{wrong}" value="{wrong}"\s+checked', html)


def test_sending_a_check_without_an_answer_shows_an_error_summary(client, auth, course):
    entry, _check, _wrong = _check_lesson(course)
    url = lesson_url("de", entry.lesson.slug)
    response = auth.post(url + "checks/1", {})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Fehler:" in html
    assert 'class="error-summary"' in html
    assert 'href="#check-1-answer-0"' in html
    assert 'aria-describedby="check-1-error"' in html


def test_post_without_csrf_token_is_refused_with_a_clear_page(client, course):
    response = client.post(lesson_url("en", course.lessons[0].lesson.slug) + "done")
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 0


def test_my_courses_needs_an_account(client):
    response = client.get("/en/my/")
    assert response.status_code == 302
    assert "/en/account/sign-in" in response.headers["Location"]


def test_my_courses_shows_progress_and_where_to_continue(client, auth, signed_in, course):
    auth.post(lesson_url("en", course.lessons[0].lesson.slug) + "done")
    auth.post(lesson_url("en", course.lessons[1].lesson.slug) + "done")
    html = client.get("/en/my/").get_data(as_text=True)
    # Five lessons and the practice: six steps of the course.
    assert "2 of 6 lessons and practices done" in html
    assert '<progress id="progress-online-ausweis" max="6" value="2">' in html
    assert f"Continue where you left off: {course.lessons[2].text.title}" in html
    assert f'href="{lesson_url("en", course.lessons[2].lesson.slug)}"' in html


def test_my_courses_query_count_does_not_grow_with_enrollments(
    client, auth, signed_in, count_queries
):
    auth.post(f"/en/courses/{COURSE}/enroll")
    client.get("/en/my/")
    with count_queries() as one:
        client.get("/en/my/")
    auth.post("/en/courses/sicher-online/enroll")
    auth.post("/en/courses/online-termin/enroll")
    # The outlines of courses shown are kept per content revision for every reader: after an
    # import the first page showing a course reads its outline once (two queries).
    forget(client.application, "course_outlines")
    with count_queries() as first_after_import:
        client.get("/en/my/")
    with count_queries() as three:
        client.get("/en/my/")
    # user, content revision, enrollments, lessons done, practices finished, the learner's
    # seminars, their learning groups and invitations
    assert one.count == three.count <= 7, three.statements
    assert first_after_import.count == three.count + 2 * 3


def test_certificate_only_after_every_lesson_and_practice_is_done(client, auth, signed_in, course):
    certificate = f"/en/my/certificates/{COURSE}/"
    assert client.get(certificate).status_code == 404
    for entry in course.lessons:
        auth.post(lesson_url("en", entry.lesson.slug) + "done")
    assert client.get(certificate).status_code == 404  # the practice is still to do
    db.session.execute(delete(LessonProgress).where(LessonProgress.user_id == signed_in.id))
    db.session.commit()
    finish_practices(signed_in, COURSE)
    for entry in course.lessons:
        response = auth.post(lesson_url("en", entry.lesson.slug) + "done")
    assert response.headers["Location"] == f"/en/courses/{COURSE}/"
    course_page = client.get(f"/en/courses/{COURSE}/").get_data(as_text=True)
    assert "Show your certificate" in course_page
    html = client.get(certificate).get_data(as_text=True)
    assert "Maria Musterfrau" in html
    assert course.text.title in html
    assert "Completed on" in html


def test_certificate_of_another_learner_is_not_visible(client, auth, course):
    other = make_user(username="other")
    from app.learn import services

    for entry in course.lessons:
        services.mark_done(other, entry.lesson)
    db.session.commit()
    make_user()
    auth.sign_in()
    assert client.get(f"/en/my/certificates/{COURSE}/").status_code == 404


def test_progress_made_before_signing_up_is_kept(client, auth, course):
    first = course.lessons[0]
    auth.post(lesson_url("en", first.lesson.slug) + "done")
    html = client.get(f"/en/courses/{COURSE}/").get_data(as_text=True)
    assert "1 of 6 lessons and practices done" in html
    response = client.post(
        "/en/account/sign-up",
        data={
            "username": "newcomer",
            "password": PASSWORD,
            "csrf_token": csrf_token(client, "/en/account/sign-up"),
        },
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Your progress from before signing in has been saved to your account." in html
    assert "1 of 6 lessons and practices done" in html


def test_lesson_page_and_marking_done_make_a_fixed_number_of_queries(
    client, auth, signed_in, course, count_queries
):
    url = lesson_url("en", course.lessons[1].lesson.slug)
    token = csrf_token(client, url)
    client.get(url)
    with count_queries() as page:
        client.get(url)
    with count_queries() as done:
        client.post(url + "done", data={"csrf_token": token})
    # user, content revision (tests read it on every request; a server once every
    # CONTENT_RECHECK_SECONDS), answers, progress, enrollment: the course outline and the lesson's
    # body are kept per content revision
    assert page.count <= 5, page.statements
    # user, content revision, enrollment (insert, read), progress (insert), the course's active
    # lessons and which of them are done
    assert done.count <= 7, done.statements


def test_a_german_lesson_offers_its_leichte_sprache_version_when_there_is_one(client):
    html = client.get("/de/courses/online-termin/termin-buchen/").get_data(as_text=True)
    assert (
        '<a href="/de-x-ls/courses/online-termin/termin-buchen/" hreflang="de-x-ls">'
        "Diese Lektion gibt es auch in Leichter Sprache</a>" in html
    )
    # Other languages do not offer it: Leichte Sprache is German.
    english = client.get("/en/courses/online-termin/termin-buchen/").get_data(as_text=True)
    assert "/de-x-ls/courses/online-termin/termin-buchen/" not in english.split("</header>")[1]


def test_my_courses_come_a_page_at_a_time_those_in_progress_first(client, signed_in, monkeypatch):
    from app.learn import services as learn
    from app.learn import views as learn_views

    monkeypatch.setattr(learn_views, "MY_COURSES_PER_PAGE", 2)
    finished = course_detail("sicher-online", ["en"])
    learn.enroll(signed_in, finished.course)
    finish_practices(signed_in, "sicher-online")
    for entry in finished.lessons:
        learn.mark_done(signed_in, entry.lesson)
    for slug in ("online-ausweis", "online-termin"):  # enrolled after the finished one
        learn.enroll(signed_in, course_detail(slug, ["en"]).course)
    db.session.commit()
    first = client.get("/en/my/").get_data(as_text=True)
    second = client.get("/en/my/?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert finished.text.title not in first.split('id="my-seminars"')[0]
    assert "Completed on" in second and finished.text.title in second
