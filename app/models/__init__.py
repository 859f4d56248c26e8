"""Typed SQLAlchemy 2.0 models, one module per area; import them from here.

Content tables (City, Course, CourseText, Lesson, LessonText, Practice, PracticeText, SourceVersion,
SitePage) are written only by
the importer in app/content; everything people do lives in the other tables.
"""

from app.models.base import UTCDateTime, enum_type, utcnow
from app.models.content import (
    ContentRevision,
    Course,
    CourseImage,
    CourseText,
    Lesson,
    LessonText,
    Practice,
    PracticeText,
    SitePage,
    SourceVersion,
)
from app.models.feedback import BarrierReport
from app.models.groups import GroupCourse, GroupLeader, GroupMember, LearningGroup
from app.models.learning import (
    CheckAnswer,
    Enrollment,
    LessonProgress,
    PracticeCompletion,
    PracticeStep,
)
from app.models.outbox import OutboxMessage
from app.models.people import City, Role, SignIn, StaffAction, StaffActionKind, User
from app.models.seminars import (
    Attendance,
    Registration,
    RegistrationStatus,
    Seminar,
    SeminarStatus,
    Venue,
)
from app.models.statistics import AnonymousCount, CountKind, PracticeScreenCount

__all__ = [
    "GroupCourse",
    "GroupLeader",
    "GroupMember",
    "LearningGroup",
    "PracticeCompletion",
    "PracticeScreenCount",
    "PracticeStep",
    "Practice",
    "PracticeText",
    "AnonymousCount",
    "CountKind",
    "Attendance",
    "BarrierReport",
    "OutboxMessage",
    "Registration",
    "RegistrationStatus",
    "Seminar",
    "SeminarStatus",
    "SitePage",
    "Venue",
    "CheckAnswer",
    "City",
    "ContentRevision",
    "Course",
    "CourseImage",
    "CourseText",
    "Enrollment",
    "Lesson",
    "LessonProgress",
    "LessonText",
    "Role",
    "SignIn",
    "StaffAction",
    "StaffActionKind",
    "SourceVersion",
    "UTCDateTime",
    "User",
    "enum_type",
    "utcnow",
]
