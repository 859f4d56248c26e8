"""venue language: the language a trainer wrote the directions to a venue in

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 05:06:58.980803

Existing venues' directions were written in German, the cities' working language.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("venue", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=12), server_default="de", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("venue", schema=None) as batch_op:
        batch_op.drop_column("language")
