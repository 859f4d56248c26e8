"""Practices for learners: a start page, then one form per screen, posted to the server.

Each screen is judged on the server (app/learn/practising.py), so a practice works without
JavaScript. A learner's way through it (wrong tries per screen, finishing) is kept in their account,
or in the session for a visitor, like lesson progress; it moves into the account at sign-up.
"""

from __future__ import annotations

import calendar
import zlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from babel import dates as babel_dates
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.cities.context import current_city
from app.content.practice import days
from app.content.reading import (
    CourseDetail,
    NotFound,
    PracticeDetail,
    course_detail,
    practice_detail,
)
from app.extensions import db, limiter
from app.i18n import content_languages
from app.learn import guest, practising, progress
from app.learn.practising import TRIES_BEFORE_ANSWER, Judgement, Mistake, field_name

bp = Blueprint("practice", __name__)

#: The feedback of the screen just done right, shown on the screen it leads to.
FEEDBACK_KEY = "practice_feedback"
#: The longest search a practice's list is filtered by.
MAX_QUERY = 100


def _load(course_slug: str, practice_slug: str) -> tuple[CourseDetail, PracticeDetail]:
    languages = content_languages()
    try:
        detail = course_detail(course_slug, languages)
        return detail, practice_detail(detail.course.id, practice_slug, languages)
    except NotFound:
        abort(404)


def _screen(practice: PracticeDetail, screen_id: str) -> dict[str, Any]:
    try:
        return practice.screen(screen_id)
    except NotFound:
        abort(404)


# The learner's way through a practice: in the account, or in the session for a visitor.


def _steps(practice: PracticeDetail) -> dict[str, practising.StepState]:
    if current_user.is_authenticated:
        return practising.steps(current_user, practice.id)
    return guest.practice_steps(practice.id)


def _finished(practice: PracticeDetail) -> bool:
    if current_user.is_authenticated:
        return bool(progress.finished_practices(current_user, [practice.id]))
    return guest.practice_done(practice.id)


def _record(practice: PracticeDetail, screen_id: str, done: bool) -> None:
    if current_user.is_authenticated:
        practising.record_try(current_user, practice.id, screen_id, done)
    else:
        guest.record_practice_try(practice.id, screen_id, done)


def _finish(practice: PracticeDetail) -> bool:
    """The learner finished the practice; True when that completed the course."""
    if current_user.is_authenticated:
        return practising.complete(current_user, practice)
    guest.finish_practice(practice.id)
    return False


def _start_over(practice: PracticeDetail) -> None:
    if current_user.is_authenticated:
        practising.start_over(current_user, practice.id)
    else:
        guest.start_practice_over(practice.id)


@bp.get("/courses/<course_slug>/practice/<practice_slug>/")
def start(course_slug: str, practice_slug: str):
    """A practice's start page: what it is, that nothing is real, and the way in (or again)."""
    detail, practice = _load(course_slug, practice_slug)
    steps = _steps(practice)
    return render_template(
        "learn/practice_start.html",
        feedback=_take_feedback(practice, ""),
        detail=detail,
        practice=practice,
        finished=_finished(practice),
        started=bool(steps),
        # Where to go on: the first screen not yet done in this run.
        resume=next(
            (s["id"] for s in practice.screens if not (s["id"] in steps and steps[s["id"]].done)),
            practice.screens[0]["id"],
        ),
        after=next((e for e in detail.lessons if e.lesson.id == practice.after_lesson_id), None),
    )


@bp.post("/courses/<course_slug>/practice/<practice_slug>/again")
def again(course_slug: str, practice_slug: str):
    """Try again: the screens start afresh; a practice once finished stays finished."""
    _detail, practice = _load(course_slug, practice_slug)
    _start_over(practice)
    db.session.commit()
    first = practice.screens[0]["id"]
    return redirect(
        url_for(
            "practice.screen",
            course_slug=course_slug,
            practice_slug=practice_slug,
            screen_id=first,
        )
    )


@bp.get("/courses/<course_slug>/practice/<practice_slug>/<screen_id>/")
def screen(course_slug: str, practice_slug: str, screen_id: str):
    detail, practice = _load(course_slug, practice_slug)
    shown = _screen(practice, screen_id)
    feedback = _take_feedback(practice, screen_id)
    step = _steps(practice).get(screen_id)
    return _render(detail, practice, shown, {}, Judgement(), step.wrong if step else 0, feedback)


@bp.post("/courses/<course_slug>/practice/<practice_slug>/<screen_id>/")
# Every answer is counted for the reports: one address cannot send more than a seminar room of
# thirty learners would (a screen every few seconds each).
@limiter.limit("300 per minute")
def act(course_slug: str, practice_slug: str, screen_id: str):
    """The learner acted on a screen: search a list, or send the screen to be judged."""
    detail, practice = _load(course_slug, practice_slug)
    shown = _screen(practice, screen_id)
    values = request.form.to_dict(flat=False)
    step = _steps(practice).get(screen_id)
    wrong = step.wrong if step else 0
    if request.form.get("action", "").startswith("search-"):
        return _render(detail, practice, shown, values, Judgement(), wrong, None)
    judgement = practising.judge(shown, values)
    city = current_city()
    practising.count_screen(
        practice.id,
        screen_id,
        city.slug if city else "unknown",
        first_try=step is None,
        first_wrong=not judgement.done and wrong == 0,
        done=judgement.done and not (step and step.done),
    )
    _record(practice, screen_id, judgement.done)
    if not judgement.done:
        db.session.commit()
        return _render(detail, practice, shown, values, judgement, wrong + 1, None)
    following = practising.next_screen(practice.screens, screen_id, judgement.goto)
    completed = _finish(practice) if following is None else False
    db.session.commit()
    _keep_feedback(practice, shown, following)
    if following is not None:
        return redirect(
            url_for(
                "practice.screen",
                course_slug=course_slug,
                practice_slug=practice_slug,
                screen_id=following,
            )
        )
    if completed:
        flash(
            _(
                "Congratulations! You have finished “%(title)s”. Your certificate is ready.",
                title=detail.text.title,
            ),
            "success",
        )
    return redirect(
        url_for(
            "practice.start",
            course_slug=course_slug,
            practice_slug=practice_slug,
            _anchor="finished",
        )
    )


def _take_feedback(practice: PracticeDetail, screen_id: str) -> dict[str, Any] | None:
    """The feedback kept for this screen ("" : the start page after the last one), taken."""
    feedback = session.get(FEEDBACK_KEY)
    if feedback and feedback.get("to") == [practice.id, screen_id]:
        return session.pop(FEEDBACK_KEY)
    return None


def _keep_feedback(practice: PracticeDetail, shown: dict[str, Any], following: str | None) -> None:
    """The feedback of the parts done right, for the page the learner goes to next."""
    notes = [part["feedback"] for part in shown["parts"] if part.get("feedback")]
    if notes:
        session[FEEDBACK_KEY] = {
            "to": [practice.id, following or ""],
            "notes": notes,
            "language": practice.language,
        }
    else:
        session.pop(FEEDBACK_KEY, None)


@dataclass(frozen=True)
class Month:
    """A calendar part's month as the page shows it: weeks of days, Monday first."""

    caption: str
    weekdays: list[tuple[str, str]]
    #: each week: seven days, None outside the month, else (day, its full date, free)
    weeks: list[list[tuple[int, str, bool] | None]]


def _month(part: dict[str, Any]) -> Month:
    settings = part["settings"]
    return _month_grid(settings["month"], settings.get("free", ""), str(get_locale()))


@lru_cache(maxsize=256)
def _month_grid(month_setting: str, free_setting: str, locale: str) -> Month:
    """A month's grid in a language: the same for every reader, so built once (45 dates
    formatted by Babel took a seventh of a screen's time)."""
    year, month = (int(piece) for piece in month_setting.split("-"))
    free = days(free_setting)
    first_monday = date(2024, 1, 1)  # a Monday: the weekday names in the page's language
    weekdays = [
        (
            babel_dates.format_date(first_monday.replace(day=1 + offset), "EEEEEE", locale),
            babel_dates.format_date(first_monday.replace(day=1 + offset), "EEEE", locale),
        )
        for offset in range(7)
    ]
    weeks = [
        [
            (day, babel_dates.format_date(date(year, month, day), "full", locale), day in free)
            if day
            else None
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    caption = babel_dates.format_date(date(year, month, 1), "LLLL yyyy", locale)
    return Month(caption, weekdays, weeks)


def _query(values: dict[str, list[str]], index: int) -> str:
    return (values.get(f"{field_name(index)}-q") or [""])[0].strip()[:MAX_QUERY]


def _shown_options(part: dict[str, Any], index: int, values: dict[str, list[str]]) -> list[int]:
    """The options a search part shows: those that match the learner's search, and the chosen."""
    query = _query(values, index).casefold()
    everything = list(range(len(part["options"])))
    if part["kind"] != "search" or not query:
        return everything
    chosen = set(values.get(field_name(index), []))
    return [
        number
        for number in everything
        if query in part["options"][number]["text"].casefold() or str(number) in chosen
    ]


def booking_number(practice: PracticeDetail, screen_id: str) -> str:
    """A booking number for a confirmation: the same on every visit, made up, clearly practice."""
    return f"{zlib.crc32(f'{practice.slug}/{screen_id}'.encode()) % 1_000_000:06d}"


def _messages(shown: dict[str, Any], judgement: Judgement) -> dict[int, str]:
    """part index → what to say about its mistake, in the page's language (or the author's)."""
    return {index: _message(shown["parts"][index], m) for index, m in judgement.mistakes.items()}


def _message(part: dict[str, Any], mistake: Mistake) -> str:
    kind = part["kind"]
    if mistake is Mistake.RULE:
        return part["settings"].get("error") or _("This entry is not accepted.")
    if mistake is Mistake.TAKEN:
        return _("This one is already taken. Choose a free one.")
    if mistake is Mistake.MISSING:
        return {
            "slots": _("Choose a free time."),
            "calendar": _("Choose a free day."),
            "field": _("This field is empty. Type your entry."),
        }.get(kind, _("Choose an answer."))
    if kind in ("slots", "calendar"):
        # i18n: a day or a time in a practice's calendar: free, but not the one the task names
        return _("This one is free, but it is not what the task asks for. Read the task again.")
    return _("That is not what the task asks for. Read the task again.")


def _target(index: int, part: dict[str, Any], shown: list[int] | None) -> str:
    """The id of a part's first control: where the error summary's link takes the learner."""
    if part["kind"] in ("choice", "search", "slots"):
        free = [number for number in shown or [] if not part["options"][number]["taken"]]
        return f"part-{index}-{free[0] if free else 0}"
    if part["kind"] == "calendar":
        return f"part-{index}-day-{min(days(part['settings'].get('free', '')))}"
    return f"part-{index}-input"


def _right_days(part: dict[str, Any]) -> list[str]:
    """A calendar's right days (any free day when the author named none), as full dates."""
    settings = part["settings"]
    year, month = (int(piece) for piece in settings["month"].split("-"))
    right = days(settings.get("right", "")) or days(settings.get("free", ""))
    return [format_date(date(year, month, day), "full") for day in sorted(right)]


def _render(
    detail: CourseDetail,
    practice: PracticeDetail,
    shown: dict[str, Any],
    values: dict[str, list[str]],
    judgement: Judgement,
    wrong: int,
    feedback: dict[str, Any] | None,
):
    ids = [item["id"] for item in practice.screens]
    shown_options = {
        index: _shown_options(part, index, values)
        for index, part in enumerate(shown["parts"])
        if part["kind"] in ("choice", "search", "slots")
    }
    return render_template(
        "learn/practice_screen.html",
        detail=detail,
        practice=practice,
        screen=shown,
        position=ids.index(shown["id"]) + 1,
        total=len(ids),
        values=values,
        part_errors=_messages(shown, judgement),
        # Messages the author wrote (a portal's error), in the practice's language.
        authored={
            index
            for index, mistake in judgement.mistakes.items()
            if mistake is Mistake.RULE and shown["parts"][index]["settings"].get("error")
        },
        show_hints=wrong >= 1,
        show_answers=wrong >= TRIES_BEFORE_ANSWER,
        feedback=feedback,
        months={
            index: _month(part)
            for index, part in enumerate(shown["parts"])
            if part["kind"] == "calendar"
        },
        shown_options=shown_options,
        targets={
            index: _target(index, part, shown_options.get(index))
            for index, part in enumerate(shown["parts"])
        },
        right_days={
            index: _right_days(part)
            for index, part in enumerate(shown["parts"])
            if part["kind"] == "calendar"
        },
        queries={
            index: _query(values, index)
            for index, part in enumerate(shown["parts"])
            if part["kind"] == "search"
        },
        booking_number=booking_number(practice, shown["id"]),
        ends=practising.next_screen(practice.screens, shown["id"], None) is None,
    )
