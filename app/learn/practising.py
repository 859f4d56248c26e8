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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import delete, select, update

from app.extensions import db
from app.models import PracticeCompletion, PracticeStep, User, utcnow
from app.sql import insert_missing

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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


def days(setting: str) -> set[int]:
    """The days a calendar setting lists ("3, 4, 10")."""
    return {int(day) for day in setting.split(",") if day.strip().isdigit()}


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


def rules(setting: str) -> dict[str, str]:
    """A field's rules ("required, digits 6") as name → value."""
    found = {}
    for rule in filter(None, (part.strip() for part in setting.split(","))):
        name, _, value = rule.partition(" ")
        found[name] = value.strip()
    return found


def _judge_field(part: Mapping[str, Any], entry: str) -> Mistake | None:
    wanted = rules(part["settings"].get("rule", ""))
    if not entry:
        return Mistake.MISSING
    if "email" in wanted and not EMAIL_RE.match(entry):
        return Mistake.RULE
    if "digits" in wanted and not (
        entry.isascii() and entry.isdigit() and len(entry) == int(wanted["digits"])
    ):
        return Mistake.RULE
    if "equals" in wanted and entry != wanted["equals"]:
        return Mistake.RULE
    return None


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


def wrong_tries(user: User, practice_id: int) -> dict[str, int]:
    """screen → wrong tries of *user* in this practice, for the screens they tried (one query)."""
    rows = db.session.execute(
        select(PracticeStep.screen, PracticeStep.wrong_tries).where(
            PracticeStep.user_id == user.id, PracticeStep.practice_id == practice_id
        )
    )
    return {row.screen: row.wrong_tries for row in rows}


def complete(user: User, practice_id: int, now: datetime | None = None) -> None:
    """*user* finished the practice; finishing again keeps the first date. Flushes."""
    insert_missing(
        PracticeCompletion,
        {"user_id": user.id, "practice_id": practice_id},
        {"done_at": now or utcnow()},
    )


def start_over(user: User, practice_id: int) -> None:
    """ "Try again": the screens' tries go, the completion stays. Flushes."""
    db.session.execute(
        delete(PracticeStep).where(
            PracticeStep.user_id == user.id, PracticeStep.practice_id == practice_id
        )
    )
    db.session.flush()


def completed_practices(user: User, practice_ids: list[int]) -> set[int]:
    """Which of *practice_ids* *user* has finished (one query)."""
    return set(
        db.session.scalars(
            select(PracticeCompletion.practice_id).where(
                PracticeCompletion.user_id == user.id,
                PracticeCompletion.practice_id.in_(practice_ids),
            )
        )
    )
