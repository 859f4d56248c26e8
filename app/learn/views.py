"""Lesson pages, self-checks, enrollment, "My courses" and certificates."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.cities.context import all_cities, current_city
from app.content.reading import (
    NotFound,
    course_detail,
    course_practices,
    lesson_body,
    practices_by_lesson,
)
from app.content.render import split_parts
from app.content.serving import content_html
from app.extensions import db
from app.groups import services as group_services
from app.i18n import content_languages
from app.learn import guest, services
from app.learn.services import InvalidAnswer
from app.models import utcnow
from app.page_cache import for_visitors
from app.pagination import requested_page
from app.seminars import services as seminar_services

bp = Blueprint("learn", __name__)
# A self-check's feedback on the lesson page is graded by the same rule as the stored answer.
bp.add_app_template_global(services.grade)


def _detail_or_404(course_slug: str):
    try:
        return course_detail(course_slug, content_languages())
    except NotFound:
        abort(404)


def _render_lesson(
    course_slug: str,
    lesson_slug: str,
    check_errors: dict[int, str] | None = None,
    status: int = 200,
):
    detail = _detail_or_404(course_slug)
    try:
        entry = detail.entry(lesson_slug)
    except NotFound:
        abort(404)
    if current_user.is_authenticated:
        answers = services.answers_for(current_user, entry.lesson)
        done_ids = services.done_lesson_ids(current_user, [detail.course.id])
        enrolled = services.enrollment_for(current_user, detail.course) is not None
    else:
        answers = guest.answers(entry.lesson.id)
        done_ids = guest.done_ids()
        enrolled = False
    text = lesson_body(entry.text)
    parts = split_parts(content_html(text.html, text.language, current_city, all_cities))
    following, _rest = practices_by_lesson(
        detail, course_practices(detail.course.id, content_languages())
    )
    return render_template(
        "learn/lesson.html",
        practices=following.get(entry.lesson.id, ()),
        detail=detail,
        entry=entry,
        text=text,
        parts=parts,
        answers=answers,
        check_errors=check_errors or {},
        done_ids=done_ids,
        enrolled=enrolled,
        previous=detail.lesson_before(entry.lesson),
        following=detail.lesson_after(entry.lesson),
        position=detail.position(entry.lesson),
    ), status


@bp.get("/courses/<course_slug>/<lesson_slug>/")
@for_visitors
def show_lesson(course_slug: str, lesson_slug: str):
    """A lesson, readable without an account."""
    return _render_lesson(course_slug, lesson_slug)


@bp.post("/courses/<course_slug>/enroll")
def enroll(course_slug: str):
    """Enroll in a course with one click; a second click changes nothing."""
    if not current_user.is_authenticated:
        # Back to the course page after signing in: the enroll address takes only form posts.
        course_page = url_for("catalog.show_course", course_slug=course_slug)
        return redirect(url_for("accounts.sign_in", next=course_page))
    detail = _detail_or_404(course_slug)
    services.enroll(current_user, detail.course)
    db.session.commit()
    flash(
        _(
            "You are enrolled in “%(title)s”. Your progress is saved from now on.",
            title=detail.text.title,
        ),
        "success",
    )
    return redirect(url_for("catalog.show_course", course_slug=course_slug))


@bp.post("/courses/<course_slug>/<lesson_slug>/done")
def mark_done(course_slug: str, lesson_slug: str):
    """Mark a lesson done and go on to the next one."""
    detail = _detail_or_404(course_slug)
    try:
        entry = detail.entry(lesson_slug)
    except NotFound:
        abort(404)
    completed = False
    if current_user.is_authenticated:
        completed = services.mark_done(current_user, entry.lesson)
        db.session.commit()
    else:
        guest.mark_done(entry.lesson.id)
    if completed:
        flash(
            _(
                "Congratulations! You have finished “%(title)s”. Your certificate is ready.",
                title=detail.text.title,
            ),
            "success",
        )
        return redirect(url_for("catalog.show_course", course_slug=course_slug))
    flash(_("“%(title)s” is marked as done.", title=entry.text.title), "success")
    following = detail.lesson_after(entry.lesson)
    if following is None:
        return redirect(url_for("catalog.show_course", course_slug=course_slug))
    return redirect(
        url_for("learn.show_lesson", course_slug=course_slug, lesson_slug=following.lesson.slug)
    )


@bp.post("/courses/<course_slug>/<lesson_slug>/checks/<int:position>")
def answer_check(course_slug: str, lesson_slug: str, position: int):
    """Answer one self-check; the feedback appears beside the question."""
    detail = _detail_or_404(course_slug)
    try:
        entry = detail.entry(lesson_slug)
    except NotFound:
        abort(404)
    try:
        choices = [int(value) for value in request.form.getlist("answer")]
    except ValueError:
        choices = [-1]
    text = lesson_body(entry.text)
    try:
        if current_user.is_authenticated:
            services.answer_check(current_user, text, position, choices)
            db.session.commit()
        else:
            services.validate_choices(text, position, choices)
            guest.record_answer(entry.lesson.id, position, choices)
    except InvalidAnswer as error:
        return _render_lesson(course_slug, lesson_slug, {position: str(error.message)}, 400)
    return redirect(
        url_for(
            "learn.show_lesson",
            course_slug=course_slug,
            lesson_slug=lesson_slug,
            _anchor=f"check-{position}",
        )
    )


#: A learner with a long history gets their courses a page at a time, those in progress first.
MY_COURSES_PER_PAGE = 10


@bp.get("/my/")
@login_required
def my_courses():
    """The learner's courses with progress and where to continue."""
    page = services.my_courses(
        current_user, content_languages(), requested_page(), MY_COURSES_PER_PAGE
    )
    upcoming, attended = seminar_services.my_seminars(current_user, utcnow())
    in_groups, invited = group_services.group_counts(current_user)
    return render_template(
        "learn/my_courses.html",
        page=page,
        upcoming=upcoming,
        attended=attended,
        in_groups=in_groups,
        invited=invited,
    )


@bp.get("/my/certificates/<course_slug>/")
@login_required
def certificate(course_slug: str):
    """A printable certificate for a completed course."""
    try:
        # A certificate stays valid after its course is retired.
        detail = course_detail(course_slug, content_languages(), include_retired=True)
    except NotFound:
        abort(404)
    _enrollment, completed_at = services.course_completion(current_user, detail.course)
    if completed_at is None:
        abort(404)
    return render_template(
        "learn/certificate.html",
        detail=detail,
        completed_at=completed_at,
        with_trainer=services.completed_with_trainer(current_user, detail.course),
    )
