"""Self-checks: which answers are valid, grading them, and the learner's recorded answers.

Plain functions with explicit arguments; the caller commits.
"""

from __future__ import annotations

from typing import Any, Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.errors import ServiceError
from app.extensions import db
from app.models import CheckAnswer, User, utcnow
from app.sql import upsert


class InvalidAnswer(ServiceError):
    pass


class Identified(Protocol):
    """Anything with the id of a row: an ORM object or a kept read model's value."""

    @property
    def id(self) -> int: ...


class WithChecks(Protocol):
    """A lesson text's self-checks: a LessonText, or a lesson body kept by app.content.reading."""

    @property
    def lesson_id(self) -> int: ...

    @property
    def checks(self) -> list[dict[str, Any]]: ...


def grade(check: dict, choices: list[int]) -> bool:
    """Whether *choices* are exactly the right answers of *check*."""
    return sorted(set(choices)) == sorted(check["correct"])


def validate_choices(text: WithChecks, position: int, choices: list[int]) -> dict:
    """The check at *position* (from 1) if *choices* fit it; raises InvalidAnswer otherwise."""
    if not 1 <= position <= len(text.checks):
        raise InvalidAnswer(_l("This question does not exist any more. Please reload the lesson."))
    check = text.checks[position - 1]
    if not choices:
        raise InvalidAnswer(_l("Choose an answer."))
    if any(not 0 <= choice < len(check["options"]) for choice in choices):
        raise InvalidAnswer(_l("This answer does not exist any more. Please reload the lesson."))
    if len(choices) > 1 and not check["multiple"]:
        raise InvalidAnswer(_l("Choose only one answer."))
    return check


def answer_check(user: User, text: WithChecks, position: int, choices: list[int]) -> CheckAnswer:
    """Record *user*'s answer to one self-check (the latest answer counts)."""
    check = validate_choices(text, position, choices)
    chosen = sorted(set(choices))
    correct = grade(check, chosen)
    upsert(
        CheckAnswer,
        {"user_id": user.id, "lesson_id": text.lesson_id, "position": position},
        {"choices": chosen, "correct": correct, "answered_at": utcnow()},
        add={"wrong_tries": 0 if correct else 1},
    )
    return db.session.scalars(
        select(CheckAnswer)
        .where(
            CheckAnswer.user_id == user.id,
            CheckAnswer.lesson_id == text.lesson_id,
            CheckAnswer.position == position,
        )
        .execution_options(populate_existing=True)
    ).one()


def answers_for(user: User, lesson: Identified) -> dict[int, list[int]]:
    """position → chosen options, for the learner's answered self-checks of one lesson."""
    rows = db.session.execute(
        select(CheckAnswer.position, CheckAnswer.choices).where(
            CheckAnswer.user_id == user.id, CheckAnswer.lesson_id == lesson.id
        )
    )
    return {row.position: list(row.choices) for row in rows}
