"""content revision and course images: an import shows on every server at once

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 05:21:14.564082

The revision starts at 1; the next `flask courses import` stores the course images (until then the
images of a lesson are missing, so run the import right after this migration, as `make` does).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    revision_table = op.create_table(
        "content_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_revision")),
    )
    op.bulk_insert(revision_table, [{"id": 1, "number": 1, "changed_at": datetime.now(UTC)}])
    op.create_table(
        "course_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("mimetype", sa.String(length=40), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_course_image_course_id_course")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_image")),
        sa.UniqueConstraint("course_id", "path", name=op.f("uq_course_image_course_id_path")),
    )


def downgrade():
    op.drop_table("course_image")
    op.drop_table("content_revision")
