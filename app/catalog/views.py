"""The start page with the catalogue, course pages and their printable handouts, `city:` link
choices and course images."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from app.catalog.forms import ALL_LEVELS, ALL_TOPICS, FilterForm
from app.cities.context import all_cities, current_city
from app.content import reading
from app.content.render import nested, split_parts
from app.content.serving import content_html
from app.i18n import content_languages
from app.labels import LEVEL_LABELS, TOPIC_LABELS
from app.learn import guest
from app.learn import services as learn
from app.links import public_url
from app.page_cache import for_visitors
from app.pagination import page_of, requested_page
from app.qr import qr_svg
from app.structured_data import course_jsonld

bp = Blueprint("catalog", __name__)
#: Course images, outside the language prefix: one image serves every language.
media_bp = Blueprint("media", __name__)


@bp.get("/")
@for_visitors
def index():
    """The course catalogue, filterable by topic and level (a GET form, no JavaScript)."""
    topics, levels = reading.available_filters()
    form = FilterForm(request.args, meta={"csrf": False})
    form.topic.choices = [SelectChoice("", ALL_TOPICS)] + [
        SelectChoice(t, TOPIC_LABELS.get(t, t)) for t in topics
    ]
    form.level.choices = [SelectChoice("", ALL_LEVELS)] + [
        SelectChoice(lv, LEVEL_LABELS.get(lv, lv)) for lv in levels
    ]
    topic = form.topic.data if form.topic.data in topics else None
    level = form.level.data if form.level.data in levels else None
    page = page_of(reading.list_courses(content_languages(), topic, level), requested_page())
    course_ids = [card.course.id for card in page.items]
    done = (
        learn.done_lesson_ids(current_user, course_ids)
        if current_user.is_authenticated
        else guest.done_ids()
    )
    progress = learn.progress_by_course(done, course_ids) if done else {}
    return render_template(
        "catalog/index.html",
        page=page,
        form=form,
        progress=progress,
        filtered=bool(topic or level),
    )


@bp.get("/courses/<course_slug>/")
@for_visitors
def show_course(course_slug: str):
    """A course: introduction, lessons with estimated minutes, enrollment and progress."""
    try:
        detail = reading.course_detail(course_slug, content_languages())
    except reading.NotFound:
        abort(404)
    enrollment = completed_at = None
    practices = reading.course_practices(detail.course.id, content_languages())
    practice_ids = [practice.id for practice in practices]
    if current_user.is_authenticated:
        enrollment, completed_at = learn.course_completion(current_user, detail.course)
        done = learn.done_lesson_ids(current_user, [detail.course.id])
        finished = learn.finished_practices(current_user, practice_ids) if practices else set()
    else:
        done = guest.done_ids()
        finished = guest.finished_practices()
    active_ids = [entry.lesson.id for entry in detail.lessons]
    progress = learn.CourseProgress(
        len(done & set(active_ids)) + len(finished & set(practice_ids)),
        len(active_ids) + len(practice_ids),
        len(practice_ids),
    )
    next_entry = next((e for e in detail.lessons if e.lesson.id not in done), None)
    intro = content_html(detail.text.html, detail.text.language, current_city, all_cities)
    return render_template(
        "catalog/course.html",
        detail=detail,
        intro=intro,
        structured_data=course_jsonld(detail.course, detail.text, len(detail.lessons)),
        enrollment=enrollment,
        completed_at=completed_at,
        done=done,
        practices=practices,
        finished=finished,
        progress=progress,
        next_entry=next_entry,
    )


@bp.get("/city-links/<key>/")
def city_link(key: str):
    """A `city:` link for a learner who has not chosen a city: each city's page for it."""
    links = reading.cities_with_link(key)
    if not links:
        abort(404)
    return render_template("catalog/city_link.html", links=links, key=key)


@media_bp.get("/media/<course_slug>/<path:filename>")
def media(course_slug: str, filename: str):
    """An image of a course, as the last import stored it. Browsers ask again each time and get
    "not modified" while it is the same (ETag), so a corrected image shows at once."""
    image = reading.course_image(course_slug, filename)
    if image is None:
        abort(404)
    response = current_app.response_class(image.data, mimetype=image.mimetype)
    response.set_etag(image.hash)
    response.cache_control.public = True
    response.cache_control.no_cache = True
    # An SVG opened on its own must not run scripts.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response.make_conditional(request)


@dataclass(frozen=True)
class HandoutLesson:
    entry: reading.LessonEntry
    body: reading.LessonBody
    parts: list
    address: str
    qr: Markup
    practices: tuple[HandoutPractice, ...]


@dataclass(frozen=True)
class HandoutPractice:
    info: reading.PracticeInfo
    steps: tuple[str, ...]
    address: str


def _handout_practice(course: reading.CourseInfo, info: reading.PracticeInfo) -> HandoutPractice:
    detail = reading.practice_detail(course.id, info.slug, content_languages())
    return HandoutPractice(
        info,
        tuple(screen["title"] for screen in detail.screens),
        public_url(url_for("practice.start", course_slug=course.slug, practice_slug=info.slug)),
    )


@bp.get("/courses/<course_slug>/handout")
@for_visitors
def handout(course_slug: str):
    """Every lesson of a course on paper, in order, with each practice's steps as a checklist and
    a QR code back to each lesson online; `?print=large` for large print."""
    try:
        detail = reading.course_detail(course_slug, content_languages())
    except reading.NotFound:
        abort(404)
    following, rest = reading.practices_by_lesson(
        detail, reading.course_practices(detail.course.id, content_languages())
    )
    lessons = []
    for position, entry in enumerate(detail.lessons, start=1):
        body = reading.lesson_body(entry.text)
        address = public_url(
            url_for("learn.show_lesson", course_slug=course_slug, lesson_slug=entry.lesson.slug)
        )
        lessons.append(
            HandoutLesson(
                entry,
                body,
                split_parts(
                    nested(
                        content_html(body.html, body.language, current_city, all_cities),
                        f"lesson-{position}-",
                    )
                ),
                address,
                qr_svg(address),
                tuple(
                    _handout_practice(detail.course, p) for p in following.get(entry.lesson.id, ())
                ),
            )
        )
    return render_template(
        "catalog/handout.html",
        detail=detail,
        lessons=lessons,
        # Practices that follow no lesson come after the last one.
        more_practices=[_handout_practice(detail.course, p) for p in rest],
        large=request.args.get("print") == "large",
        address=public_url(url_for("catalog.show_course", course_slug=course_slug)),
    )
