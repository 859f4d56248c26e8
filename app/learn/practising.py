"""Practices for the learner: judging what was done on one screen, where it leads, and each
learner's way through a practice (wrong tries per screen, completion).

A screen as the importer stored it (app/content/course_import.py: a dict with its parts) and the
values a learner sent are all this needs; no request, no database. Each part is judged on its own,
so the page can say beside each one what to look at again.

How parts are judged:
- `choice`, `search`: every option marked right, and nothing else (one option when only one is
  right: a radio list); or one option that leads elsewhere (`-> id`), which is a way on, not a
  mistake ("cancel the appointment");
- `slots`: one free slot, any of those marked right;
- `calendar`: one free day, one of `right:` when the author named some;
- `field`: every rule of the field (`required`, `email`, `digits n`, `equals …`);
- `consent`: the box ticked;
- `message`, `button`, `confirmation`: nothing to do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from sqlalchemy import delete, select, update

from app.content.practice import days, meets_rules, rules
from app.extensions import db
from app.learn import progress
from app.models import (
    Practice,
    PracticeCompletion,
    PracticeScreenCount,
    PracticeStep,
    User,
    utcnow,
)
from app.sql import insert_missing


class PracticeRef(Protocol):
    """A practice as progress needs it: a Practice, or a kept PracticeDetail."""

    @property
    def id(self) -> int: ...

    @property
    def course_id(self) -> int: ...


class Mistake(Enum):
    """What was wrong with a part: the page words it (or shows the author's `error:`)."""

    MISSING = "missing"  # nothing chosen or typed
    WRONG = "wrong"  # chosen, but not what the task asked for
    TAKEN = "taken"  # a slot or day that is not free
    RULE = "rule"  # a field's rule not met: the author's error text


@dataclass
class Judgement:
    #: part index → what was wrong; empty when the screen was done right
    mistakes: dict[int, Mistake] = field(default_factory=dict)
    #: the screen an option chosen leads to, when it leads somewhere else than the next one
    goto: str | None = None

    @property
    def done(self) -> bool:
        return not self.mistakes


def field_name(index: int) -> str:
    """The form field of part *index* of a screen."""
    return f"part-{index}"


def judge(screen: Mapping[str, Any], values: Mapping[str, Sequence[str]]) -> Judgement:
    """What the learner did on *screen*, given the form's values (name → every value sent)."""
    judgement = Judgement()
    for index, part in enumerate(screen["parts"]):
        sent = [value.strip() for value in values.get(field_name(index), [])]
        mistake, goto = _judge_part(part, [value for value in sent if value])
        if mistake is not None:
            judgement.mistakes[index] = mistake
        elif goto is not None:
            judgement.goto = goto
    if judgement.mistakes:
        judgement.goto = None
    return judgement


def _judge_part(part: Mapping[str, Any], sent: list[str]) -> tuple[Mistake | None, str | None]:
    kind = part["kind"]
    if kind in ("choice", "search", "slots"):
        return _judge_options(part, sent)
    if kind == "calendar":
        return _judge_day(part, sent), None
    if kind == "field":
        return _judge_field(part, sent[0] if sent else ""), None
    if kind == "consent":
        return (None if sent else Mistake.RULE), None
    return None, None


def _judge_options(part: Mapping[str, Any], sent: list[str]) -> tuple[Mistake | None, str | None]:
    options = part["options"]
    chosen = set()
    for value in sent:
        if not value.isdigit() or int(value) >= len(options):
            return Mistake.WRONG, None  # an option that does not exist (any more)
        chosen.add(int(value))
    if not chosen:
        return Mistake.MISSING, None
    if any(options[index]["taken"] for index in chosen):
        return Mistake.TAKEN, None
    if len(chosen) == 1 and options[next(iter(chosen))]["goto"]:
        return None, options[next(iter(chosen))]["goto"]
    right = {index for index, option in enumerate(options) if option["right"]}
    # A slot: any one of the right ones. A choice: exactly the right ones.
    ok = (len(chosen) == 1 and chosen <= right) if part["kind"] == "slots" else chosen == right
    if not ok:
        return Mistake.WRONG, None
    gotos = [options[index]["goto"] for index in sorted(chosen) if options[index]["goto"]]
    return None, gotos[0] if gotos else None


def _judge_day(part: Mapping[str, Any], sent: list[str]) -> Mistake | None:
    if not sent:
        return Mistake.MISSING
    if len(sent) > 1 or not sent[0].isdigit():
        return Mistake.WRONG
    day = int(sent[0])
    free = days(part["settings"].get("free", ""))
    right = days(part["settings"].get("right", "")) or free
    if day not in free:
        return Mistake.TAKEN
    return None if day in right else Mistake.WRONG


def _judge_field(part: Mapping[str, Any], entry: str) -> Mistake | None:
    if not entry:
        return Mistake.MISSING
    return None if meets_rules(rules(part["settings"].get("rule", "")), entry) else Mistake.RULE


def next_screen(screens: Sequence[Mapping[str, Any]], current: str, goto: str | None) -> str | None:
    """Where the learner goes after doing *current* right: the option's screen, the next one, or
    None when the practice ends here."""
    if goto is not None:
        return goto
    ids = [screen["id"] for screen in screens]
    position = ids.index(current)
    screen = screens[position]
    if any(part["kind"] == "confirmation" for part in screen["parts"]):
        return None
    return ids[position + 1] if position + 1 < len(ids) else None


#: After this many wrong tries on a screen the page shows the answer: never a dead end.
TRIES_BEFORE_ANSWER = 2


def record_try(
    user: User, practice_id: int, screen: str, done: bool, now: datetime | None = None
) -> None:
    """Note one try of *user* on *screen*: a wrong one counts, a right one dates the screen done
    (the first time). Flushes; the caller commits. Two tries at once both count."""
    now = now or utcnow()
    key = {"user_id": user.id, "practice_id": practice_id, "screen": screen}
    insert_missing(PracticeStep, key, {"updated_at": now})
    step = (
        update(PracticeStep)
        .where(
            PracticeStep.user_id == user.id,
            PracticeStep.practice_id == practice_id,
            PracticeStep.screen == screen,
        )
        .values(updated_at=now)
    )
    if done:
        step = step.where(PracticeStep.done_at.is_(None)).values(done_at=now)
    else:
        step = step.values(wrong_tries=PracticeStep.wrong_tries + 1)
    db.session.execute(step)
    db.session.flush()


@dataclass(frozen=True)
class StepState:
    """How a learner's try of a screen stands: wrong tries so far, and whether it was done."""

    wrong: int
    done: bool


def steps(user: User, practice_id: int) -> dict[str, StepState]:
    """screen → how *user* stands on it in this practice, for the screens they tried (one query)."""
    rows = db.session.execute(
        select(PracticeStep.screen, PracticeStep.wrong_tries, PracticeStep.done_at).where(
            PracticeStep.user_id == user.id, PracticeStep.practice_id == practice_id
        )
    )
    return {row.screen: StepState(row.wrong_tries, row.done_at is not None) for row in rows}


def complete(user: User, practice: PracticeRef, now: datetime | None = None) -> bool:
    """*user* finished *practice*: it counts towards its course like a lesson (enrolling if
    needed); finishing again keeps the first date. True when this completes the course. Flushes."""
    enrollment = progress.enroll_in(user, practice.course_id)
    insert_missing(
        PracticeCompletion,
        {"user_id": user.id, "practice_id": practice.id},
        {"done_at": now or utcnow()},
    )
    return progress.complete_if_all_done(user, enrollment)


def merge_guest_practices(user: User, practice_ids: list[int]) -> int:
    """Carry the practices a visitor finished before signing in into *user*'s account; how many
    were new to it."""
    practices = db.session.scalars(
        select(Practice).where(Practice.id.in_(practice_ids), Practice.retired_at.is_(None))
    ).all()
    already = progress.finished_practices(user, [practice.id for practice in practices])
    for practice in practices:
        if practice.id not in already:
            complete(user, practice)
    return len(practices) - len(already)


def count_screen(
    practice_id: int,
    screen: str,
    city: str,
    *,
    first_try: bool,
    first_wrong: bool,
    done: bool,
    now: datetime | None = None,
) -> None:
    """Add one run's step to the anonymous counts of a screen (PracticeScreenCount): a first try
    of it, its first wrong try (the hint is shown), its being done. Flushes."""
    if not (first_try or first_wrong or done):
        return
    month = f"{(now or utcnow()):%Y-%m}"
    key = {"practice_id": practice_id, "screen": screen, "month": month, "city": city}
    insert_missing(PracticeScreenCount, key)
    db.session.execute(
        update(PracticeScreenCount)
        .where(
            PracticeScreenCount.practice_id == practice_id,
            PracticeScreenCount.screen == screen,
            PracticeScreenCount.month == month,
            PracticeScreenCount.city == city,
        )
        .values(
            tried=PracticeScreenCount.tried + int(first_try),
            needed_hint=PracticeScreenCount.needed_hint + int(first_wrong),
            done=PracticeScreenCount.done + int(done),
        )
    )
    db.session.flush()


def start_over(user: User, practice_id: int) -> None:
    """ "Try again": the screens' tries go, the completion stays. Flushes."""
    db.session.execute(
        delete(PracticeStep).where(
            PracticeStep.user_id == user.id, PracticeStep.practice_id == practice_id
        )
    )
    db.session.flush()
