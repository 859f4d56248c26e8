"""practices: guided screens like an e-service, written by authors, and each learner's way through them; a course's sources

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:53:19.053594

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("after_lesson_id", sa.Integer(), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["after_lesson_id"], ["lesson.id"], name=op.f("fk_practice_after_lesson_id_lesson")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_practice_course_id_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice")),
        sa.UniqueConstraint("course_id", "slug", name=op.f("uq_practice_course_id_slug")),
    )
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_course_id"), ["course_id"], unique=False)

    op.create_table(
        "practice_completion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_practice_completion_practice_id_practice"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_practice_completion_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_completion")),
        sa.UniqueConstraint(
            "user_id", "practice_id", name=op.f("uq_practice_completion_user_id_practice_id")
        ),
    )
    with op.batch_alter_table("practice_completion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_completion_practice_id"), ["practice_id"], unique=False
        )

    op.create_table(
        "practice_screen_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("screen", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("city", sa.String(length=40), nullable=False),
        sa.Column("tried", sa.Integer(), nullable=False),
        sa.Column("needed_hint", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_practice_screen_count_practice_id_practice"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_screen_count")),
        sa.UniqueConstraint(
            "practice_id",
            "screen",
            "month",
            "city",
            name=op.f("uq_practice_screen_count_practice_id_screen_month_city"),
        ),
    )
    op.create_table(
        "practice_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("screen", sa.String(length=40), nullable=False),
        sa.Column("wrong_tries", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_practice_step_practice_id_practice")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_practice_step_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_step")),
        sa.UniqueConstraint(
            "user_id",
            "practice_id",
            "screen",
            name=op.f("uq_practice_step_user_id_practice_id_screen"),
        ),
    )
    with op.batch_alter_table("practice_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_practice_step_practice_id"), ["practice_id"], unique=False
        )

    op.create_table(
        "practice_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("intro_html", sa.Text(), nullable=False),
        sa.Column("screens", sa.JSON(), nullable=False),
        sa.Column("file_hash", sa.String(length=12), nullable=False),
        sa.Column("content_hash", sa.String(length=12), nullable=False),
        sa.Column("source_hash", sa.String(length=12), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_practice_text_practice_id_practice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_text")),
        sa.UniqueConstraint(
            "practice_id", "language", name=op.f("uq_practice_text_practice_id_language")
        ),
    )
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sources", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_column("sources")

    op.drop_table("practice_text")
    with op.batch_alter_table("practice_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_step_practice_id"))

    op.drop_table("practice_step")
    op.drop_table("practice_screen_count")
    with op.batch_alter_table("practice_completion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_completion_practice_id"))

    op.drop_table("practice_completion")
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_course_id"))

    op.drop_table("practice")
