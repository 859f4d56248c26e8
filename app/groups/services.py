"""Learning groups: creating them, joining with a code, consent, and the leaders' view of progress.

Who sees a group: its leaders (the trainers and helpers who run it), the admins of its city, and
global admins (`may_see`). What they see of a member: only what the member agreed to
(`WHAT_LEADERS_SEE`), and only while the member is in the group with consent. Plain functions
with explicit arguments; they flush, the caller commits.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.roles import GROUP_ROLES, has_role, is_global_admin
from app.errors import ServiceError
from app.extensions import db
from app.models import (
    CheckAnswer,
    Course,
    GroupCourse,
    GroupLeader,
    GroupMember,
    LearningGroup,
    Lesson,
    LessonProgress,
    Practice,
    PracticeCompletion,
    PracticeStep,
    Role,
    Seminar,
    User,
    utcnow,
)
from app.models.people import normalise_username
from app.sql import insert_missing

#: Letters and digits of a join code: none that look alike when printed or read aloud (no 0/O,
#: 1/I/L), none that are hard to type on a phone keyboard.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
#: A member who did nothing in the group's courses for this long is shown as "not active".
INACTIVE_AFTER = timedelta(days=14)
#: Wrong tries on one self-check or practice step from which a member counts as stuck there.
STUCK_AFTER = 2
#: How many courses one group works on, at most (the progress view shows a table for each).
MAX_COURSES = 8


class GroupError(ServiceError):
    """The change is not allowed or makes no sense; nothing was changed."""


def new_code() -> str:
    """A fresh join code no other group has."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(LearningGroup.id).where(LearningGroup.code == code)) is None:
            return code


def normalise_code(typed: str) -> str:
    """What someone typed, as a code: upper case, spaces and hyphens dropped (the sheet prints the
    code as "KDF 7QM")."""
    return re.sub(r"[^0-9A-Z]", "", typed.upper())


def spaced(code: str) -> str:
    """The code in two halves, as it is printed and read aloud."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


# --- who may do what -------------------------------------------------------------------------


def may_lead(user: User) -> bool:
    """Trainers and helpers of a city run groups; admins may too."""
    return has_role(user, *GROUP_ROLES) and (user.city_id is not None or is_global_admin(user))


def may_see(user: User, group: LearningGroup, leader_ids: set[int]) -> bool:
    """A group's leaders, its city's admins and global admins see it; nobody else."""
    if is_global_admin(user):
        return True
    if user.role is Role.ADMIN and user.city_id == group.city_id:
        return True
    return user.id in leader_ids and may_lead(user)


def visible_group(user: User, group_id: int) -> LearningGroup | None:
    """The group *user* may see, with its courses and leaders; None if it does not exist or is
    not theirs to see (the view answers both with 404: a group's existence is nobody's business)."""
    group = db.session.scalar(
        select(LearningGroup)
        .where(LearningGroup.id == group_id)
        .options(
            joinedload(LearningGroup.city),
            selectinload(LearningGroup.courses).joinedload(GroupCourse.course),
            selectinload(LearningGroup.leaders).joinedload(GroupLeader.user),
        )
    )
    if group is None or not may_see(user, group, {leader.user_id for leader in group.leaders}):
        return None
    return group


@dataclass(frozen=True)
class GroupSummary:
    group: LearningGroup
    members: int
    invited: int


def groups_for(user: User) -> list[GroupSummary]:
    """The groups *user* leads, or (admins) their city's groups, newest first, with head counts."""
    query = select(LearningGroup).options(
        joinedload(LearningGroup.city),
        selectinload(LearningGroup.leaders).joinedload(GroupLeader.user),
    )
    if is_global_admin(user):
        pass
    elif user.role is Role.ADMIN:
        query = query.where(LearningGroup.city_id == user.city_id)
    else:
        query = query.where(
            LearningGroup.id.in_(select(GroupLeader.group_id).where(GroupLeader.user_id == user.id))
        )
    groups = list(db.session.scalars(query.order_by(LearningGroup.created_at.desc())))
    counts: dict[tuple[int, bool], int] = {}
    if groups:
        rows = db.session.execute(
            select(
                GroupMember.group_id,
                GroupMember.consented_at.is_not(None).label("agreed"),
                func.count(),
            )
            .where(GroupMember.group_id.in_([g.id for g in groups]))
            .group_by(GroupMember.group_id, GroupMember.consented_at.is_not(None))
        )
        counts = {(row[0], bool(row[1])): row[2] for row in rows}
    return [
        GroupSummary(g, counts.get((g.id, True), 0), counts.get((g.id, False), 0)) for g in groups
    ]


# --- creating and changing a group ---------------------------------------------------------


@dataclass(frozen=True)
class GroupData:
    name: str
    course_ids: Sequence[int]
    meets: str = ""
    seminar_id: int | None = None
    #: A global admin's choice; everyone else's groups belong to their own city.
    city_id: int | None = None


def _check(actor: User, data: GroupData) -> int:
    """The city the group belongs to; raises if the data does not make a group."""
    city_id = actor.city_id if actor.city_id is not None else data.city_id
    if city_id is None:
        raise GroupError(_l("Choose the city the group meets in."), "city")
    course_ids = list(dict.fromkeys(data.course_ids))
    if not course_ids:
        raise GroupError(_l("Choose at least one course the group works on."), "courses")
    if len(course_ids) > MAX_COURSES:
        raise GroupError(_l("Choose at most %(num)s courses.", num=MAX_COURSES), "courses")
    found = db.session.scalar(
        select(func.count())
        .select_from(Course)
        .where(Course.id.in_(course_ids), Course.retired_at.is_(None))
    )
    if found != len(course_ids):
        raise GroupError(_l("Choose courses from the list."), "courses")
    if data.seminar_id is not None:
        seminar = db.session.get(Seminar, data.seminar_id)
        if seminar is None or seminar.city_id != city_id:
            raise GroupError(_l("Choose one of your city's seminars."), "seminar")
    return city_id


def create_group(actor: User, data: GroupData) -> LearningGroup:
    """A new group led by *actor*, with a fresh join code."""
    if not may_lead(actor):
        raise GroupError(_l("You cannot run groups."))
    city_id = _check(actor, data)
    group = LearningGroup(
        city_id=city_id,
        name=data.name,
        meets=data.meets,
        seminar_id=data.seminar_id,
        code=new_code(),
    )
    group.courses = [
        GroupCourse(course_id=course_id, position=index)
        for index, course_id in enumerate(dict.fromkeys(data.course_ids))
    ]
    group.leaders = [GroupLeader(user_id=actor.id)]
    db.session.add(group)
    db.session.flush()
    return group


def update_group(actor: User, group: LearningGroup, data: GroupData) -> None:
    """Change name, courses, meeting time or seminar (the city and the code stay)."""
    _check(actor, GroupData(data.name, data.course_ids, data.meets, data.seminar_id, group.city_id))
    group.name = data.name
    group.meets = data.meets
    group.seminar_id = data.seminar_id
    wanted = list(dict.fromkeys(data.course_ids))
    kept = {gc.course_id: gc for gc in group.courses}
    group.courses = [
        kept.get(course_id) or GroupCourse(course_id=course_id) for course_id in wanted
    ]
    for index, group_course in enumerate(group.courses):
        group_course.position = index
    db.session.flush()


def new_code_for(group: LearningGroup) -> str:
    """A new join code (the old one stops working: a sheet that went astray)."""
    group.code = new_code()
    db.session.flush()
    return group.code


def delete_group(group: LearningGroup) -> None:
    """The group ends: members, leaders and courses go with it; everyone's progress stays theirs."""
    db.session.delete(group)
    db.session.flush()


def add_leader(actor: User, group: LearningGroup, username: str) -> User:
    """Another trainer or helper of the group's city runs it too (and sees its members' progress)."""
    person = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if person is None or person.role not in GROUP_ROLES or person.city_id != group.city_id:
        raise GroupError(
            _l("Only a trainer or helper of %(city)s can run this group.", city=group.city.name),
            "username",
        )
    insert_missing(GroupLeader, {"group_id": group.id, "user_id": person.id})
    db.session.flush()
    return person


def remove_leader(actor: User, group: LearningGroup, user_id: int) -> None:
    """A leader stops running the group; the last one cannot (delete the group instead)."""
    leader_ids = {leader.user_id for leader in group.leaders}
    if user_id not in leader_ids:
        return
    if len(leader_ids) == 1:
        raise GroupError(_l("A group needs someone to run it. Delete the group instead."))
    db.session.execute(
        delete(GroupLeader).where(GroupLeader.group_id == group.id, GroupLeader.user_id == user_id)
    )
    db.session.flush()


# --- members ---------------------------------------------------------------------------------


def group_by_code(typed: str) -> LearningGroup | None:
    code = normalise_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.scalar(
        select(LearningGroup)
        .where(LearningGroup.code == code)
        .options(
            joinedload(LearningGroup.city),
            selectinload(LearningGroup.courses).joinedload(GroupCourse.course),
            selectinload(LearningGroup.leaders).joinedload(GroupLeader.user),
        )
    )


def membership(user: User, group_id: int) -> GroupMember | None:
    return db.session.scalar(
        select(GroupMember).where(GroupMember.group_id == group_id, GroupMember.user_id == user.id)
    )


def join(user: User, group: LearningGroup, now: datetime | None = None) -> None:
    """*user* joins *group* and agrees that its leaders see their progress (or accepts the
    invitation a leader sent). Joining twice changes nothing."""
    now = now or utcnow()
    insert_missing(GroupMember, {"group_id": group.id, "user_id": user.id}, {"created_at": now})
    member = membership(user, group.id)
    assert member is not None
    if member.consented_at is None:
        member.consented_at = now
    db.session.flush()


def leave(user: User, group_id: int) -> bool:
    """*user* leaves the group (or declines an invitation): their leaders see nothing from now on."""
    result = db.session.execute(
        delete(GroupMember).where(GroupMember.group_id == group_id, GroupMember.user_id == user.id)
    )
    db.session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def invite(actor: User, group: LearningGroup, username: str) -> User:
    """A leader adds someone by username (an account made with a login card has one too). The
    person is invited: nothing of theirs is shown until they agree."""
    person = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    if person is None:
        raise GroupError(
            _l(
                "There is no account with this username. For someone without an account, make one with a login card first."
            ),
            "username",
        )
    if person.id in {leader.user_id for leader in group.leaders}:
        raise GroupError(_l("This person runs the group."), "username")
    insert_missing(
        GroupMember,
        {"group_id": group.id, "user_id": person.id},
        {"added_by_id": actor.id, "created_at": utcnow()},
    )
    db.session.flush()
    return person


def remove_member(group: LearningGroup, user_id: int) -> None:
    """A leader takes someone out of the group (the person's own progress stays theirs)."""
    db.session.execute(
        delete(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == user_id)
    )
    db.session.flush()


@dataclass(frozen=True)
class Membership:
    group: LearningGroup
    member: GroupMember

    @property
    def agreed(self) -> bool:
        return self.member.consented_at is not None


def memberships(user: User) -> list[Membership]:
    """The groups *user* is in or invited to, with what they need to decide (one query)."""
    rows = db.session.execute(
        select(GroupMember, LearningGroup)
        .join(LearningGroup, LearningGroup.id == GroupMember.group_id)
        .where(GroupMember.user_id == user.id)
        .options(
            joinedload(LearningGroup.city),
            selectinload(LearningGroup.leaders).joinedload(GroupLeader.user),
            selectinload(LearningGroup.courses).joinedload(GroupCourse.course),
        )
        .order_by(GroupMember.created_at)
    )
    return [Membership(group, member) for member, group in rows]


def group_counts(user: User) -> tuple[int, int]:
    """How many groups *user* is in, and to how many they are invited (one query)."""
    rows = db.session.execute(
        select(GroupMember.consented_at.is_not(None), func.count())
        .where(GroupMember.user_id == user.id)
        .group_by(GroupMember.consented_at.is_not(None))
    )
    counts = {bool(agreed): count for agreed, count in rows}
    return counts.get(True, 0), counts.get(False, 0)


def members(group: LearningGroup) -> list[GroupMember]:
    """Everyone in the group or invited to it, by name."""
    return list(
        db.session.scalars(
            select(GroupMember)
            .join(User, User.id == GroupMember.user_id)
            .where(GroupMember.group_id == group.id)
            .options(joinedload(GroupMember.user))
            .order_by(func.lower(func.coalesce(User.display_name, User.username)), User.id)
        )
    )


# --- what the leaders see --------------------------------------------------------------------


@dataclass(frozen=True)
class MemberProgress:
    """What the leaders see of one member who agreed: no answers, no e-mail, no other groups."""

    lessons_done: dict[int, datetime]
    practices_done: dict[int, datetime]
    #: practice id → screens done (of the practice's screens).
    practice_steps: dict[int, int]
    #: (lesson id, self-check position) → wrong answers; (practice id, screen) → wrong tries.
    check_tries: dict[tuple[int, int], int]
    step_tries: dict[tuple[int, str], int]
    last_active: datetime | None


def progress_of(user_ids: list[int], course_ids: list[int]) -> dict[int, MemberProgress]:
    """user id → their progress in *course_ids*: four queries, whatever the number of members."""
    if not user_ids or not course_ids:
        return {}
    lessons: dict[int, dict[int, datetime]] = {uid: {} for uid in user_ids}
    for lesson in db.session.execute(
        select(LessonProgress.user_id, LessonProgress.lesson_id, LessonProgress.done_at)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.user_id.in_(user_ids), Lesson.course_id.in_(course_ids))
    ):
        lessons[lesson.user_id][lesson.lesson_id] = lesson.done_at
    practices: dict[int, dict[int, datetime]] = {uid: {} for uid in user_ids}
    for completion in db.session.execute(
        select(
            PracticeCompletion.user_id, PracticeCompletion.practice_id, PracticeCompletion.done_at
        )
        .join(Practice, Practice.id == PracticeCompletion.practice_id)
        .where(PracticeCompletion.user_id.in_(user_ids), Practice.course_id.in_(course_ids))
    ):
        practices[completion.user_id][completion.practice_id] = completion.done_at
    steps_done: dict[int, dict[int, int]] = {uid: {} for uid in user_ids}
    step_tries: dict[int, dict[tuple[int, str], int]] = {uid: {} for uid in user_ids}
    latest: dict[int, datetime] = {}
    for step in db.session.execute(
        select(
            PracticeStep.user_id,
            PracticeStep.practice_id,
            PracticeStep.screen,
            PracticeStep.wrong_tries,
            PracticeStep.done_at,
            PracticeStep.updated_at,
        )
        .join(Practice, Practice.id == PracticeStep.practice_id)
        .where(PracticeStep.user_id.in_(user_ids), Practice.course_id.in_(course_ids))
    ):
        if step.done_at is not None:
            done = steps_done[step.user_id]
            done[step.practice_id] = done.get(step.practice_id, 0) + 1
        if step.wrong_tries:
            step_tries[step.user_id][(step.practice_id, step.screen)] = step.wrong_tries
        latest[step.user_id] = max(latest.get(step.user_id, step.updated_at), step.updated_at)
    check_tries: dict[int, dict[tuple[int, int], int]] = {uid: {} for uid in user_ids}
    for answer in db.session.execute(
        select(
            CheckAnswer.user_id,
            CheckAnswer.lesson_id,
            CheckAnswer.position,
            CheckAnswer.wrong_tries,
            CheckAnswer.answered_at,
        )
        .join(Lesson, Lesson.id == CheckAnswer.lesson_id)
        .where(CheckAnswer.user_id.in_(user_ids), Lesson.course_id.in_(course_ids))
    ):
        if answer.wrong_tries:
            check_tries[answer.user_id][(answer.lesson_id, answer.position)] = answer.wrong_tries
        latest[answer.user_id] = max(
            latest.get(answer.user_id, answer.answered_at), answer.answered_at
        )
    result = {}
    for uid in user_ids:
        moments = [*lessons[uid].values(), *practices[uid].values()]
        if uid in latest:
            moments.append(latest[uid])
        result[uid] = MemberProgress(
            lessons_done=lessons[uid],
            practices_done=practices[uid],
            practice_steps=steps_done[uid],
            check_tries=check_tries[uid],
            step_tries=step_tries[uid],
            last_active=max(moments) if moments else None,
        )
    return result


def is_inactive(progress: MemberProgress, joined: datetime, now: datetime) -> bool:
    """Nothing done for INACTIVE_AFTER (counted from joining, for someone who has not started)."""
    last = progress.last_active or joined
    return now - max(last, joined) > INACTIVE_AFTER
