"""The learning rules, without HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.content.reading import course_detail, lesson_body
from app.extensions import db
from app.learn import services
from app.models import CheckAnswer, Enrollment, LessonProgress
from tests.factories import finish_practices, make_user


@pytest.fixture
def course():
    return course_detail("online-ausweis", ["de"])


def test_enrolling_twice_keeps_one_enrollment(course):
    user = make_user()
    services.enroll(user, course.course)
    services.enroll(user, course.course)
    db.session.commit()
    assert db.session.scalar(select(func.count(Enrollment.id))) == 1


def test_marking_a_lesson_done_twice_keeps_the_first_date(course):
    user = make_user()
    lesson = course.lessons[0].lesson
    services.mark_done(user, lesson)
    db.session.commit()
    first = db.session.scalar(select(LessonProgress.done_at))
    services.mark_done(user, lesson)
    db.session.commit()
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 1
    assert db.session.scalar(select(LessonProgress.done_at)) == first


def test_marking_done_enrolls_and_the_last_lesson_completes_the_course(course):
    user = make_user()
    finish_practices(user, course.course.slug)
    results = [services.mark_done(user, entry.lesson) for entry in course.lessons]
    db.session.commit()
    assert results == [False] * (len(course.lessons) - 1) + [True]
    enrollment = services.enrollment_for(user, course.course)
    assert enrollment.completed_at is not None


def test_grading_needs_exactly_the_right_answers():
    check = {"options": ["a", "b", "c"], "correct": [0, 2], "multiple": True}
    assert services.grade(check, [2, 0])
    assert not services.grade(check, [0])
    assert not services.grade(check, [0, 1, 2])


def with_checks(course):
    """The body of the course's first lesson with self-checks."""
    return next(b for b in (lesson_body(e.text) for e in course.lessons) if b.checks)


def test_answering_again_replaces_the_answer(course):
    user = make_user()
    body = with_checks(course)
    check = body.checks[0]
    wrong = next(i for i in range(len(check["options"])) if i not in check["correct"])
    first = services.answer_check(user, body, 1, [wrong])
    assert not first.correct
    second = services.answer_check(user, body, 1, check["correct"])
    db.session.commit()
    assert second.correct
    assert db.session.scalar(select(func.count(CheckAnswer.id))) == 1


@pytest.mark.parametrize("choices", [[], [99], [-1]])
def test_impossible_answers_are_refused(course, choices):
    user = make_user()
    with pytest.raises(services.InvalidAnswer):
        services.answer_check(user, with_checks(course), 1, choices)


def test_a_question_that_does_not_exist_is_refused(course):
    user = make_user()
    body = lesson_body(course.lessons[0].text)
    with pytest.raises(services.InvalidAnswer):
        services.answer_check(user, body, len(body.checks) + 1, [0])


def test_guest_progress_moves_into_the_account(course):
    user = make_user()
    lesson_ids = [entry.lesson.id for entry in course.lessons[:2]]
    body = with_checks(course)
    answers = {(body.lesson_id, 1): body.checks[0]["correct"], (999999, 1): [0]}
    added = services.merge_guest_progress(user, lesson_ids + [999999], answers)
    db.session.commit()
    assert added == 2
    assert services.done_lesson_ids(user) == set(lesson_ids)
    lesson = next(e.lesson for e in course.lessons if e.lesson.id == body.lesson_id)
    assert services.answers_for(user, lesson) == {1: body.checks[0]["correct"]}


def test_my_courses_rows_know_where_to_continue(course):
    user = make_user()
    services.mark_done(user, course.lessons[0].lesson)
    db.session.commit()
    [row] = services.my_courses(user, ["de"], 1, 10).items
    assert (row.progress.done, row.progress.total) == (1, 6)  # five lessons and the practice
    assert row.next_lesson.id == course.lessons[1].lesson.id
    assert row.next_title == course.lessons[1].text.title


def test_guest_progress_from_the_session_ignores_what_it_cannot_read(app):
    from flask import session

    from app.learn import guest

    with app.test_request_context():
        session[guest.KEY] = {"done": [3], "answers": {"7:1": [0], "garbage": [1], "²:1": [2]}}
        assert guest.pop() == ([3], {(7, 1): [0]})
