"""Learning groups: a trainer or helper and the residents who learn beside them.

A member's progress is shown to the group's leaders only once the member agreed (`consented_at`);
a person a leader added sees an invitation and decides. Leaving deletes the row, and with it
everything the leaders could see.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.content import Course
from app.models.people import City, User
from app.models.seminars import Seminar


class LearningGroup(Model):
    __tablename__ = "learning_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The leader's city: the city admins who see the group, and the reports it counts in.
    city_id: Mapped[int] = mapped_column(ForeignKey("city.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    #: Six letters and digits without look-alikes (no 0/O, 1/I/l): read aloud, typed on a phone.
    code: Mapped[str] = mapped_column(String(12), unique=True)
    #: When and where the group meets, in the leader's words ("Tuesdays 10–12, city library").
    meets: Mapped[str] = mapped_column(String(200), default="")
    seminar_id: Mapped[int | None] = mapped_column(
        ForeignKey("seminar.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    city: Mapped[City] = relationship()
    seminar: Mapped[Seminar | None] = relationship()
    courses: Mapped[list[GroupCourse]] = relationship(
        cascade="all, delete-orphan", order_by="GroupCourse.position"
    )
    leaders: Mapped[list[GroupLeader]] = relationship(cascade="all, delete-orphan")


class GroupCourse(Model):
    __tablename__ = "group_course"
    __table_args__ = (UniqueConstraint("group_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("learning_group.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    course: Mapped[Course] = relationship()


class GroupLeader(Model):
    """A trainer or helper who runs the group and sees its members' progress."""

    __tablename__ = "group_leader"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("learning_group.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    user: Mapped[User] = relationship()


class GroupMember(Model):
    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("learning_group.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: Who added them, when a leader did (None when they joined with the code themselves).
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the member agreed that the leaders see their progress; None: invited, not yet agreed.
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group: Mapped[LearningGroup] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
