"""The learner's own data: everything we hold about them, and deleting it (GDPR Art. 15, 17, 20).

Deleting an account removes the person at once. What they did survives only as counts in
AnonymousCount (for the statistics and the city reports); their seminar seats go to the waitlist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import (
    AnonymousCount,
    Attendance,
    BarrierReport,
    CheckAnswer,
    City,
    CountKind,
    Course,
    Enrollment,
    GroupLeader,
    GroupMember,
    LearningGroup,
    Lesson,
    LessonProgress,
    OutboxMessage,
    Practice,
    PracticeCompletion,
    PracticeStep,
    Registration,
    RegistrationStatus,
    Seminar,
    StaffAction,
    User,
    utcnow,
)
from app.seminars.mail import MAIL_KINDS
from app.seminars.services import cancel_registration


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_data(user: User) -> dict:
    """Everything the platform holds about *user*, as one JSON-ready dictionary."""
    enrollments = db.session.scalars(
        select(Enrollment)
        .where(Enrollment.user_id == user.id)
        .options(joinedload(Enrollment.course))
        .order_by(Enrollment.enrolled_at)
    ).all()
    progress = db.session.scalars(
        select(LessonProgress)
        .where(LessonProgress.user_id == user.id)
        .order_by(LessonProgress.done_at)
    ).all()
    answers = db.session.scalars(
        select(CheckAnswer).where(CheckAnswer.user_id == user.id).order_by(CheckAnswer.answered_at)
    ).all()
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.user_id == user.id)
        .options(joinedload(Registration.seminar).joinedload(Seminar.venue))
        .order_by(Registration.created_at)
    ).all()
    # Only the lessons this person touched, to name them by course and lesson.
    lesson_ids = {p.lesson_id for p in progress} | {a.lesson_id for a in answers}
    lessons = {
        lesson.id: lesson
        for lesson in db.session.scalars(
            select(Lesson).where(Lesson.id.in_(lesson_ids)).options(joinedload(Lesson.course))
        )
    }
    reports = db.session.scalars(
        select(BarrierReport)
        .where(BarrierReport.user_id == user.id)
        .order_by(BarrierReport.created_at)
    ).all()
    staff_actions = db.session.scalars(
        select(StaffAction)
        .where(StaffAction.subject_id == user.id)
        .options(joinedload(StaffAction.actor_city))
        .order_by(StaffAction.created_at)
    ).all()

    practice_rows = db.session.execute(
        select(PracticeStep, Practice.slug, Course.slug.label("course"))
        .join(Practice, Practice.id == PracticeStep.practice_id)
        .join(Course, Course.id == Practice.course_id)
        .where(PracticeStep.user_id == user.id)
        .order_by(PracticeStep.updated_at)
    ).all()
    practices_done = db.session.execute(
        select(PracticeCompletion.done_at, Practice.slug, Course.slug.label("course"))
        .join(Practice, Practice.id == PracticeCompletion.practice_id)
        .join(Course, Course.id == Practice.course_id)
        .where(PracticeCompletion.user_id == user.id)
        .order_by(PracticeCompletion.done_at)
    ).all()

    groups = db.session.execute(
        select(GroupMember, LearningGroup.name, City.slug.label("city"))
        .join(LearningGroup, LearningGroup.id == GroupMember.group_id)
        .join(City, City.id == LearningGroup.city_id)
        .where(GroupMember.user_id == user.id)
        .order_by(GroupMember.created_at)
    ).all()
    groups_run = db.session.execute(
        select(LearningGroup.name, City.slug.label("city"))
        .join(GroupLeader, GroupLeader.group_id == LearningGroup.id)
        .join(City, City.id == LearningGroup.city_id)
        .where(GroupLeader.user_id == user.id)
        .order_by(LearningGroup.created_at)
    ).all()

    def lesson_ref(lesson_id: int) -> dict:
        lesson = lessons.get(lesson_id)
        if lesson is None:
            return {"course": None, "lesson": None}
        return {"course": lesson.course.slug, "lesson": lesson.slug}

    return {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "role": user.role.value,
            "language": user.language,
            "second_language": user.second_language,
            "city": user.city.slug if user.city else None,
            "created_at": _iso(user.created_at),
            "has_unused_start_code": user.start_code_hash is not None,
        },
        "enrollments": [
            {
                "course": e.course.slug,
                "enrolled_at": _iso(e.enrolled_at),
                "completed_at": _iso(e.completed_at),
            }
            for e in enrollments
        ],
        "lessons_done": [{**lesson_ref(p.lesson_id), "done_at": _iso(p.done_at)} for p in progress],
        "self_check_answers": [
            {
                **lesson_ref(a.lesson_id),
                "check": a.position,
                "choices": a.choices,
                "correct": a.correct,
                "wrong_tries": a.wrong_tries,
                "answered_at": _iso(a.answered_at),
            }
            for a in answers
        ],
        "practice_screens": [
            {
                "course": row.course,
                "practice": row.slug,
                "screen": row.PracticeStep.screen,
                "wrong_tries": row.PracticeStep.wrong_tries,
                "done_at": _iso(row.PracticeStep.done_at),
            }
            for row in practice_rows
        ],
        "practices_done": [
            {"course": row.course, "practice": row.slug, "done_at": _iso(row.done_at)}
            for row in practices_done
        ],
        "seminar_registrations": [
            {
                "seminar": r.seminar.title,
                "starts_at": _iso(r.seminar.starts_at),
                "venue": r.seminar.venue.name,
                "status": r.status.value,
                "attendance": r.attendance.value if r.attendance else None,
                "registered_at": _iso(r.created_at),
            }
            for r in registrations
        ],
        "barrier_reports": [
            {
                "page": r.page,
                "message": r.message,
                "contact": r.contact,
                "created_at": _iso(r.created_at),
            }
            for r in reports
        ],
        # Learning groups: their leaders see progress only where you agreed ("agreed_at").
        "learning_groups": [
            {
                "group": row.name,
                "city": row.city,
                "added_by_a_leader": row.GroupMember.added_by_id is not None,
                "since": _iso(row.GroupMember.created_at),
                "agreed_at": _iso(row.GroupMember.consented_at),
            }
            for row in groups
        ],
        "learning_groups_you_run": [{"group": row.name, "city": row.city} for row in groups_run],
        # Who helped with the account, by role and city (the staff member's name is theirs).
        "login_cards_printed_by_staff": [
            {
                "printed_at": _iso(a.created_at),
                "by_role": a.actor_role.value,
                "by_city": a.actor_city.slug if a.actor_city else None,
                "shown_to_you_at": _iso(a.seen_at),
            }
            for a in staff_actions
        ],
    }


def _month(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def _add_counts(keys: Iterable[tuple[CountKind, str, str, str, str]]) -> None:
    """Add one to each (kind, month, course, language, city) count: one query for the existing rows."""
    wanted = Counter(keys)
    if not wanted:
        return
    columns = (
        AnonymousCount.kind,
        AnonymousCount.month,
        AnonymousCount.course,
        AnonymousCount.language,
        AnonymousCount.city,
    )
    existing = {
        (row.kind, row.month, row.course, row.language, row.city): row
        for row in db.session.scalars(select(AnonymousCount).where(tuple_(*columns).in_(wanted)))
    }
    for key, count in wanted.items():
        row = existing.get(key)
        if row is None:
            kind, month, course, language, city = key
            db.session.add(
                AnonymousCount(
                    kind=kind, month=month, course=course, language=language, city=city, count=count
                )
            )
        else:
            row.count += count
    db.session.flush()


def delete_account(user: User) -> None:
    """Remove the person now; keep what they did only as anonymous counts. Flushes; caller commits."""
    now = utcnow()
    language = user.language or "unknown"
    city = user.city.slug if user.city else "unknown"
    counts = []
    for enrollment in db.session.scalars(
        select(Enrollment)
        .where(Enrollment.user_id == user.id)
        .options(joinedload(Enrollment.course))
    ):
        slug = enrollment.course.slug
        counts.append((CountKind.ENROLLMENT, _month(enrollment.enrolled_at), slug, language, city))
        if enrollment.completed_at is not None:
            counts.append(
                (CountKind.COMPLETION, _month(enrollment.completed_at), slug, language, city)
            )
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.user_id == user.id)
        .options(
            joinedload(Registration.seminar).options(
                joinedload(Seminar.city), joinedload(Seminar.course)
            )
        )
    ).all()
    for registration in registrations:
        seminar = registration.seminar
        if registration.attendance is not None:
            kind = (
                CountKind.ATTENDANCE
                if registration.attendance is Attendance.ATTENDED
                else CountKind.NO_SHOW
            )
            course = seminar.course.slug if seminar.course else "none"
            counts.append(
                (kind, _month(seminar.starts_at), course, seminar.language, seminar.city.slug)
            )
        if registration.status is not RegistrationStatus.CANCELLED and seminar.starts_at > now:
            # The seat goes to the first person waiting (who is told by e-mail).
            cancel_registration(registration.id, now=now)
    _add_counts(counts)
    db.session.flush()
    db.session.execute(delete(Registration).where(Registration.user_id == user.id))
    # Leaders of their groups see nothing of them from now on.
    db.session.execute(delete(GroupMember).where(GroupMember.user_id == user.id))
    db.session.execute(delete(GroupLeader).where(GroupLeader.user_id == user.id))
    db.session.execute(delete(CheckAnswer).where(CheckAnswer.user_id == user.id))
    db.session.execute(delete(PracticeStep).where(PracticeStep.user_id == user.id))
    db.session.execute(delete(PracticeCompletion).where(PracticeCompletion.user_id == user.id))
    db.session.execute(delete(LessonProgress).where(LessonProgress.user_id == user.id))
    db.session.execute(delete(Enrollment).where(Enrollment.user_id == user.id))
    db.session.execute(
        update(BarrierReport)
        .where(BarrierReport.user_id == user.id)
        .values(user_id=None, contact=None)
    )
    _delete_mail(user, [registration.id for registration in registrations])
    db.session.delete(user)
    db.session.flush()


def _delete_mail(user: User, registration_ids: list[int]) -> None:
    """The e-mails to this person, sent or not: about their registrations, or to them as an admin.

    Matched by the outbox key as well as the address, since people may share an address.
    """
    if not user.email:
        return
    ids = {str(registration_id) for registration_id in registration_ids}
    for message in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == user.email)
    ):
        parts = message.idempotency_key.split(":")
        about_registration = len(parts) >= 2 and parts[0] in MAIL_KINDS and parts[1] in ids
        to_admin = parts[0] == "barrier-report" and parts[-1] == str(user.id)
        if about_registration or to_admin:
            db.session.delete(message)
