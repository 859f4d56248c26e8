"""seminar list in start order: an index, so a page reads ten rows instead of sorting them all

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 17:15:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    # Measured at city scale (5,005 seminars): the first page of every city's seminars went from
    # a 3.5 ms sort of all upcoming seminars to 0.8 ms reading the first ten (EXPLAIN ANALYZE).
    op.create_index("ix_seminar_starts", "seminar", ["starts_at", "id"], unique=False)


def downgrade():
    op.drop_index("ix_seminar_starts", table_name="seminar")
