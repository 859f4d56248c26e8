"""Progress of visitors without an account, kept in the signed session cookie.

It moves into the account when the visitor signs up or signs in (services.merge_guest_progress).
"""

from __future__ import annotations

from flask import session

from app.edge import whole_number
from app.learn.practising import StepState

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


#: A visitor's way through practices: practice id → {"tries": {screen: [wrong tries, done]},
#: "done": finished}.
PRACTICES_KEY = "guest_practices"
#: Practices a visitor's cookie keeps (the oldest goes first).
MAX_PRACTICES = 12


def _practices() -> dict:
    return session.get(PRACTICES_KEY) or {}


def practice_steps(practice_id: int) -> dict[str, StepState]:
    """screen → how the visitor stands on it in this practice, for the screens they tried."""
    tries = _practices().get(str(practice_id), {}).get("tries", {})
    return {screen: StepState(int(wrong), bool(done)) for screen, (wrong, done) in tries.items()}


def record_practice_try(practice_id: int, screen: str, done: bool) -> None:
    practices = _practices()
    way = practices.pop(str(practice_id), {"tries": {}, "done": False})
    wrong, was_done = way["tries"].get(screen, [0, False])
    way["tries"][screen] = [wrong + (0 if done else 1), was_done or done]
    practices[str(practice_id)] = way  # the newest last
    while len(practices) > MAX_PRACTICES:
        practices.pop(next(iter(practices)))
    session[PRACTICES_KEY] = practices


def finish_practice(practice_id: int) -> None:
    practices = _practices()
    way = practices.setdefault(str(practice_id), {"tries": {}, "done": False})
    way["done"] = True
    session[PRACTICES_KEY] = practices


def practice_done(practice_id: int) -> bool:
    return bool(_practices().get(str(practice_id), {}).get("done"))


def finished_practices() -> set[int]:
    """The practices the visitor has finished."""
    return {
        practice_id
        for key, way in _practices().items()
        if way.get("done") and (practice_id := whole_number(key)) is not None
    }


def start_practice_over(practice_id: int) -> None:
    practices = _practices()
    if str(practice_id) in practices:
        practices[str(practice_id)]["tries"] = {}
        session[PRACTICES_KEY] = practices


def pop_practices() -> list[int]:
    """Take the visitor's finished practices out of the session (to move them into an account)."""
    finished = finished_practices()
    session.pop(PRACTICES_KEY, None)
    return sorted(finished)
