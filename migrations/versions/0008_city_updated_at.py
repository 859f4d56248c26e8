"""city updated_at: the content version sees changes to city profiles

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 17:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    # Empty for existing cities until their next change; the version also counts the cities.
    with op.batch_alter_table("city", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("city", schema=None) as batch_op:
        batch_op.drop_column("updated_at")
