"""The leaders' view of a group: per course a table of members × lessons and practices, who has
not been active for a while, and where people get stuck.

Built from the kept course outlines (titles in the reader's languages) and `services.progress_of`
(four queries for all members). Only members who agreed are in it; an invited person is listed by
name with nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from app.content import reading
from app.groups.services import (
    STUCK_AFTER,
    MemberProgress,
    is_inactive,
    progress_of,
)
from app.models import GroupMember, LearningGroup, utcnow

State = Literal["done", "started", "open"]


@dataclass(frozen=True)
class Column:
    """A lesson or a practice of a course, in the course's order."""

    kind: Literal["lesson", "practice"]
    id: int
    slug: str
    title: str
    language: str


@dataclass(frozen=True)
class Cell:
    state: State
    done_at: datetime | None
    #: Several wrong tries on a self-check of the lesson or a step of the practice.
    stuck: bool


@dataclass(frozen=True)
class Row:
    member: GroupMember
    cells: tuple[Cell, ...]

    @property
    def done(self) -> int:
        return sum(cell.state == "done" for cell in self.cells)


@dataclass(frozen=True)
class CourseTable:
    slug: str
    title: str
    language: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class MemberLine:
    member: GroupMember
    last_active: datetime | None
    inactive: bool


@dataclass(frozen=True)
class StuckPoint:
    """A self-check or practice step on which members needed several tries."""

    course: str
    #: The lesson or practice, and the question or screen in it.
    place: Column
    what: str
    language: str
    people: tuple[str, ...]


@dataclass(frozen=True)
class GroupView:
    tables: tuple[CourseTable, ...]
    members: tuple[MemberLine, ...]
    invited: tuple[GroupMember, ...]
    stuck: tuple[StuckPoint, ...]


def name_of(member: GroupMember) -> str:
    return member.user.display_name or member.user.username


def _columns(detail: reading.CourseDetail, languages: list[str]) -> list[Column]:
    """Lessons in order, each practice after the lesson it follows (or at the end)."""
    following, rest = reading.practices_by_lesson(
        detail, reading.course_practices(detail.course.id, languages)
    )
    columns: list[Column] = []
    for entry in detail.lessons:
        columns.append(
            Column(
                "lesson", entry.lesson.id, entry.lesson.slug, entry.text.title, entry.text.language
            )
        )
        columns.extend(_practice_column(p) for p in following.get(entry.lesson.id, ()))
    columns.extend(_practice_column(p) for p in rest)
    return columns


def _practice_column(practice: reading.PracticeInfo) -> Column:
    return Column("practice", practice.id, practice.slug, practice.title, practice.language)


def _cell(column: Column, progress: MemberProgress) -> Cell:
    if column.kind == "lesson":
        done = progress.lessons_done.get(column.id)
        stuck = any(
            tries >= STUCK_AFTER
            for (lesson_id, _), tries in progress.check_tries.items()
            if lesson_id == column.id
        )
        return Cell("done" if done else "open", done, stuck)
    done = progress.practices_done.get(column.id)
    stuck = any(
        tries >= STUCK_AFTER
        for (practice_id, _), tries in progress.step_tries.items()
        if practice_id == column.id
    )
    started = bool(progress.practice_steps.get(column.id)) or any(
        practice_id == column.id for practice_id, _ in progress.step_tries
    )
    return Cell("done" if done else "started" if started else "open", done, stuck)


def _stuck_points(
    detail: reading.CourseDetail,
    columns: Sequence[Column],
    agreed: Sequence[GroupMember],
    progress: dict[int, MemberProgress],
    languages: list[str],
) -> list[StuckPoint]:
    points: list[StuckPoint] = []
    for column in columns:
        people: dict[object, list[str]] = {}
        for member in agreed:
            mine = progress[member.user_id]
            tries = mine.check_tries if column.kind == "lesson" else mine.step_tries
            for (owner, where), count in tries.items():
                if owner == column.id and count >= STUCK_AFTER:
                    people.setdefault(where, []).append(name_of(member))
        if not people:
            continue
        names = _place_names(column, detail, languages)
        points.extend(
            StuckPoint(
                detail.text.title, column, names.get(where, str(where)), column.language, tuple(who)
            )
            for where, who in people.items()
        )
    return points


def _place_names(
    column: Column, detail: reading.CourseDetail, languages: list[str]
) -> dict[object, str]:
    """Self-check position → its question, or screen id → the screen's title (kept texts)."""
    if column.kind == "practice":
        practice = reading.practice_detail(detail.course.id, column.slug, languages)
        return {screen["id"]: screen["title"] for screen in practice.screens}
    entry = next(e for e in detail.lessons if e.lesson.id == column.id)
    checks = reading.lesson_body(entry.text).checks
    return {position: check["question"] for position, check in enumerate(checks, start=1)}


def group_view(
    group: LearningGroup,
    members: Sequence[GroupMember],
    languages: list[str],
    now: datetime | None = None,
) -> GroupView:
    now = now or utcnow()
    agreed = [m for m in members if m.consented_at is not None]
    details = []
    for group_course in group.courses:
        try:
            details.append(reading.course_detail(group_course.course.slug, languages))
        except reading.NotFound:
            continue  # retired since the group chose it
    progress = progress_of([m.user_id for m in agreed], [d.course.id for d in details])
    tables, stuck = [], []
    for detail in details:
        columns = _columns(detail, languages)
        rows = tuple(Row(m, tuple(_cell(c, progress[m.user_id]) for c in columns)) for m in agreed)
        tables.append(
            CourseTable(
                detail.course.slug, detail.text.title, detail.text.language, tuple(columns), rows
            )
        )
        stuck.extend(_stuck_points(detail, columns, agreed, progress, languages))
    lines = tuple(
        MemberLine(
            m,
            progress[m.user_id].last_active if m.user_id in progress else None,
            m.user_id in progress and is_inactive(progress[m.user_id], m.consented_at or now, now),
        )
        for m in agreed
    )
    stuck.sort(key=lambda point: -len(point.people))
    return GroupView(
        tuple(tables),
        lines,
        tuple(m for m in members if m.consented_at is None),
        tuple(stuck),
    )
