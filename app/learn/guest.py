"""Progress of visitors without an account, kept in the signed session cookie.

It moves into the account when the visitor signs up or signs in (services.merge_guest_progress).
"""

from __future__ import annotations

from flask import session

from app.edge import whole_number

KEY = "guest_progress"
#: The session is a cookie (4 KB at most); a guest who does more than this should sign up.
MAX_LESSONS = 200


def _store() -> dict:
    return session.get(KEY) or {"done": [], "answers": {}}


def done_ids() -> set[int]:
    return set(_store()["done"])


def mark_done(lesson_id: int) -> None:
    store = _store()
    if lesson_id not in store["done"] and len(store["done"]) < MAX_LESSONS:
        store["done"].append(lesson_id)
    session[KEY] = store


def answers(lesson_id: int) -> dict[int, list[int]]:
    prefix = f"{lesson_id}:"
    return {
        int(key.removeprefix(prefix)): choices
        for key, choices in _store()["answers"].items()
        if key.startswith(prefix)
    }


def record_answer(lesson_id: int, position: int, choices: list[int]) -> None:
    store = _store()
    if len(store["answers"]) < MAX_LESSONS:
        store["answers"][f"{lesson_id}:{position}"] = sorted(set(choices))
    session[KEY] = store


def pop() -> tuple[list[int], dict[tuple[int, int], list[int]]]:
    """Take the guest progress out of the session (to move it into an account): the lessons done,
    and the self-check answers by (lesson id, position)."""
    store = session.pop(KEY, None) or {"done": [], "answers": {}}
    answers = {}
    for key, choices in dict(store["answers"]).items():
        lesson_id, _, position = (whole_number(part) for part in key.partition(":"))
        if lesson_id is not None and position is not None:
            answers[(lesson_id, position)] = choices
    return list(store["done"]), answers
